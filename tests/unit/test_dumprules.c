/* test_dumprules.c: lib/dumprules.c, the kernel's rules of what a core
 * holds: vma_dump_size() case by case, and the anon_vma inferred from smaps
 * mapping by mapping, for kernels before and after 6.2 */
#include <elf.h>

#include "dumprules.h"
#include "maps.h"
#include "smaps.h"
#include "testutil.h"

/* the first-page question, never asked of these anonymous mappings */
static int no_elf_header(void *ctx, const struct region *r)
{
	(void)ctx, (void)r;
	return 0;
}

static void test_dump_rules(void **state)
{
	enum { MiB = 1 << 20 };
	const struct vma_facts anon_written = { .perms = PERM_R | PERM_W, .anon = 1 },
			       anon_untouched = { .perms = PERM_R | PERM_W },
			       guard = { .perms = 0, .anon = 1 }, guard_untouched = { .perms = 0 },
			       none_file = { .perms = 0, .file = 1 },
			       vdso = { .perms = PERM_R | PERM_X, .always = 1 },
			       vsyscall = { .perms = PERM_X, .always = 1 },
			       dd = { .perms = PERM_R | PERM_W, .anon = 1, .dontdump = 1 },
			       io = { .perms = PERM_R | PERM_W | PERM_SHARED, .file = 1, .io = 1 },
			       memfd = { .perms = PERM_R | PERM_W | PERM_SHARED, .file = 1, .unlinked = 1 },
			       shared_file = { .perms = PERM_R | PERM_SHARED, .file = 1 },
			       lib_text = { .perms = PERM_R | PERM_X, .file = 1 },
			       lib_data = { .perms = PERM_R | PERM_W, .file = 1, .anon = 1, .pgoff = 0x2000 },
			       lib_rest = { .perms = PERM_R, .file = 1, .pgoff = 0x1000 },
			       huge = { .perms = PERM_R | PERM_W, .hugetlb = 1, .anon = 1 };
	(void)state;
	assert_int_equal(vma_dump_size(&anon_written, MiB, DUMP_FILTER_DEFAULT, 0), MiB);
	assert_int_equal(vma_dump_size(&anon_written, MiB, 0, 0), 0);
	assert_int_equal(vma_dump_size(&anon_untouched, MiB, DUMP_FILTER_DEFAULT, 0), 0);
	/* vma_dump_size() has no VM_READ test: PROT_NONE with an anon_vma is dumped */
	assert_int_equal(vma_dump_size(&guard, MiB, DUMP_FILTER_DEFAULT, 0), MiB);
	assert_int_equal(vma_dump_size(&guard, MiB, DUMP_FILTER_DEFAULT, 1), MiB);
	assert_int_equal(vma_dump_size(&guard_untouched, MiB, DUMP_FILTER_DEFAULT, 1), 0);
	assert_int_equal(vma_dump_size(&none_file, MiB, DUMP_FILTER_DEFAULT, 0), 0); /* no header page: not VM_READ */
	assert_int_equal(vma_dump_size(&none_file, MiB, DUMP_MAPPED_PRIVATE, 0), MiB);
	assert_int_equal(vma_dump_size(&vdso, 8192, 0, 0), 8192);
	assert_int_equal(vma_dump_size(&vsyscall, 4096, 0, 0), 4096);
	assert_int_equal(vma_dump_size(&dd, MiB, DUMP_FILTER_DEFAULT, 0), 0);
	assert_int_equal(vma_dump_size(&dd, MiB, DUMP_FILTER_DEFAULT, 1), MiB); /* -a */
	assert_int_equal(vma_dump_size(&io, MiB, 0x1ff, 1), 0);                 /* never */
	assert_int_equal(vma_dump_size(&memfd, MiB, DUMP_FILTER_DEFAULT, 0), MiB);
	assert_int_equal(vma_dump_size(&memfd, MiB, DUMP_FILTER_DEFAULT & ~DUMP_ANON_SHARED, 0), 0);
	assert_int_equal(vma_dump_size(&shared_file, MiB, DUMP_FILTER_DEFAULT, 0), 0);
	assert_int_equal(vma_dump_size(&shared_file, MiB, DUMP_MAPPED_SHARED, 0), MiB);
	assert_true(vma_dump_size(&lib_text, MiB, DUMP_FILTER_DEFAULT, 0) == DUMP_IF_ELF);
	assert_int_equal(vma_dump_size(&lib_text, MiB, DUMP_FILTER_DEFAULT | DUMP_MAPPED_PRIVATE, 0), MiB);
	assert_int_equal(vma_dump_size(&lib_data, MiB, DUMP_FILTER_DEFAULT, 0), MiB);
	assert_int_equal(vma_dump_size(&lib_rest, MiB, DUMP_FILTER_DEFAULT, 0), 0);
	assert_int_equal(vma_dump_size(&huge, MiB, DUMP_FILTER_DEFAULT, 0), MiB);
	assert_int_equal(vma_dump_size(&huge, MiB, DUMP_ANON_PRIVATE, 0), 0);
}

/* The anon_vma as pcore infers it from smaps, mapping by mapping: the
 * layouts of tests/targets/vma_target.c (the kernel's cores of it gave the
 * sizes) and a few more. */
struct rule_row {
	const char *perms;
	unsigned anon_kb;
	const char *vmflags;
	unsigned dump_pages;   /* the kernel's (AC_RULE_YES) */
	unsigned dump_pages_6_1; /* before Linux 6.2 (AC_RULE_NO), when it differs; else ~0u */
};
#define SAME ~0u

static const struct rule_row rule_rows[] = {
	{ "---p", 0, "mr mw me nr", 0, SAME },               /* a guard: mmap()ed PROT_NONE */
	{ "rw-p", 4, "rd wr mr mw me ac nh", 2, SAME },      /* early_split: madvise, then a page */
	{ "rw-p", 0, "rd wr mr mw me ac", 0, SAME },         /* its untouched rest (a JVM's) */
	{ "---p", 0, "mr mw me nr", 0, SAME },
	{ "rw-p", 0, "rd wr mr mw me ac", 3, SAME },         /* ro_middle: split by mprotect */
	{ "r--p", 8, "rd mr mw me ac", 2, SAME },            /*   after pages 3-4 were written */
	{ "rw-p", 0, "rd wr mr mw me ac", 3, SAME },
	{ "---p", 0, "mr mw me nr", 0, SAME },
	{ "rw-p", 4, "rd wr mr mw me ac", 1, SAME },         /* ro_rest: page 0 written */
	{ "r--p", 0, "rd mr mw me ac", 7, 0 },               /*   the rest made read-only: kept ac */
	{ "---p", 0, "mr mw me nr", 0, SAME },
	{ "r--p", 0, "rd mr mw me", 0, SAME },               /* ro_untouched: ac dropped */
	{ "---p", 0, "mr mw me nr", 0, SAME },
	{ "---p", 16, "mr mw me ac", 4, SAME },              /* none_touched: PROT_NONE with pages */
	{ "---p", 0, "mr mw me nr", 0, SAME },
	{ "rw-p", 4, "rd wr mr mw me ac", 1, SAME },         /* none_rest */
	{ "---p", 0, "mr mw me ac", 7, 0 },
	{ "---p", 0, "mr mw me nr", 0, SAME },               /* a guard after it: its own */
	{ "r--p", 8, "rd mr mw me ac", 2, SAME },            /* read-only with pages, then */
	{ "rw-p", 0, "rd wr mr mw me ac nh", 0, SAME },      /*   a neighbour with other flags */
	{ "---p", 0, "mr mw me", 0, SAME },                  /* a thread stack's guard */
	{ "rw-p", 12, "rd wr mr mw me ac", 3, SAME },        /*   and the stack */
};

static void plan_rows(int ac_rule, int all)
{
	enum { N = sizeof(rule_rows) / sizeof(rule_rows[0]) };
	struct coredump cd = { .arch = &arch_x86_64, .page_size = 4096 };
	struct ntfile files = { 0 };
	struct core_plan pl = { .cd = &cd, .files = &files, .filter = DUMP_FILTER_DEFAULT, .all = all,
				.ac_rule = ac_rule, .elf_header = no_elf_header };
	char *text = malloc(N * 256), *t = text;
	uint64_t at = 0x10000;

	for (size_t i = 0; i < N; i++) {
		const struct rule_row *w = &rule_rows[i];
		unsigned pages = w->dump_pages ? w->dump_pages : w->anon_kb ? w->anon_kb / 4 : 2;

		t += sprintf(t, "%llx-%llx %s 00000000 00:00 0\nSize: %u kB\nAnonymous: %u kB\nSwap: 0 kB\nVmFlags: %s\n",
			     (unsigned long long)at, (unsigned long long)(at + pages * 4096), w->perms, pages * 4,
			     w->anon_kb, w->vmflags);
		at += pages * 4096;
	}
	assert_int_equal(smaps_parse(text, "rows", core_plan_region, &pl), 0);
	assert_int_equal(cd.nmap, N);
	for (size_t i = 0; i < N; i++) {
		const struct rule_row *w = &rule_rows[i];
		uint64_t size = cd.map[i].end - cd.map[i].start, want = w->dump_pages * 4096;

		if (ac_rule == AC_RULE_NO && w->dump_pages_6_1 != SAME)
			want = w->dump_pages_6_1 * 4096;
		if (all && w->perms[0] == 'r')
			want = size;
		if (cd.map[i].dump != want)
			fail_msg("row %zu (%s %s, %u kB anonymous, ac rule %d, all %d): %llu bytes, not %llu", i, w->perms,
				 w->vmflags, w->anon_kb, ac_rule, all, (unsigned long long)cd.map[i].dump,
				 (unsigned long long)want);
	}
	free(text);
	ntfile_free(&files);
	coredump_free(&cd);
}

static void test_anon_vma_rules(void **state)
{
	(void)state;
	plan_rows(AC_RULE_YES, 0);
	plan_rows(AC_RULE_NO, 0);
	plan_rows(AC_RULE_YES, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dump_rules),
		cmocka_unit_test(test_anon_vma_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
