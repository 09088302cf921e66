/* aarch64/dwarf.c: DWARF register numbers of the AArch64 ABI (AADWARF64):
 * 0-30 x0-x30, 31 sp, 32 the pc (numbered only in recent editions; CFI never
 * names it: the return address column is 30, the link register). 64-95,
 * v0-v31, are not in pr_reg. */
#include "arch.h"

#define N(S) S "\0"
const struct arch_dwarf arch_aarch64_dwarf = {
	.sp = 31, .fp = 29, .ra = 30, .pc = 32, .nnames = 33,
	.names = N("x0") N("x1") N("x2") N("x3") N("x4") N("x5") N("x6") N("x7") N("x8") N("x9")
		N("x10") N("x11") N("x12") N("x13") N("x14") N("x15") N("x16") N("x17") N("x18")
		N("x19") N("x20") N("x21") N("x22") N("x23") N("x24") N("x25") N("x26") N("x27")
		N("x28") N("x29") N("x30") N("sp") N("pc"),
};
