/* loongarch64/dwarf.c: DWARF register numbers of the LoongArch ELF psABI:
 * 0-31 r0-r31 (r1 ra, r3 sp, r22 fp), 32-63 f0-f31 (not in pr_reg). The pc
 * has no number: the return address column is 1, ra. */
#include "arch.h"

#define N(S) S "\0"
const struct arch_dwarf arch_loongarch64_dwarf = {
	.sp = 3, .fp = 22, .ra = 1, .pc = ARCH_DWARF_NONE, .nnames = 32,
	.names = N("r0") N("r1") N("r2") N("r3") N("r4") N("r5") N("r6") N("r7") N("r8")
		N("r9") N("r10") N("r11") N("r12") N("r13") N("r14") N("r15") N("r16") N("r17")
		N("r18") N("r19") N("r20") N("r21") N("r22") N("r23") N("r24") N("r25") N("r26")
		N("r27") N("r28") N("r29") N("r30") N("r31"),
};
