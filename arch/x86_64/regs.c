/* x86_64/regs.c: struct user_regs_struct (arch/x86/include/asm/user_64.h) */
#include <elf.h>

#include "arch.h"
#include "core_layout.h"
#include "xsave.h"

#define ARCH_ORDER ELFDATA2LSB

struct x86_64_regs {
	uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	uint64_t rax, rcx, rdx, rsi, rdi, orig_rax, rip, cs, eflags, rsp, ss;
	uint64_t fs_base, gs_base, ds, es, fs, gs;
};
PRSTATUS_STRUCT(x86_64_prstatus, prstatus_head64, x86_64_regs);

_Static_assert(sizeof(struct x86_64_regs) == 27 * 8, "x86_64 pr_reg");
_Static_assert(offsetof(struct x86_64_prstatus, pr_reg) == 112, "x86_64 pr_reg offset");
_Static_assert(sizeof(struct x86_64_prstatus) == 336, "x86_64 NT_PRSTATUS");
_Static_assert(sizeof(struct prpsinfo64) == 136, "x86_64 NT_PRPSINFO");

#define R(NAME, ROLE) ARCH_REG(x86_64_regs, #NAME, NAME, ROLE)
static const struct arch_reg regs[] = {
	R(rax, ROLE_RET), R(rbx, 0), R(rcx, 0), R(rdx, 0), R(rsi, 0), R(rdi, 0),
	R(rbp, ROLE_FP), R(rsp, ROLE_SP), R(r8, 0), R(r9, 0), R(r10, 0), R(r11, 0),
	R(r12, 0), R(r13, 0), R(r14, 0), R(r15, 0), R(rip, ROLE_PC), R(eflags, 0),
	R(cs, 0), R(ss, 0), R(ds, 0), R(es, 0), R(fs, 0), R(gs, 0),
	R(fs_base, 0), R(gs_base, 0), R(orig_rax, ROLE_SYSNO),
};

/* NT_PRFPREG: struct user_i387_struct, the FXSAVE area (asm/user_64.h) */
struct x86_64_fpregs {
	uint16_t cwd, swd, twd, fop;
	uint64_t rip, rdp;
	uint32_t mxcsr, mxcsr_mask;
	uint8_t st[8][16], xmm[16][16], padding[96];
};
_Static_assert(sizeof(struct x86_64_fpregs) == 512, "x86_64 NT_PRFPREG");

#define F(NAME, FIELD) ARCH_REG(x86_64_fpregs, NAME, FIELD, 0)
#define ST(N) ARCH_RAW("st" #N, offsetof(struct x86_64_fpregs, st[N]), 10)
#define XMM(N) ARCH_REG(x86_64_fpregs, "xmm" #N, xmm[N], 0)
/* the 64-bit FIP and FDP as gdb splits them: fioff/fooff the low 32 bits,
 * fiseg/foseg the rest (gdb keeps their low 16: all of it in a user address) */
#define HALF(NAME, FIELD, HIGH) ARCH_RAW(NAME, offsetof(struct x86_64_fpregs, FIELD) + 4 * HIGH, 4)
static const struct arch_reg fpregs[] = {
	ST(0), ST(1), ST(2), ST(3), ST(4), ST(5), ST(6), ST(7),
	/* ftw: FXSAVE's abridged tag byte, not gdb's 16-bit ftag */
	F("fctrl", cwd), F("fstat", swd), F("ftw", twd), HALF("fiseg", rip, 1), HALF("fioff", rip, 0),
	HALF("foseg", rdp, 1), HALF("fooff", rdp, 0), F("fop", fop),
	XMM(0), XMM(1), XMM(2), XMM(3), XMM(4), XMM(5), XMM(6), XMM(7), XMM(8), XMM(9),
	XMM(10), XMM(11), XMM(12), XMM(13), XMM(14), XMM(15), F("mxcsr", mxcsr),
};

/* as the kernel's core dumper writes them per thread (fs/binfmt_elf.c with
 * the x86 regsets); XSTATE's size depends on the CPU's features */
static const struct arch_regset regsets[] = {
	ARCH_SET(NT_PRFPREG, "CORE", 512, fpregs),
	ARCH_SET_OPAQUE(NT_X86_XSTATE, "LINUX", 0),
};
const struct arch arch_x86_64 = {
	.name = "x86_64", .machine = EM_X86_64, .elfclass = ELFCLASS64, .byteorder = ARCH_ORDER,
	.page_size = 4096, .max_page_size = 4096,
	ARCH_NOTES(x86_64_prstatus, prpsinfo64),
	.regs = regs, .nregs = ARCH_NREGS(regs), .sysno_exact = 1,
	.regsets = regsets, .nregsets = ARCH_NREGS(regsets),
	.extra_note_type = NT_X86_XSAVE_LAYOUT, .extra_note_from = NT_X86_XSTATE,
	.extra_note = x86_xsave_layout,
	.dwarf = &arch_x86_64_dwarf,
	.unwind = &arch_x86_64_unwind,
};
