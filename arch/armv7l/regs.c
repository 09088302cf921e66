/* armv7l/regs.c: struct pt_regs of 32-bit ARM (arch/arm/include/uapi/asm/ptrace.h),
 * also what an arm64 kernel gives for a 32-bit ARM task (compat) */
#include <elf.h>

#include "arch.h"
#include "core_layout.h"

#define ARCH_ORDER ELFDATA2LSB

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

/* NT_ARM_VFP: struct user_vfp (asm/user.h): d0-d31 and fpscr */
struct armv7l_vfp {
	uint64_t d[32];
	uint32_t fpscr;
};
_Static_assert(sizeof(struct armv7l_vfp) == 264 && offsetof(struct armv7l_vfp, fpscr) == 256, "user_vfp");

#define D(N) ARCH_REG(armv7l_vfp, "d" #N, d[N], 0)
static const struct arch_reg vfp[] = {
	D(0), D(1), D(2), D(3), D(4), D(5), D(6), D(7), D(8), D(9), D(10), D(11), D(12), D(13),
	D(14), D(15), D(16), D(17), D(18), D(19), D(20), D(21), D(22), D(23), D(24), D(25),
	D(26), D(27), D(28), D(29), D(30), D(31), ARCH_REG(armv7l_vfp, "fpscr", fpscr, 0),
};

/* An armv7 kernel writes the legacy FPA NT_PRFPREG (116 bytes, not shown)
 * and NT_ARM_VFP (260: the struct without its tail padding); an arm64 kernel
 * writes only NT_ARM_VFP for a 32-bit task. */
static const struct arch_regset regsets[] = {
	ARCH_SET_OPAQUE(NT_PRFPREG, "CORE", 116),
	ARCH_SET(NT_ARM_VFP, "LINUX", 260, vfp),
};
const struct arch arch_armv7l = {
	.name = "armv7l", .machine = EM_ARM, .elfclass = ELFCLASS32, .byteorder = ARCH_ORDER,
	.page_size = 4096, .max_page_size = 4096,
	ARCH_NOTES(armv7l_prstatus, prpsinfo32_uid16),
	.regs = regs, .nregs = ARCH_NREGS(regs),
	.regsets = regsets, .nregsets = ARCH_NREGS(regsets),
	.dwarf = &arch_armv7l_dwarf,
	.unwind = &arch_armv7l_unwind,
};
