/* riscv64/regs.c: struct user_regs_struct (arch/riscv/include/uapi/asm/ptrace.h) */
#include <elf.h>

#include "arch.h"
#include "core_layout.h"

#define ARCH_ORDER ELFDATA2LSB

#ifndef NT_RISCV_VECTOR /* include/uapi/linux/elf.h; glibc before 2.38 lacks it */
#define NT_RISCV_VECTOR 0x901
#endif

struct riscv64_regs {
	uint64_t pc, ra, sp, gp, tp, t0, t1, t2, fp, s1;
	uint64_t a0, a1, a2, a3, a4, a5, a6, a7;
	uint64_t s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, t3, t4, t5, t6;
};
PRSTATUS_STRUCT(riscv64_prstatus, prstatus_head64, riscv64_regs);

_Static_assert(sizeof(struct riscv64_regs) == 32 * 8, "riscv64 pr_reg");
_Static_assert(offsetof(struct riscv64_prstatus, pr_reg) == 112, "riscv64 pr_reg offset");
_Static_assert(sizeof(struct riscv64_prstatus) == 376, "riscv64 NT_PRSTATUS");
_Static_assert(sizeof(struct prpsinfo64) == 136, "riscv64 NT_PRPSINFO");

#define R(NAME, ROLE) ARCH_REG(riscv64_regs, #NAME, NAME, ROLE)
static const struct arch_reg regs[] = {
	R(ra, ROLE_LR), R(sp, ROLE_SP), R(gp, 0), R(tp, 0), R(t0, 0), R(t1, 0),
	R(t2, 0), R(fp, ROLE_FP), R(s1, 0), R(a0, ROLE_RET), R(a1, 0), R(a2, 0),
	R(a3, 0), R(a4, 0), R(a5, 0), R(a6, 0), R(a7, ROLE_SYSNO), R(s2, 0),
	R(s3, 0), R(s4, 0), R(s5, 0), R(s6, 0), R(s7, 0), R(s8, 0), R(s9, 0),
	R(s10, 0), R(s11, 0), R(t3, 0), R(t4, 0), R(t5, 0), R(t6, 0), R(pc, ROLE_PC),
};

/* NT_PRFPREG: struct __riscv_d_ext_state (asm/ptrace.h) */
struct riscv64_fpregs {
	uint64_t f[32];
	uint32_t fcsr;
};
_Static_assert(offsetof(struct riscv64_fpregs, fcsr) == 256, "riscv64 fcsr");

#define F(N) ARCH_REG(riscv64_fpregs, "f" #N, f[N], 0)
static const struct arch_reg fpregs[] = {
	F(0), F(1), F(2), F(3), F(4), F(5), F(6), F(7), F(8), F(9), F(10), F(11), F(12), F(13),
	F(14), F(15), F(16), F(17), F(18), F(19), F(20), F(21), F(22), F(23), F(24), F(25),
	F(26), F(27), F(28), F(29), F(30), F(31), ARCH_REG(riscv64_fpregs, "fcsr", fcsr, 0),
};

/* the vector set exists only for a task that has used V */
static const struct arch_regset regsets[] = {
	ARCH_SET(NT_PRFPREG, "CORE", 264, fpregs),
	ARCH_SET_OPAQUE(NT_RISCV_VECTOR, "LINUX", 0),
};
const struct arch arch_riscv64 = {
	.name = "riscv64", .machine = EM_RISCV, .elfclass = ELFCLASS64, .byteorder = ARCH_ORDER,
	.page_size = 4096, .max_page_size = 4096,
	ARCH_NOTES(riscv64_prstatus, prpsinfo64),
	.regs = regs, .nregs = ARCH_NREGS(regs),
	.regsets = regsets, .nregsets = ARCH_NREGS(regsets),
	.dwarf = &arch_riscv64_dwarf,
	.unwind = &arch_riscv64_unwind,
};
