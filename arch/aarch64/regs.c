/* aarch64/regs.c: struct user_pt_regs (arch/arm64/include/uapi/asm/ptrace.h) */
#include <elf.h>

#include "arch.h"
#include "core_layout.h"

struct aarch64_regs {
	uint64_t x[31], sp, pc, pstate;
};
PRSTATUS_STRUCT(aarch64_prstatus, prstatus_head64, aarch64_regs);

_Static_assert(sizeof(struct aarch64_regs) == 34 * 8, "aarch64 pr_reg");
_Static_assert(offsetof(struct aarch64_prstatus, pr_reg) == 112, "aarch64 pr_reg offset");
_Static_assert(sizeof(struct aarch64_prstatus) == 392, "aarch64 NT_PRSTATUS");
_Static_assert(sizeof(struct prpsinfo64) == 136, "aarch64 NT_PRPSINFO");

#define X(N, ROLE) ARCH_REG(aarch64_regs, "x" #N, x[N], ROLE)
static const struct arch_reg regs[] = {
	X(0, ROLE_RET), X(1, 0), X(2, 0), X(3, 0), X(4, 0), X(5, 0), X(6, 0), X(7, 0),
	X(8, ROLE_SYSNO), X(9, 0), X(10, 0), X(11, 0), X(12, 0), X(13, 0), X(14, 0),
	X(15, 0), X(16, 0), X(17, 0), X(18, 0), X(19, 0), X(20, 0), X(21, 0), X(22, 0),
	X(23, 0), X(24, 0), X(25, 0), X(26, 0), X(27, 0), X(28, 0), X(29, ROLE_FP),
	X(30, ROLE_LR),
	ARCH_REG(aarch64_regs, "sp", sp, ROLE_SP),
	ARCH_REG(aarch64_regs, "pc", pc, ROLE_PC),
	ARCH_REG(aarch64_regs, "cpsr", pstate, 0),
};

/* 4 KiB on Debian's kernels; 16 and 64 KiB kernels exist (Apple, RHEL) */
const struct arch arch_aarch64 = {
	.name = "aarch64", .machine = EM_AARCH64, .elfclass = ELFCLASS64,
	.page_size = 4096, .max_page_size = 65536,
	ARCH_NOTES(aarch64_prstatus, prpsinfo64),
	.regs = regs, .nregs = ARCH_NREGS(regs),
};
