/* loongarch64/unwind.c: calls and frame pointers of LoongArch code */
#include "arch.h"
#include "byteorder.h"

/* bl, or jirl ra */
static int after_call(const uint8_t *b, uint64_t ra, unsigned order, uint64_t *to)
{
	uint32_t w = get32(b, order);

	if ((w & 0xfc000000) == 0x54000000) { /* offs[15:0] in bits 25:10, offs[25:16] in 9:0 */
		uint64_t offs = (w >> 10 & 0xffff) | (uint64_t)(w & 0x3ff) << 16;

		*to = ra - 4 + ((int64_t)(offs << 38) >> 36);
		return 2;
	}
	return (w & 0xfc00001f) == 0x4c000001;
}

/* li.w a7, 139 (rt_sigreturn, as ori); syscall 0: the kernel's vDSO
 * trampoline (there is no SA_RESTORER) */
static const uint8_t restore_rt[] = { 0x0b, 0x2c, 0x82, 0x03, 0x00, 0x00, 0x2b, 0x00 };

/* There sp is the rt_sigframe: siginfo (128 bytes), then the ucontext,
 * whose sigcontext (at 176: 16-aligned after a 1024-bit sigmask) holds
 * pc, r0-r31 (arch/loongarch/include/uapi/asm/{ucontext,sigcontext}.h) */
#define SC(N) (128 + 176 + 8 + 8 * (N))
static const struct arch_sigrun sigregs[] = { { 1, 31, SC(1) } };

/* fp (r22) is the CFA: [fp-16] the caller's fp, [fp-8] ra */
const struct arch_unwind arch_loongarch64_unwind = {
	.scan_sp_exact = 1, .call_max = 4, .after_call = after_call,
	.frame = { .fp = 22, .saved_fp = -16, .saved_ra = -8, .caller_sp = 0 }, .has_caller_sp = 1,
	.has_lr = 1, .lr = 1,
	.sigret = { restore_rt }, .sigret_len = { sizeof(restore_rt) },
	.sigregs = sigregs, .nsigregs = sizeof(sigregs) / sizeof(sigregs[0]), .sig_pc = 128 + 176, .sig_mode = -1,
};
