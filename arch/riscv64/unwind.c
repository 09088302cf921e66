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

/* s0 is the CFA: [s0-16] the caller's s0, [s0-8] ra */
const struct arch_unwind arch_riscv64_unwind = {
	.scan_sp_exact = 1, .call_max = 4, .after_call = after_call,
	.frame = { .fp = 8, .saved_fp = -16, .saved_ra = -8, .caller_sp = 0 }, .has_caller_sp = 1,
	.has_lr = 1, .lr = 1,
};
