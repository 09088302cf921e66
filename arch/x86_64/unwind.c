/* x86_64/unwind.c: calls and frame pointers of x86-64 code */
#include "arch.h"

/* call rel32 (e8), or call r/m64 (ff /2: 2 to 7 bytes, a REX prefix
 * before it adds nothing to check) */
static int after_call(const uint8_t *b, uint64_t ra, unsigned order, uint64_t *to)
{
	(void)order;
	if (b[3] == 0xe8) {
		*to = ra + (int32_t)(b[4] | b[5] << 8 | b[6] << 16 | (uint32_t)b[7] << 24);
		return 2;
	}
	for (int k = 2; k <= 7; k++)
		if (b[8 - k] == 0xff && (b[9 - k] >> 3 & 7) == 2 && (k != 2 || b[7] >> 6 == 3))
			return 1;
	return 0;
}

/* mov $15,%rax (rt_sigreturn); syscall: musl's and glibc's __restore_rt */
static const uint8_t restore_rt[] = { 0x48, 0xc7, 0xc0, 0x0f, 0x00, 0x00, 0x00, 0x0f, 0x05 };

/* There sp is the rt_sigframe's ucontext (the handler's return popped
 * pretcode); its sigcontext at 40: r8-r15, rdi, rsi, rbp, rbx, rdx, rax,
 * rcx, rsp, rip (arch/x86/include/uapi/asm/sigcontext.h) */
#define SC(N) (40 + 8 * (N))
static const struct arch_sigrun sigregs[] = {
	{ 8, 8, SC(0) }, { 5, 1, SC(8) }, { 4, 1, SC(9) }, { 6, 1, SC(10) }, { 3, 1, SC(11) }, { 1, 1, SC(12) },
	{ 0, 1, SC(13) }, { 2, 1, SC(14) }, { 7, 1, SC(15) },
};

/* push %rbp; mov %rsp,%rbp: [rbp] the caller's rbp, [rbp+8] the return address */
const struct arch_unwind arch_x86_64_unwind = {
	.scan_sp_exact = 1, .call_max = 8, .after_call = after_call,
	.frame = { .fp = 6, .saved_fp = 0, .saved_ra = 8, .caller_sp = 16 }, .has_caller_sp = 1,
	.sigret = { restore_rt }, .sigret_len = { sizeof(restore_rt) },
	.sigregs = sigregs, .nsigregs = sizeof(sigregs) / sizeof(sigregs[0]), .sig_pc = SC(16), .sig_mode = -1,
};
