/* x86_64/dwarf.c: DWARF register numbers of the System V x86-64 psABI
 * (3.6.2, "DWARF Register Number Mapping"). 16 is the return address
 * column: the rip of the caller. */
#include "arch.h"

#define N(S) S "\0"
const struct arch_dwarf arch_x86_64_dwarf = {
	.sp = 7, .fp = 6, .ra = 16, .pc = 16, .nnames = 17,
	.names = N("rax") N("rdx") N("rcx") N("rbx") N("rsi") N("rdi") N("rbp") N("rsp")
		N("r8") N("r9") N("r10") N("r11") N("r12") N("r13") N("r14") N("r15") N("rip"),
};
