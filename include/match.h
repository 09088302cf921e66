/* match.h: shell globs against names (pdump -n) */
#ifndef MATCH_H
#define MATCH_H

/* Does the whole of s match the glob g: * ? [set] [!set] [a-z] and \c?
 * Time O(len(g) * len(s)) at worst, whatever the stars (no backtracking
 * but to the last *). */
int glob_match(const char *g, const char *s);

#endif
