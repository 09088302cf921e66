/* riscv64/unwind.c: calls and frame pointers of RISC-V code */
#include "arch.h"
#include "byteorder.h"

/* jal ra or jalr ra (4 bytes), or the compressed c.jalr (2 bytes) */
static int after_call(const uint8_t *b, uint64_t ra, unsigned order, uint64_t *to)
{
	uint32_t w = get32(b, order);
	uint16_t h = get16(b + 2, order);

	if ((w & 0xfff) == 0x0ef) { /* jal's imm[20|10:1|11|19:12] */
		uint64_t imm = (w >> 31 & 1) << 20 | (w >> 21 & 0x3ff) << 1 | (w >> 20 & 1) << 11 | (w >> 12 & 0xff) << 12;

		*to = ra - 4 + ((int64_t)(imm << 43) >> 43);
		return 2;
	}
	return (w & 0x7fff) == 0x00e7 || ((h & 0xf07f) == 0x9002 && (h >> 7 & 0x1f));
}

/* li a7, 139 (rt_sigreturn); ecall: the kernel's vDSO trampoline (a
 * handler's return: there is no SA_RESTORER) */
static const uint8_t restore_rt[] = { 0x93, 0x08, 0xb0, 0x08, 0x73, 0x00, 0x00, 0x00 };

/* There sp is the rt_sigframe: siginfo (128 bytes), then the ucontext,
 * whose sigcontext (at 176: 16-aligned after a 1024-bit sigmask) begins
 * with pc, x1-x31 (arch/riscv/include/uapi/asm/{ucontext,ptrace}.h) */
#define SC(N) (128 + 176 + 8 * (N))
static const struct arch_sigrun sigregs[] = { { 1, 31, SC(1) } };

/* s0 is the CFA: [s0-16] the caller's s0, [s0-8] ra */
const struct arch_unwind arch_riscv64_unwind = {
	.scan_sp_exact = 1, .call_max = 4, .after_call = after_call,
	.frame = { .fp = 8, .saved_fp = -16, .saved_ra = -8, .caller_sp = 0 }, .has_caller_sp = 1,
	.has_lr = 1, .lr = 1,
	.sigret = { restore_rt }, .sigret_len = { sizeof(restore_rt) },
	.sigregs = sigregs, .nsigregs = sizeof(sigregs) / sizeof(sigregs[0]), .sig_pc = SC(0), .sig_mode = -1,
};
