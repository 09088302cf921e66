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

#endif
