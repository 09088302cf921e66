/* addr.c: ADDR[+LEN|-END] as a user types it, resolved against the maps */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"

int parse_number(const char **s, int hex, uint64_t *v)
{
	char *end;

	if ((*s)[0] == '0' && ((*s)[1] == 'x' || (*s)[1] == 'X'))
		*s += 2, hex = 1;
	if (!strchr(hex ? "0123456789abcdefABCDEF" : "0123456789", **s) || !**s)
		return -1;
	errno = 0;
	*v = strtoull(*s, &end, hex ? 16 : 10);
	*s = end;
	return errno == ERANGE ? -1 : 0;
}

int parse_hex(const char *s, uint64_t *v)
{
	return parse_number(&s, 1, v) || *s ? -1 : 0;
}

const char *addr_bounds(const char *arg, uint64_t *lo, uint64_t *hi)
{
	const char *comma = strchr(arg, ',');

	*lo = 0, *hi = UINT64_MAX;
	if (!comma) { /* one address: the mapping that holds it */
		if (parse_hex(arg, lo) || *lo == UINT64_MAX)
			return "not a hex address";
		*hi = *lo + 1;
		return NULL;
	}
	if (comma > arg && (parse_number(&arg, 1, lo) || arg != comma))
		return "LOW is not a hex address";
	if (comma[1] && parse_hex(comma + 1, hi))
		return "HIGH is not a hex address";
	return *lo < *hi ? NULL : "LOW must be below HIGH";
}

static const char *basename_of(const char *name)
{
	const char *slash = strrchr(name, '/');

	return name[0] == '/' && slash ? slash + 1 : name;
}

/* The lowest mapping whose name or basename is the longest prefix of s. */
static const struct region *by_name(const struct maps *m, const char *s, size_t *used)
{
	const struct region *best = NULL;

	*used = 0;
	for (size_t i = 0; i < m->n; i++) {
		const char *names[2] = { m->r[i].name, basename_of(m->r[i].name) };

		for (int k = 0; k < 2; k++) {
			size_t n = strlen(names[k]);

			if (n && n > *used && !strncmp(s, names[k], n) && strchr("+-", s[n]))
				best = &m->r[i], *used = n;
		}
	}
	return best;
}

int addr_parse(const struct maps *m, const char *spec, struct addr_range *r, const char **why)
{
	const char *s = spec;
	uint64_t v;
	size_t used;

	memset(r, 0, sizeof(*r));
	*why = "not an address or a mapping's name";
	if ((r->region = by_name(m, s, &used))) {
		r->start = r->region->start;
		s += used;
		if (*s == '+') {
			s++;
			if (parse_number(&s, 0, &v) || v > UINT64_MAX - r->start)
				return *why = "bad offset", -1;
			r->start += v;
		}
	} else if (parse_number(&s, 1, &r->start) || (*s && !strchr("+-", *s))) {
		return -1;
	}
	if (*s == '+') {
		s++;
		if (parse_number(&s, 0, &r->len) || *s || !r->len)
			return *why = "bad length", -1;
	} else if (*s == '-') {
		s++;
		if (parse_number(&s, 1, &v) || *s || v <= r->start)
			return *why = "bad end address", -1;
		r->len = v - r->start;
	} else if (*s) {
		return -1;
	}
	if (!(r->region = maps_find(m, r->start)))
		return *why = "not mapped", -1;
	if (r->len > r->region->end - r->start) /* not start + len: it may wrap */
		return *why = "runs past the end of its mapping", -1;
	return 0;
}
