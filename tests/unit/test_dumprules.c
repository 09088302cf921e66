/* test_dumprules.c: lib/dumprules.c: how much of a mapping goes into a core.
 * vma_dump_size() as a table of the kernel's rules (fs/coredump.c's
 * vma_dump_size(), in its order), and the anon_vma that core_plan_region()
 * infers from smaps, mapping by mapping. */
#include <elf.h>

#include "testutil.h"
#include "dumprules.h"
#include "maps.h"
#include "smaps.h"

enum { SIZE = 0x5000 }; /* five pages: "whole" is this, not a page or a constant */
#define WHOLE ((uint64_t)SIZE)
#define ELF_PAGE DUMP_IF_ELF /* the first page if the file is executable or an ELF */

#define R PERM_R
#define W PERM_W
#define X PERM_X
#define S PERM_SHARED
#define ALL_BITS 0x1ffu /* every coredump_filter bit, DAX's too */

struct dump_row {
	const char *what;
	struct vma_facts v;
	unsigned filter;
	int all;       /* pcore -a */
	uint64_t want;
};

/* Each rule of the kernel's vma_dump_size(), in its order, and where it
 * stops the next one from deciding; then procbox's -a. */
static const struct dump_row dump_rows[] = {
	/* always_dump_vma(): [vdso], [vvar], [vsyscall], [vectors]: whole, whatever
	 * the filter, VM_DONTDUMP or VM_IO (vvar has both) */
	{ "vdso, filter 0", { .perms = R | X, .always = 1 }, 0, 0, WHOLE },
	{ "vsyscall (--x), filter 0", { .perms = X, .always = 1 }, 0, 0, WHOLE },
	{ "vvar: dontdump and io, filter 0", { .perms = R, .always = 1, .dontdump = 1, .io = 1 }, 0, 0, WHOLE },
	{ "vdso, -a", { .perms = R | X, .always = 1 }, 0, 1, WHOLE },

	/* VM_DONTDUMP: nothing, under every filter */
	{ "dontdump, written anon", { .perms = R | W, .anon = 1, .dontdump = 1 }, ALL_BITS, 0, 0 },
	{ "dontdump, shared memfd", { .perms = R | W | S, .file = 1, .unlinked = 1, .dontdump = 1 }, ALL_BITS, 0, 0 },
	{ "dontdump, hugetlb", { .perms = R | W, .hugetlb = 1, .anon = 1, .dontdump = 1 }, ALL_BITS, 0, 0 },
	{ "dontdump, file, ELF header page", { .perms = R | X, .file = 1, .dontdump = 1 }, ALL_BITS, 0, 0 },

	/* hugetlb: its own two bits decide, before the anon and file ones */
	{ "hugetlb private, default filter", { .perms = R | W, .hugetlb = 1, .anon = 1 }, DUMP_FILTER_DEFAULT, 0, WHOLE },
	{ "hugetlb private, only HUGETLB_PRIVATE", { .perms = R | W, .hugetlb = 1 }, DUMP_HUGETLB_PRIVATE, 0, WHOLE },
	{ "hugetlb private, every bit but HUGETLB_PRIVATE", { .perms = R | W, .hugetlb = 1, .anon = 1, .file = 1 },
	  ALL_BITS & ~DUMP_HUGETLB_PRIVATE, 0, 0 },
	{ "hugetlb private, ANON_PRIVATE only", { .perms = R | W, .hugetlb = 1, .anon = 1 }, DUMP_ANON_PRIVATE, 0, 0 },
	{ "hugetlb shared, default filter (no HUGETLB_SHARED)", { .perms = R | W | S, .hugetlb = 1, .file = 1 },
	  DUMP_FILTER_DEFAULT, 0, 0 },
	{ "hugetlb shared, HUGETLB_SHARED", { .perms = R | W | S, .hugetlb = 1, .file = 1 }, DUMP_HUGETLB_SHARED, 0, WHOLE },
	{ "hugetlb shared, HUGETLB_PRIVATE only", { .perms = R | W | S, .hugetlb = 1, .file = 1 }, DUMP_HUGETLB_PRIVATE, 0, 0 },
	{ "hugetlb shared unlinked, ANON_SHARED only", { .perms = R | W | S, .hugetlb = 1, .file = 1, .unlinked = 1 },
	  DUMP_ANON_SHARED, 0, 0 },

	/* VM_IO: device memory, never (reading it can have side effects) */
	{ "io, every bit", { .perms = R | W | S, .file = 1, .io = 1 }, ALL_BITS, 0, 0 },
	{ "io private with anon_vma, every bit", { .perms = R | W, .file = 1, .io = 1, .anon = 1 }, ALL_BITS, 0, 0 },
	{ "io, -a", { .perms = R | W | S, .file = 1, .io = 1 }, ALL_BITS, 1, 0 },

	/* VM_SHARED: i_nlink 0 (memfd, SysV, shared anonymous) ANON_SHARED, else MAPPED_SHARED */
	{ "shared unlinked (memfd), default filter", { .perms = R | W | S, .file = 1, .unlinked = 1 },
	  DUMP_FILTER_DEFAULT, 0, WHOLE },
	{ "shared unlinked, default but ANON_SHARED", { .perms = R | W | S, .file = 1, .unlinked = 1 },
	  DUMP_FILTER_DEFAULT & ~DUMP_ANON_SHARED, 0, 0 },
	{ "shared unlinked, MAPPED_SHARED only", { .perms = R | W | S, .file = 1, .unlinked = 1 }, DUMP_MAPPED_SHARED, 0, 0 },
	{ "shared file, default filter", { .perms = R | S, .file = 1 }, DUMP_FILTER_DEFAULT, 0, 0 },
	{ "shared file, MAPPED_SHARED", { .perms = R | S, .file = 1 }, DUMP_MAPPED_SHARED, 0, WHOLE },
	{ "shared file, ANON_SHARED only", { .perms = R | S, .file = 1 }, DUMP_ANON_SHARED, 0, 0 },
	/* decided as shared: neither the anon_vma nor the header page counts */
	{ "shared file with anon_vma, ANON_PRIVATE only", { .perms = R | W | S, .file = 1, .anon = 1 },
	  DUMP_ANON_PRIVATE, 0, 0 },
	{ "shared file at offset 0, ELF_HEADERS only", { .perms = R | X | S, .file = 1 }, DUMP_ELF_HEADERS, 0, 0 },
	{ "shared PROT_NONE unlinked, ANON_SHARED", { .perms = S, .file = 1, .unlinked = 1 }, DUMP_ANON_SHARED, 0, WHOLE },

	/* private with an anon_vma (has held anonymous pages): ANON_PRIVATE */
	{ "anon written, default filter", { .perms = R | W, .anon = 1 }, DUMP_FILTER_DEFAULT, 0, WHOLE },
	{ "anon written, filter 0", { .perms = R | W, .anon = 1 }, 0, 0, 0 },
	{ "anon written, every bit but ANON_PRIVATE", { .perms = R | W, .anon = 1 }, ALL_BITS & ~DUMP_ANON_PRIVATE, 0, 0 },
	/* no VM_READ test: PROT_NONE with an anon_vma is dumped whole */
	{ "PROT_NONE with anon_vma, default filter", { .perms = 0, .anon = 1 }, DUMP_FILTER_DEFAULT, 0, WHOLE },
	{ "file private with anon_vma (a library's data), default", { .perms = R | W, .file = 1, .anon = 1, .pgoff = 0x2000 },
	  DUMP_FILTER_DEFAULT, 0, WHOLE },
	{ "file private with anon_vma at offset 0, ANON_PRIVATE beats the header page",
	  { .perms = R | X, .file = 1, .anon = 1 }, DUMP_ANON_PRIVATE | DUMP_ELF_HEADERS, 0, WHOLE },

	/* no file and no anon_vma: nothing, whatever the filter */
	{ "anon untouched, default filter", { .perms = R | W }, DUMP_FILTER_DEFAULT, 0, 0 },
	{ "anon untouched, every bit", { .perms = R | W }, ALL_BITS, 0, 0 },
	{ "PROT_NONE guard, every bit", { .perms = 0 }, ALL_BITS, 0, 0 },

	/* file private: MAPPED_PRIVATE dumps it whole, readable or not */
	{ "file private, MAPPED_PRIVATE", { .perms = R, .file = 1, .pgoff = 0x1000 }, DUMP_MAPPED_PRIVATE, 0, WHOLE },
	{ "file PROT_NONE, MAPPED_PRIVATE", { .perms = 0, .file = 1 }, DUMP_MAPPED_PRIVATE, 0, WHOLE },
	{ "library text, default + MAPPED_PRIVATE", { .perms = R | X, .file = 1 }, DUMP_FILTER_DEFAULT | DUMP_MAPPED_PRIVATE,
	  0, WHOLE },

	/* ELF_HEADERS: offset 0 and VM_READ: the first page, if it is an ELF */
	{ "library text at offset 0, default filter", { .perms = R | X, .file = 1 }, DUMP_FILTER_DEFAULT, 0, ELF_PAGE },
	{ "read-only file at offset 0, ELF_HEADERS only", { .perms = R, .file = 1 }, DUMP_ELF_HEADERS, 0, ELF_PAGE },
	{ "file at offset 0, filter without ELF_HEADERS", { .perms = R | X, .file = 1 }, DUMP_ANON_PRIVATE, 0, 0 },
	{ "file at a page's offset, default filter", { .perms = R, .file = 1, .pgoff = 0x1000 }, DUMP_FILTER_DEFAULT, 0, 0 },
	{ "file PROT_NONE at offset 0 (not VM_READ), default", { .perms = 0, .file = 1 }, DUMP_FILTER_DEFAULT, 0, 0 },
	{ "file --x at offset 0 (not VM_READ), default", { .perms = X, .file = 1 }, DUMP_FILTER_DEFAULT, 0, 0 },

	/* procbox's -a: every readable mapping whole, past the filter and
	 * VM_DONTDUMP (never device memory, above); the rest by the rules */
	{ "-a: anon untouched, filter 0", { .perms = R | W }, 0, 1, WHOLE },
	{ "-a: dontdump", { .perms = R | W, .anon = 1, .dontdump = 1 }, DUMP_FILTER_DEFAULT, 1, WHOLE },
	{ "-a: shared file, filter 0", { .perms = R | S, .file = 1 }, 0, 1, WHOLE },
	{ "-a: hugetlb shared, default filter", { .perms = R | S, .hugetlb = 1, .file = 1 }, DUMP_FILTER_DEFAULT, 1, WHOLE },
	{ "-a: file at a page's offset, filter 0", { .perms = R, .file = 1, .pgoff = 0x3000 }, 0, 1, WHOLE },
	{ "-a: PROT_NONE guard", { .perms = 0 }, DUMP_FILTER_DEFAULT, 1, 0 },
	{ "-a: PROT_NONE with anon_vma (the rules)", { .perms = 0, .anon = 1 }, DUMP_FILTER_DEFAULT, 1, WHOLE },
	{ "-a: PROT_NONE file at offset 0, default (no header page)", { .perms = 0, .file = 1 }, DUMP_FILTER_DEFAULT, 1, 0 },
	{ "-a: --x file, filter 0", { .perms = X, .file = 1 }, 0, 1, 0 },
	{ "-a: dontdump PROT_NONE", { .perms = 0, .anon = 1, .dontdump = 1 }, ALL_BITS, 1, 0 },
};

static void dump_size_table(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(dump_rows) / sizeof(dump_rows[0]); i++) {
		const struct dump_row *d = &dump_rows[i];
		uint64_t got = vma_dump_size(&d->v, SIZE, d->filter, d->all);

		if (got != d->want) {
			print_error("%s (filter %#x%s): %#llx, the kernel's rule says %#llx\n", d->what, d->filter,
				    d->all ? ", -a" : "", (unsigned long long)got, (unsigned long long)d->want);
			bad = 1;
		}
	}
	assert_int_equal(bad, 0);
}

/* The rules that no filter bit can change, over all 512 filters */
static void rules_under_every_filter(void **state)
{
	const struct vma_facts vdso = { .perms = R | X, .always = 1 }, io = { .perms = R | W, .file = 1, .io = 1, .anon = 1 },
			       dd = { .perms = R | W, .anon = 1, .dontdump = 1 }, untouched = { .perms = R | W },
			       written = { .perms = R | W, .anon = 1 }, memfd = { .perms = R | W | S, .file = 1, .unlinked = 1 },
			       lib = { .perms = R | X, .file = 1 };

	(void)state;
	for (unsigned f = 0; f <= ALL_BITS; f++) {
		assert_true(vma_dump_size(&vdso, SIZE, f, 0) == WHOLE);
		assert_true(vma_dump_size(&io, SIZE, f, 0) == 0);
		assert_true(vma_dump_size(&io, SIZE, f, 1) == 0);
		assert_true(vma_dump_size(&dd, SIZE, f, 0) == 0);
		assert_true(vma_dump_size(&dd, SIZE, f, 1) == WHOLE);
		assert_true(vma_dump_size(&untouched, SIZE, f, 0) == 0);
		assert_true(vma_dump_size(&untouched, SIZE, f, 1) == WHOLE);
		/* one bit each decides, the others do not matter */
		assert_true(vma_dump_size(&written, SIZE, f, 0) == (f & DUMP_ANON_PRIVATE ? WHOLE : 0));
		assert_true(vma_dump_size(&memfd, SIZE, f, 0) == (f & DUMP_ANON_SHARED ? WHOLE : 0));
		assert_true(vma_dump_size(&lib, SIZE, f, 0) ==
			    (f & DUMP_MAPPED_PRIVATE ? WHOLE : f & DUMP_ELF_HEADERS ? ELF_PAGE : 0));
	}
}

/* /proc/PID/coredump_filter's bits as core(5) numbers them, and its default */
static void filter_bits_are_the_kernels(void **state)
{
	(void)state;
	assert_int_equal(DUMP_ANON_PRIVATE, 1 << 0);
	assert_int_equal(DUMP_ANON_SHARED, 1 << 1);
	assert_int_equal(DUMP_MAPPED_PRIVATE, 1 << 2);
	assert_int_equal(DUMP_MAPPED_SHARED, 1 << 3);
	assert_int_equal(DUMP_ELF_HEADERS, 1 << 4);
	assert_int_equal(DUMP_HUGETLB_PRIVATE, 1 << 5);
	assert_int_equal(DUMP_HUGETLB_SHARED, 1 << 6);
	assert_int_equal(DUMP_FILTER_DEFAULT, 0x33);
}

/* the plan's first-page question: no file in these rows is an ELF */
static int never_elf(void *ctx, const struct region *r)
{
	(void)ctx, (void)r;
	return 0;
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
				.ac_rule = ac_rule, .elf_header = never_elf };
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

static void anon_vma_rules(void **state)
{
	(void)state;
	plan_rows(AC_RULE_YES, 0);
	plan_rows(AC_RULE_NO, 0);
	plan_rows(AC_RULE_YES, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dump_size_table),
		cmocka_unit_test(rules_under_every_filter),
		cmocka_unit_test(filter_bits_are_the_kernels),
		cmocka_unit_test(anon_vma_rules),
	};

	return cmocka_run_group_tests_name("dumprules", tests, NULL, NULL);
}
