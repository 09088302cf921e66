/* test_pagemap.c: lib/pagemap.c: entry decoding everywhere; our own pages where /proc allows */
#include <sys/mman.h>

#include "testutil.h"
#include "pagemap.h"

static void tally_counts_each_bit(void **state)
{
	const uint64_t e[] = {
		0,                                            /* never touched */
		PM_PRESENT | PM_EXCLUSIVE | PM_SOFT_DIRTY | 1234,
		PM_PRESENT | PM_FILE_OR_SHARED | 99,
		PM_SWAPPED | PM_SOFT_DIRTY | (77ull << 5) | 2, /* swap type 2, offset 77 */
		PM_SOFT_DIRTY,                                /* soft-dirty alone: not populated */
	};
	struct pagemap_counts c = { 0 };

	(void)state;
	pagemap_tally(e, 5, &c);
	assert_int_equal(c.present, 2);
	assert_int_equal(c.swapped, 1);
	assert_int_equal(c.soft_dirty, 2);
	assert_int_equal(c.exclusive, 1);
	assert_int_equal(c.file_shared, 1);
	assert_int_equal(PM_SWAP_TYPE(e[3]), 2);
	assert_int_equal(PM_SWAP_OFFSET(e[3]), 77);
}

/* Our own anonymous mapping: 3 pages written out of 64, the rest untouched.
 * Under QEMU user-mode /proc/self/pagemap describes the emulator: skip there. */
static void own_pages_counted(void **state)
{
	long ps = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 64 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct pagemap pm;
	struct pagemap_counts c = { 0 };

	(void)state;
	assert_true(p != MAP_FAILED);
	p[0] = 1, p[10 * ps] = 1, p[63 * ps] = 1;
	skip_under_qemu("/proc/self/pagemap describes the emulator, not this program");
	assert_int_equal(pagemap_open(&pm, getpid()), 0);
	assert_int_equal(pagemap_count(&pm, (uintptr_t)p, (uintptr_t)p + 64 * ps, &c), 0);
	assert_int_equal(c.pages, 64);
	assert_int_equal(c.present, 3);
	assert_int_equal(c.untouched, 61);
	assert_int_equal(c.exclusive, 3);
	assert_int_equal(c.soft_dirty, pm.soft_dirty_support ? 3 : 0);
	pagemap_close(&pm);
	munmap(p, 64 * ps);
}

static void test_metadata_lines(void **state)
{
	char buf[64];
	size_t n;
	(void)state;
	/* the seed's format: present, swapped */
	n = pagemap_meta_line(buf, PM_PRESENT | PM_EXCLUSIVE | 1234, 0, 0, 1);
	assert_int_equal(n, 3);
	assert_memory_equal(buf, "10\n", 3);
	n = pagemap_meta_line(buf, 0, 0, 0, 1);
	assert_memory_equal(buf, "00\n", n);
	/* full: soft-dirty, exclusive, file/shared, unreadable, the swap entry */
	n = pagemap_meta_line(buf, PM_PRESENT | PM_SOFT_DIRTY | PM_FILE_OR_SHARED, 1, 0, 1);
	assert_int_equal(n, 8);
	assert_memory_equal(buf, "10 1010\n", n);
	n = pagemap_meta_line(buf, PM_PRESENT | PM_EXCLUSIVE, 1, 1, 0);
	assert_memory_equal(buf, "10 -101\n", n);
	n = pagemap_meta_line(buf, PM_SWAPPED | (0x1a2bull << 5) | 3, 1, 0, 1);
	buf[n] = 0;
	assert_string_equal(buf, "01 0000 swap:3:1a2b\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_metadata_lines),
		cmocka_unit_test(tally_counts_each_bit),
		cmocka_unit_test(own_pages_counted),
	};

	return cmocka_run_group_tests_name("pagemap", tests, NULL, NULL);
}
