/* aarch64/unwind.c: calls and frame records of AArch64 code */
#include <elf.h>

#include "arch.h"
#include "byteorder.h"

/* bl, blr, and the pointer-authenticating blraa/blrab/blraaz/blrabz */
static int after_call(const uint8_t *b, uint64_t ra, unsigned order, uint64_t *to)
{
	uint32_t w = get32(b, order);

	if ((w & 0xfc000000) == 0x94000000) {
		*to = ra - 4 + ((int64_t)((uint64_t)w << 38) >> 36); /* imm26 * 4 */
		return 2;
	}
	return (w & 0xfffffc1f) == 0xd63f0000 || (w & 0xfefff800) == 0xd63f0800;
}

/* mov x8, #139 (rt_sigreturn); svc #0: the kernel's vDSO trampoline and
 * musl's and glibc's __restore_rt alike */
static const uint8_t restore_rt[] = { 0x68, 0x11, 0x80, 0xd2, 0x01, 0x00, 0x00, 0xd4 };

/* There sp is the rt_sigframe: siginfo (128 bytes), then the ucontext,
 * whose sigcontext (at 176: 16-aligned after a 1024-bit sigmask) holds
 * fault_address, x0-x30, sp, pc (arch/arm64/include/uapi/asm/sigcontext.h) */
#define SC(N) (128 + 176 + 8 + 8 * (N))
static const struct arch_sigrun sigregs[] = { { 0, 32, SC(0) } };

/* The frame record: [x29] the caller's x29, [x29+8] x30; where the record
 * sits in the frame varies, so the caller's sp is not known from it */
const struct arch_unwind arch_aarch64_unwind = {
	.call_max = 4, .after_call = after_call,
	.frame = { .fp = 29, .saved_fp = 0, .saved_ra = 8, .caller_sp = 16 /* at least */ },
	.has_lr = 1, .lr = 30, .sp_align = 16,
	.sigret = { restore_rt }, .sigret_len = { sizeof(restore_rt) },
	.sigregs = sigregs, .nsigregs = sizeof(sigregs) / sizeof(sigregs[0]), .sig_pc = SC(32), .sig_mode = -1,
	.pac_set = NT_ARM_PAC_MASK, .pac_insn_off = 8, .pac_default = 0xffff000000000000ull,
};
