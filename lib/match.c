/* match.c: a shell glob (musl's fnmatch brings 8 KB of wide-character tables
 * along). Iterative: on a mismatch only the last * takes one more character,
 * which is enough as a * matches anything; a recursive matcher tries every
 * split between the stars, exponential in their number. */
#include <string.h>

#include "match.h"

/* The element of g at its start against c (a set, an escape, ? or a
 * character); *next: the element after it */
static int element(const char *g, char c, const char **next)
{
	const char *end;

	/* [set], [!set], [a-z]; a ']' first in the set is a member */
	if (*g == '[' && g[1] && (end = strchr(g + 2 + (g[1] == '!'), ']'))) {
		int neg = g[1] == '!', hit = 0;

		for (const char *p = g + 1 + neg; p < end; p++) {
			if (p[1] == '-' && p + 2 < end) {
				hit |= c >= p[0] && c <= p[2];
				p += 2;
			} else {
				hit |= c == *p;
			}
		}
		*next = end + 1;
		return hit != neg;
	}
	if (*g == '\\' && g[1]) {
		*next = g + 2;
		return g[1] == c;
	}
	*next = g + 1;
	return *g == '?' || *g == c;
}

int glob_match(const char *g, const char *s)
{
	const char *star = NULL, *from = NULL, *next;

	while (*s) {
		if (*g == '*') {
			star = ++g, from = s; /* the * matches nothing so far */
		} else if (*g && element(g, *s, &next)) {
			g = next, s++;
		} else if (star) {
			g = star, s = ++from; /* it takes one more character */
		} else {
			return 0;
		}
	}
	while (*g == '*')
		g++;
	return !*g;
}
