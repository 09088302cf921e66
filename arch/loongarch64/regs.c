/* loongarch64/regs.c: struct user_pt_regs (arch/loongarch/include/uapi/asm/ptrace.h) */
#include <elf.h>

#include "arch.h"
#include "core_layout.h"

#define ARCH_ORDER ELFDATA2LSB

#ifndef NT_LOONGARCH_CPUCFG /* include/uapi/linux/elf.h; glibc before 2.37 lacks them */
#define NT_LOONGARCH_CPUCFG 0xa00
#define NT_LOONGARCH_LSX 0xa02
#define NT_LOONGARCH_LASX 0xa03
#define NT_LOONGARCH_LBT 0xa04
#endif

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

/* NT_PRFPREG: struct user_fp_state (asm/ptrace.h): f0-f31, fcc0-7, fcsr */
struct loongarch64_fpregs {
	uint64_t f[32];
	uint8_t fcc[8];
	uint32_t fcsr;
};
_Static_assert(offsetof(struct loongarch64_fpregs, fcsr) == 264, "loongarch64 fcsr");

#define F(N) ARCH_REG(loongarch64_fpregs, "f" #N, f[N], 0)
#define FCC(N) ARCH_REG(loongarch64_fpregs, "fcc" #N, fcc[N], 0)
static const struct arch_reg fpregs[] = {
	F(0), F(1), F(2), F(3), F(4), F(5), F(6), F(7), F(8), F(9), F(10), F(11), F(12), F(13),
	F(14), F(15), F(16), F(17), F(18), F(19), F(20), F(21), F(22), F(23), F(24), F(25),
	F(26), F(27), F(28), F(29), F(30), F(31), FCC(0), FCC(1), FCC(2), FCC(3), FCC(4),
	FCC(5), FCC(6), FCC(7), ARCH_REG(loongarch64_fpregs, "fcsr", fcsr, 0),
};
#define VR(P, N, W) ARCH_RAW(P #N, (N) * (W), W)
static const struct arch_reg lsx[] = {
	VR("vr", 0, 16), VR("vr", 1, 16), VR("vr", 2, 16), VR("vr", 3, 16), VR("vr", 4, 16),
	VR("vr", 5, 16), VR("vr", 6, 16), VR("vr", 7, 16), VR("vr", 8, 16), VR("vr", 9, 16),
	VR("vr", 10, 16), VR("vr", 11, 16), VR("vr", 12, 16), VR("vr", 13, 16), VR("vr", 14, 16),
	VR("vr", 15, 16), VR("vr", 16, 16), VR("vr", 17, 16), VR("vr", 18, 16), VR("vr", 19, 16),
	VR("vr", 20, 16), VR("vr", 21, 16), VR("vr", 22, 16), VR("vr", 23, 16), VR("vr", 24, 16),
	VR("vr", 25, 16), VR("vr", 26, 16), VR("vr", 27, 16), VR("vr", 28, 16), VR("vr", 29, 16),
	VR("vr", 30, 16), VR("vr", 31, 16),
};

#ifndef NT_LOONGARCH_HW_BREAK
#define NT_LOONGARCH_HW_BREAK 0xa05
#define NT_LOONGARCH_HW_WATCH 0xa06
#endif
/* LSX, LASX and LBT only when the task has used them */
static const struct arch_regset regsets[] = {
	ARCH_SET(NT_PRFPREG, "CORE", 268, fpregs),
	ARCH_SET_OPAQUE(NT_LOONGARCH_CPUCFG, "LINUX", 256),
	ARCH_SET(NT_LOONGARCH_LSX, "LINUX", 512, lsx),
	ARCH_SET_OPAQUE(NT_LOONGARCH_LASX, "LINUX", 1024),
	ARCH_SET_OPAQUE(NT_LOONGARCH_LBT, "LINUX", 0),
	ARCH_SET_OPAQUE(NT_LOONGARCH_HW_BREAK, "LINUX", 0),
	ARCH_SET_OPAQUE(NT_LOONGARCH_HW_WATCH, "LINUX", 0),
};
/* Debian's and most distributions' loongarch64 kernels use 16 KiB pages */
const struct arch arch_loongarch64 = {
	.name = "loongarch64", .machine = EM_LOONGARCH, .elfclass = ELFCLASS64, .byteorder = ARCH_ORDER,
	.page_size = 16384, .max_page_size = 65536,
	ARCH_NOTES(loongarch64_prstatus, prpsinfo64),
	.regs = regs, .nregs = ARCH_NREGS(regs),
	.regsets = regsets, .nregsets = ARCH_NREGS(regsets),
	.dwarf = &arch_loongarch64_dwarf,
	.unwind = &arch_loongarch64_unwind,
};
