/* riscv64/unwind.c: calls and frame pointers of RISC-V code */
#include "arch.h"
#include "byteorder.h"

/* jal ra or jalr ra (4 bytes), or the compressed c.jalr (2 bytes) */
static int after_call(const uint8_t *b, uint64_t ra, unsigned order)
{
	uint32_t w = get32(b, order);
	uint16_t h = get16(b + 2, order);

	(void)ra;
	return (w & 0xfff) == 0x0ef || (w & 0x7fff) == 0x00e7 || ((h & 0xf07f) == 0x9002 && (h >> 7 & 0x1f));
}

/* s0 is the CFA: [s0-16] the caller's s0, [s0-8] ra */
const struct arch_unwind arch_riscv64_unwind = {
	.call_max = 4, .after_call = after_call,
	.fp = 8, .saved_fp = -16, .saved_ra = -8, .caller_sp = 0, .has_caller_sp = 1,
	.has_lr = 1, .lr = 1,
};
