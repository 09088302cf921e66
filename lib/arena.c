/* arena.c: memory handed out in order and given back all at once */
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "procbox.h"

enum { CHUNK_MIN = 64 << 10 };

struct arena_chunk {
	struct arena_chunk *prev;
	size_t used, cap;
	alignas(max_align_t) unsigned char data[];
};

static struct arena_chunk *chunk_new(struct arena *a, size_t cap)
{
	struct arena_chunk *c = xmalloc(sizeof(*c) + cap);

	c->prev = a->chunk, c->used = 0, c->cap = cap;
	return a->chunk = c;
}

void arena_reserve(struct arena *a, size_t n)
{
	memset(chunk_new(a, n)->data, 0, n);
}

void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk *c = a->chunk;
	void *p;

	n = (n + alignof(max_align_t) - 1) & ~(alignof(max_align_t) - 1);
	if (!c || c->cap - c->used < n)
		c = chunk_new(a, n > CHUNK_MIN ? n : CHUNK_MIN);
	p = c->data + c->used;
	c->used += n;
	return p;
}

void arena_free(struct arena *a)
{
	while (a->chunk) {
		struct arena_chunk *c = a->chunk;

		a->chunk = c->prev;
		free(c);
	}
}
