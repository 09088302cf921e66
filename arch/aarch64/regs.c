/* aarch64/regs.c: struct user_pt_regs (arch/arm64/include/uapi/asm/ptrace.h) */
#include <elf.h>

#include "arch.h"
#include "core_layout.h"

#define ARCH_ORDER ELFDATA2LSB

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

/* NT_PRFPREG: struct user_fpsimd_state (asm/ptrace.h) */
struct aarch64_fpregs {
	uint8_t v[32][16];
	uint32_t fpsr, fpcr, reserved[2];
};
_Static_assert(sizeof(struct aarch64_fpregs) == 528, "aarch64 NT_PRFPREG");

#define V(N) ARCH_REG(aarch64_fpregs, "v" #N, v[N], 0)
static const struct arch_reg fpregs[] = {
	V(0), V(1), V(2), V(3), V(4), V(5), V(6), V(7), V(8), V(9), V(10), V(11), V(12), V(13),
	V(14), V(15), V(16), V(17), V(18), V(19), V(20), V(21), V(22), V(23), V(24), V(25),
	V(26), V(27), V(28), V(29), V(30), V(31),
	ARCH_REG(aarch64_fpregs, "fpsr", fpsr, 0), ARCH_REG(aarch64_fpregs, "fpcr", fpcr, 0),
};
/* NT_ARM_TLS: tpidr_el0, and tpidr2_el0 where SME exists (16 bytes then) */
static const struct arch_reg tls[] = { ARCH_RAW("tpidr", 0, 8) };
static const struct arch_reg syscall_no[] = { ARCH_RAW("syscallno", 0, 4) };

/* the order of arch/arm64/kernel/ptrace.c's regsets; SVE, PAC and the
 * others appear only when the CPU and kernel have them */
static const struct arch_regset regsets[] = {
	ARCH_SET(NT_PRFPREG, "CORE", 528, fpregs),
	ARCH_SET(NT_ARM_TLS, "LINUX", 0, tls),
	ARCH_SET_OPAQUE(NT_ARM_HW_BREAK, "LINUX", 264),
	ARCH_SET_OPAQUE(NT_ARM_HW_WATCH, "LINUX", 264),
	ARCH_SET(NT_ARM_SYSTEM_CALL, "LINUX", 4, syscall_no),
	ARCH_SET_HEADER(NT_ARM_SVE, "LINUX"),
	ARCH_SET_OPAQUE(NT_ARM_PAC_MASK, "LINUX", 16),
	ARCH_SET_OPAQUE(NT_ARM_TAGGED_ADDR_CTRL, "LINUX", 8),
};
/* 4 KiB on Debian's kernels; 16 and 64 KiB kernels exist (Apple, RHEL) */
const struct arch arch_aarch64 = {
	.name = "aarch64", .machine = EM_AARCH64, .elfclass = ELFCLASS64, .byteorder = ARCH_ORDER,
	.compat = &arch_armv7l, /* its kernels run 32-bit ARM tasks (CONFIG_COMPAT) */
	.page_size = 4096, .max_page_size = 65536,
	ARCH_NOTES(aarch64_prstatus, prpsinfo64),
	.regs = regs, .nregs = ARCH_NREGS(regs),
	.regsets = regsets, .nregsets = ARCH_NREGS(regsets),
	.dwarf = &arch_aarch64_dwarf,
	.unwind = &arch_aarch64_unwind,
};
