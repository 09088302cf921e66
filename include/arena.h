/* arena.h: memory handed out in order and given back all at once */
#ifndef ARENA_H
#define ARENA_H

#include <stddef.h>

struct arena_chunk;
struct arena {
	struct arena_chunk *chunk; /* the newest; each points to the one before */
};

/* A first chunk of n bytes, touched now: what is taken from it later costs
 * neither a system call nor a page fault (while a target is held). */
void arena_reserve(struct arena *a, size_t n);
/* n bytes, aligned for any type; a new chunk when the room runs out. */
void *arena_alloc(struct arena *a, size_t n);
/* Everything handed out, at once; the arena is empty again. */
void arena_free(struct arena *a);

#endif
