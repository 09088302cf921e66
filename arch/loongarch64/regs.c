/* loongarch64/regs.c: struct user_pt_regs (arch/loongarch/include/uapi/asm/ptrace.h) */
#include <elf.h>

#include "arch.h"
#include "core_layout.h"

#ifndef EM_LOONGARCH
#define EM_LOONGARCH 258
#endif

struct loongarch64_regs {
	uint64_t r[32], orig_a0, csr_era, csr_badv, reserved[10];
};
PRSTATUS_STRUCT(loongarch64_prstatus, prstatus_head64, loongarch64_regs);

/* 480, not the 472 that gdb's BFD expects: pr_fpvalid is padded to 8 */
_Static_assert(sizeof(struct loongarch64_regs) == 45 * 8, "loongarch64 pr_reg");
_Static_assert(offsetof(struct loongarch64_prstatus, pr_reg) == 112, "loongarch64 pr_reg offset");
_Static_assert(sizeof(struct loongarch64_prstatus) == 480, "loongarch64 NT_PRSTATUS");
_Static_assert(sizeof(struct prpsinfo64) == 136, "loongarch64 NT_PRPSINFO");

#define R(N, ROLE) ARCH_REG(loongarch64_regs, "r" #N, r[N], ROLE)
/* r0 reads as zero; the kernel's slot for it is not a register (gdb shows 0 too) */
static const struct arch_reg regs[] = {
	R(0, ROLE_ZERO), R(1, ROLE_LR), R(2, 0), R(3, ROLE_SP), R(4, ROLE_RET), R(5, 0),
	R(6, 0), R(7, 0), R(8, 0), R(9, 0), R(10, 0), R(11, ROLE_SYSNO), R(12, 0),
	R(13, 0), R(14, 0), R(15, 0), R(16, 0), R(17, 0), R(18, 0), R(19, 0),
	R(20, 0), R(21, 0), R(22, ROLE_FP), R(23, 0), R(24, 0), R(25, 0), R(26, 0),
	R(27, 0), R(28, 0), R(29, 0), R(30, 0), R(31, 0),
	ARCH_REG(loongarch64_regs, "orig_a0", orig_a0, 0),
	ARCH_REG(loongarch64_regs, "pc", csr_era, ROLE_PC),
	ARCH_REG(loongarch64_regs, "badv", csr_badv, 0),
};

/* Debian's and most distributions' loongarch64 kernels use 16 KiB pages */
const struct arch arch_loongarch64 = {
	.name = "loongarch64", .machine = EM_LOONGARCH, .elfclass = ELFCLASS64,
	.page_size = 16384, .max_page_size = 65536,
	ARCH_NOTES(loongarch64_prstatus, prpsinfo64),
	.regs = regs, .nregs = ARCH_NREGS(regs),
};
