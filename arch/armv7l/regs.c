/* armv7l/regs.c: struct pt_regs of 32-bit ARM (arch/arm/include/uapi/asm/ptrace.h),
 * also what an arm64 kernel gives for a 32-bit ARM task (compat) */
#include <elf.h>

#include "arch.h"
#include "core_layout.h"

struct armv7l_regs {
	uint32_t r[13], sp, lr, pc, cpsr, orig_r0;
};
PRSTATUS_STRUCT(armv7l_prstatus, prstatus_head32, armv7l_regs);

_Static_assert(sizeof(struct armv7l_regs) == 18 * 4, "armv7l pr_reg");
_Static_assert(offsetof(struct armv7l_prstatus, pr_reg) == 72, "armv7l pr_reg offset");
_Static_assert(sizeof(struct armv7l_prstatus) == 148, "armv7l NT_PRSTATUS");
_Static_assert(sizeof(struct prpsinfo32_uid16) == 124, "armv7l NT_PRPSINFO");

#define R(N, ROLE) ARCH_REG(armv7l_regs, "r" #N, r[N], ROLE)
static const struct arch_reg regs[] = {
	R(0, ROLE_RET), R(1, 0), R(2, 0), R(3, 0), R(4, 0), R(5, 0), R(6, 0),
	R(7, ROLE_SYSNO), R(8, 0), R(9, 0), R(10, 0), R(11, ROLE_FP), R(12, 0),
	ARCH_REG(armv7l_regs, "sp", sp, ROLE_SP),
	ARCH_REG(armv7l_regs, "lr", lr, ROLE_LR),
	ARCH_REG(armv7l_regs, "pc", pc, ROLE_PC),
	ARCH_REG(armv7l_regs, "cpsr", cpsr, 0),
	ARCH_REG(armv7l_regs, "orig_r0", orig_r0, 0),
};

const struct arch arch_armv7l = {
	.name = "armv7l", .machine = EM_ARM, .elfclass = ELFCLASS32,
	.page_size = 4096, .max_page_size = 4096,
	ARCH_NOTES(armv7l_prstatus, prpsinfo32_uid16),
	.regs = regs, .nregs = ARCH_NREGS(regs),
};
