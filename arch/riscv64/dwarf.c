/* riscv64/dwarf.c: DWARF register numbers of the RISC-V psABI: 0-31 x0-x31
 * (x0, hardwired zero, has no slot in pr_reg), 32-63 f0-f31 (not in pr_reg).
 * The pc has no number: the return address column is 1, ra. */
#include "arch.h"

#define N(S) S "\0"
const struct arch_dwarf arch_riscv64_dwarf = {
	.sp = 2, .fp = 8, .ra = 1, .pc = ARCH_DWARF_NONE, .nnames = 32,
	.names = N("") N("ra") N("sp") N("gp") N("tp") N("t0") N("t1") N("t2") N("fp") N("s1")
		N("a0") N("a1") N("a2") N("a3") N("a4") N("a5") N("a6") N("a7") N("s2") N("s3")
		N("s4") N("s5") N("s6") N("s7") N("s8") N("s9") N("s10") N("s11") N("t3")
		N("t4") N("t5") N("t6"),
};
