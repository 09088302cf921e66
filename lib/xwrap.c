/* xwrap.c: allocation that does not fail. Out of memory ends procbox through
 * error_exit(), which lets a held target go and drops unfinished outputs
 * first (the fatal hooks), so callers need no out-of-memory branch. */
#include <stdint.h>
#include <stdlib.h>

#include "procbox.h"

void *xrealloc(void *p, size_t n)
{
	if (!(p = realloc(p, n ? n : 1)))
		error_exit("out of memory (%zu bytes)", n);
	return p;
}

void *xmalloc(size_t n)
{
	return xrealloc(NULL, n);
}

void *xzalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (!p)
		error_exit("out of memory (%zu bytes)", n);
	return p;
}

void *xgrow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 16;

	if (need <= *cap)
		return p;
	while (n < need && n <= SIZE_MAX / 2)
		n *= 2;
	if (n < need || n > SIZE_MAX / size)
		error_exit("out of memory (%zu elements of %zu bytes)", need, size);
	*cap = n;
	return xrealloc(p, n * size);
}
