/* armv7l/dwarf.c: DWARF register numbers of the 32-bit Arm ABI (AADWARF32):
 * 0-15 r0-r15 (13 sp, 14 lr, 15 pc); VFP's d0-d31, 256-287, are not in
 * pr_reg. The frame pointer is r11 in Arm code (r7 in Thumb code). */
#include "arch.h"

#define N(S) S "\0"
const struct arch_dwarf arch_armv7l_dwarf = {
	.sp = 13, .fp = 11, .ra = 14, .pc = 15, .thumb = 1, .nnames = 16,
	.names = N("r0") N("r1") N("r2") N("r3") N("r4") N("r5") N("r6") N("r7") N("r8")
		N("r9") N("r10") N("r11") N("r12") N("sp") N("lr") N("pc"),
};
