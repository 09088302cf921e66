/* x86_64/regs.c: struct user_regs_struct (arch/x86/include/asm/user_64.h) */
#include <elf.h>

#include "arch.h"
#include "core_layout.h"

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

const struct arch arch_x86_64 = {
	.name = "x86_64", .machine = EM_X86_64, .elfclass = ELFCLASS64,
	.page_size = 4096, .max_page_size = 4096,
	ARCH_NOTES(x86_64_prstatus, prpsinfo64),
	.regs = regs, .nregs = ARCH_NREGS(regs),
};
