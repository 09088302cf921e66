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

/* push %rbp; mov %rsp,%rbp: [rbp] the caller's rbp, [rbp+8] the return address */
const struct arch_unwind arch_x86_64_unwind = {
	.call_max = 8, .after_call = after_call,
	.fp = 6, .saved_fp = 0, .saved_ra = 8, .caller_sp = 16, .has_caller_sp = 1,
};
