/* addr.h: the addresses a user types: "7f12a000", "0x7f12a000", "[heap]",
 * "[heap]+0x40", "libc.so.6+0x1000", with an optional "+LEN" or "-END" */
#ifndef ADDR_H
#define ADDR_H

#include <stdint.h>

#include "maps.h"

struct addr_range {
	uint64_t start;
	uint64_t len;  /* 0 if none was given */
	const struct region *region; /* the mapping start lies in, or NULL */
};

/*
 * ADDR[+LEN|-END] against a process's maps. ADDR is hex (0x optional) or a
 * mapping's name — its full name or its file's basename, the lowest mapping
 * of that name — with an optional +OFFSET. ADDR and END are hex; OFFSET and
 * LEN decimal, or hex with 0x. 0, or -1 with *why set ("not mapped", ...).
 */
int addr_parse(const struct maps *m, const char *spec, struct addr_range *r, const char **why);

/* A number at *s, which moves past it: 0x-prefixed hex, else hex (hex set)
 * or decimal. More than 64 bits is junk (-1), not UINT64_MAX. */
int parse_number(const char **s, int hex, uint64_t *v);
/* All of s as hex, 0x optional: "0x7f00", "7f00"; -1 on junk. */
int parse_hex(const char *s, uint64_t *v);
/* -A's argument: "LOW,HIGH" (hex; an empty side is 0 or the top) as the
 * range [LOW, HIGH), or one address as [ADDR, ADDR+1): the mapping that
 * holds it. NULL, or why it is wrong. */
const char *addr_bounds(const char *arg, uint64_t *lo, uint64_t *hi);

#endif
