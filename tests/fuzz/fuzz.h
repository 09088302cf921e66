/* fuzz.h: what the libFuzzer targets share. Built with clang against the
 * host's libc, never into procbox. */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The input as a C string in a buffer of exactly size + 1 bytes, so that
 * ASan sees a parser reading past the terminator. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = 0;
	return s;
}

/* A copy of exactly n bytes: reads past a note's or a string's end are caught. */
static inline void *fuzz_dup(const void *p, size_t n)
{
	void *q = malloc(n ? n : 1);

	if (!q)
		abort();
	memcpy(q, p, n);
	return q;
}

/* assert() that also says which invariant the parser broke; never compiled out */
#define CHECK(cond)                                                                        \
	do {                                                                               \
		if (!(cond)) {                                                             \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                           \
		}                                                                          \
	} while (0)

/* n bytes at addr, as the unwinders' read callback sees memory */
struct fuzz_mem {
	const uint8_t *p;
	size_t n;
	uint64_t addr;
};

static inline int fuzz_mem_read(void *ctx, uint64_t addr, void *buf, size_t n)
{
	const struct fuzz_mem *m = ctx;

	if (addr < m->addr || addr - m->addr > m->n || n > m->n - (addr - m->addr))
		return -1;
	memcpy(buf, m->p + (addr - m->addr), n);
	return 0;
}

#endif
