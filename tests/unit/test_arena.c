/* test_arena.c: lib/arena.c: what is handed out is aligned, apart and kept
 * until freed; the reserve is in memory before it is used */
#include <stdalign.h>
#include <stdint.h>
#include <sys/mman.h>

#include "testutil.h"
#include "arena.h"

static void aligned_apart_and_kept(void **state)
{
	struct arena a = { 0 };
	unsigned char *p[200];
	size_t len[200];

	(void)state;
	arena_reserve(&a, 4096);
	for (int i = 0; i < 200; i++) {
		len[i] = 1 + (size_t)i * 37 % 5000; /* past the reserve, past a chunk */
		if (i == 150)
			len[i] = 300 << 10; /* larger than any chunk */
		p[i] = arena_alloc(&a, len[i]);
		assert_int_equal((uintptr_t)p[i] % alignof(max_align_t), 0);
		memset(p[i], i, len[i]);
	}
	for (int i = 0; i < 200; i++) {
		for (size_t k = 0; k < len[i]; k++)
			if (p[i][k] != (unsigned char)i)
				fail_msg("block %d byte %zu overwritten", i, k);
	}
	arena_free(&a);
	assert_null(a.chunk);
	arena_free(&a); /* twice: nothing left */
	assert_non_null(arena_alloc(&a, 10)); /* usable again, no reserve needed */
	arena_free(&a);
}

/* What is taken from the reserve costs no page fault: its pages are in
 * memory already (mincore), before the first arena_alloc */
static void the_reserve_is_in_memory(void **state)
{
	enum { N = 64 << 10 };
	long page = sysconf(_SC_PAGESIZE);
	struct arena a = { 0 };
	unsigned char *p, vec[N / 1024 + 2];
	uintptr_t lo, hi;

	(void)state;
	arena_reserve(&a, N);
	p = arena_alloc(&a, N);
	lo = (uintptr_t)p & -(uintptr_t)page;
	hi = ((uintptr_t)p + N + page - 1) & -(uintptr_t)page;
	assert_int_equal(mincore((void *)lo, hi - lo, vec), 0);
	for (uintptr_t i = 0; i < (hi - lo) / page; i++)
		if (!(vec[i] & 1))
			fail_msg("page %zu of the reserve not in memory", (size_t)i);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(aligned_apart_and_kept),
		cmocka_unit_test(the_reserve_is_in_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
