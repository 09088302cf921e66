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

/* fp (r22) is the CFA: [fp-16] the caller's fp, [fp-8] ra */
const struct arch_unwind arch_loongarch64_unwind = {
	.scan_sp_exact = 1, .call_max = 4, .after_call = after_call,
	.frame = { .fp = 22, .saved_fp = -16, .saved_ra = -8, .caller_sp = 0 }, .has_caller_sp = 1,
	.has_lr = 1, .lr = 1,
};
