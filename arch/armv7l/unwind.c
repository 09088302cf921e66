/* armv7l/unwind.c: calls and frame pointers of ARM and Thumb code */
#include "arch.h"
#include "byteorder.h"

/* ARM: bl, blx imm, blx reg. Thumb (ra's bit 0): the 32-bit bl/blx, or the
 * 16-bit blx reg. */
static int after_call(const uint8_t *b, uint64_t ra, unsigned order, uint64_t *to)
{
	uint32_t w = get32(b, order);
	uint16_t h1 = get16(b, order), h2 = get16(b + 2, order);

	(void)to; /* targets not decoded: every call counts as indirect */
	if (!(ra & 1))
		return ((w & 0x0f000000) == 0x0b000000 && w >> 28 != 0xf) || (w & 0xfe000000) == 0xfa000000 ||
		       (w & 0x0ffffff0) == 0x012fff30;
	return ((h1 & 0xf800) == 0xf000 && (h2 & 0xd000) == 0xd000) ||
	       ((h1 & 0xf800) == 0xf000 && (h2 & 0xd001) == 0xc000) || (h2 & 0xff87) == 0x4780;
}

/* ARM mode, push {..., fp, lr}; add fp, sp, #4*n: fp points at the saved lr,
 * the caller's fp just below, the caller's sp just above. (Thumb keeps its
 * frame in r7, laid out otherwise: not followed.) */
const struct arch_unwind arch_armv7l_unwind = {
	.call_max = 4, .after_call = after_call,
	.fp = 11, .saved_fp = -4, .saved_ra = 0, .caller_sp = 4, .has_caller_sp = 1,
	.has_lr = 1, .lr = 14,
};
