/* byteorder.c: words in a given byte order (see byteorder.h) */
#include "byteorder.h"

uint64_t word_get(const void *p, unsigned size, unsigned order)
{
	const unsigned char *b = p;
	uint64_t v = 0;

	for (unsigned k = size; k--;)
		v = v << 8 | b[byte_index(size, k, order)];
	return v;
}

void word_put(void *p, unsigned size, uint64_t v, unsigned order)
{
	unsigned char *b = p;

	for (unsigned k = 0; k < size; k++, v >>= 8)
		b[byte_index(size, k, order)] = v;
}
