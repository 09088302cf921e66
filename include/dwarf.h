/* dwarf.h: DWARF's byte-level encodings (fixed-size values in either byte
 * order, LEB128) read through a bounded cursor. A read past the end, or a
 * LEB128 too large for 64 bits, sets bad and returns 0: callers check bad
 * once after a group of reads. */
#ifndef DWARF_H
#define DWARF_H

#include <stddef.h>
#include <stdint.h>

struct dwarf_cur {
	const uint8_t *p, *end;
	uint8_t big_endian;
	uint8_t bad;
};

static inline size_t dwarf_left(const struct dwarf_cur *c)
{
	return (size_t)(c->end - c->p);
}

/* An unsigned value of n bytes (1..8) */
static inline uint64_t dwarf_u(struct dwarf_cur *c, unsigned n)
{
	uint64_t v = 0;

	if (c->bad || dwarf_left(c) < n) {
		c->bad = 1;
		c->p = c->end;
		return 0;
	}
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)c->p[c->big_endian ? n - 1 - i : i] << 8 * i;
	c->p += n;
	return v;
}

/* A signed value of n bytes, sign-extended */
static inline int64_t dwarf_s(struct dwarf_cur *c, unsigned n)
{
	uint64_t v = dwarf_u(c, n);

	if (n < 8 && v >> (8 * n - 1))
		v |= ~0ull << 8 * n;
	return (int64_t)v;
}

static inline uint64_t dwarf_uleb(struct dwarf_cur *c)
{
	uint64_t v = 0;
	unsigned shift = 0;
	uint8_t b;

	do {
		if (c->bad || c->p >= c->end) {
			c->bad = 1;
			return 0;
		}
		b = *c->p++;
		if (shift < 64) {
			if (shift > 57 && (b & 0x7f) >> (64 - shift))
				c->bad = 1;
			v |= (uint64_t)(b & 0x7f) << shift;
		} else if (b & 0x7f) {
			c->bad = 1;
		}
		shift += 7;
	} while (b & 0x80);
	return c->bad ? 0 : v;
}

static inline int64_t dwarf_sleb(struct dwarf_cur *c)
{
	uint64_t v = 0;
	unsigned shift = 0;
	uint8_t b;

	do {
		if (c->bad || c->p >= c->end) {
			c->bad = 1;
			return 0;
		}
		b = *c->p++;
		if (shift < 64)
			v |= (uint64_t)(b & 0x7f) << shift;
		else if ((b & 0x7f) != 0 && (b & 0x7f) != 0x7f)
			c->bad = 1;
		shift += 7;
	} while (b & 0x80);
	if (shift < 64 && (b & 0x40))
		v |= ~0ull << shift;
	return c->bad ? 0 : (int64_t)v;
}

#endif
