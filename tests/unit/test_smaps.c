/* test_smaps.c: lib/smaps.c on the smaps files of the fixture processes */
#include "testutil.h"
#include "smaps.h"

/* the fixture cases (tests/data/cores/CASE), listed by main() */
static char **cases;

struct seen {
	size_t n;
	struct maps maps; /* the same process's maps file, to compare with */
	int size_k, rss_k;
};

static int check_region(void *ctx, const struct smaps_keys *k, const struct smaps_entry *e)
{
	struct seen *s = ctx;
	const struct region *want = &s->maps.r[s->n++];

	assert_true(s->n <= s->maps.n);
	assert_true(e->r.start == want->start && e->r.end == want->end);
	assert_int_equal(e->r.perms, want->perms);
	assert_string_equal(e->r.name, want->name);
	s->size_k = smaps_key(k, "Size");
	s->rss_k = smaps_key(k, "Rss");
	assert_true(s->size_k >= 0 && s->rss_k >= 0);
	assert_int_equal(smaps_key(k, "VmFlags"), -1); /* a string, not a number column */
	/* Size is the region's length in kB; Rss can never exceed it */
	assert_true(e->val[s->size_k] == (e->r.end - e->r.start) / 1024);
	assert_true(e->val[s->rss_k] <= e->val[s->size_k]);
	assert_true(strlen(e->vmflags) >= 2 && e->vmflags[strlen(e->vmflags) - 1] != ' ');
	assert_true(smaps_vmflag(e->vmflags, "mr") || !(e->r.perms & PERM_R) || e->r.kind == REGION_VSYSCALL);
	return 0;
}

static void fixture_smaps_agree_with_maps(void **state)
{
	(void)state;
	for (size_t i = 0; cases[i]; i++) {
		struct seen s = { 0 };
		char *smaps = slurp(data_path("cores/%s/smaps", cases[i]), NULL);

		assert_int_equal(maps_parse(&s.maps, slurp(data_path("cores/%s/maps", cases[i]), NULL), "maps"), 0);
		assert_int_equal(smaps_parse(smaps, "smaps", check_region, &s), 0);
		assert_int_equal(s.n, s.maps.n);
		maps_free(&s.maps);
		free(smaps);
	}
}

static int count(void *ctx, const struct smaps_keys *k, const struct smaps_entry *e)
{
	(void)k, (void)e;
	return ++*(int *)ctx;
}

/* VmFlags is words, kept apart: not among the keys (pmaps -X's columns) */
static int no_vmflags_key(void *ctx, const struct smaps_keys *k, const struct smaps_entry *e)
{
	(void)ctx;
	assert_int_equal(k->n, 1);
	assert_string_equal(k->name[0], "Rss");
	assert_string_equal(e->vmflags, "rd mr");
	return 0;
}

static void malformed_smaps_are_errors(void **state)
{
	const char *bad[] = {
		"Rss: 4 kB\n",                                            /* key before any region */
		"1000-2000 r--p 00000000 00:00 0\nRss 4 kB\n",              /* no colon */
		"1000-2000 r--p 00000000 00:00 0\nRss: four kB\n",          /* not a number */
		"1000-2000 r--p 00000000 00:00 0\nRss: 4 MB\n",             /* unknown unit */
		"1000-2000 r--p 00000000 0000 0\nRss: 4 kB\n",              /* bad header */
	};
	int n = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *t = strdup(bad[i]);
		int saved = stderr_off();

		assert_int_equal(smaps_parse(t, "t", count, &n), -1);
		stderr_on(saved);
		free(t);
	}
	n = 0;
	{
		char *t = strdup("1000-2000 r--p 00000000 00:00 0\nRss: 4 kB\nVmFlags: rd mr \n"
				 "3000-4000 rw-p 00000000 00:00 0\nRss: 8 kB\nProtectionKey: 0\n");

		assert_int_equal(smaps_parse(t, "t", count, &n), 0);
		assert_int_equal(n, 2);
		free(t);
		t = strdup("1000-2000 r--p 00000000 00:00 0\nRss: 4 kB\nVmFlags: rd mr \n");
		assert_int_equal(smaps_parse(t, "t", no_vmflags_key, NULL), 0);
		free(t);
	}
}

static void vmflags_lookup(void **state)
{
	(void)state;
	assert_true(smaps_vmflag("rd wr mr mw me dd", "dd"));
	assert_true(smaps_vmflag("io", "io"));
	assert_false(smaps_vmflag("rd wr mr mw me", "dd"));
	assert_false(smaps_vmflag("", "rd"));
	assert_false(smaps_vmflag("ard", "rd")); /* whole two-letter flags only */
	assert_false(smaps_vmflag("rd w", "dd")); /* an odd letter at the end: no read past it */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fixture_smaps_agree_with_maps),
		cmocka_unit_test(malformed_smaps_are_errors),
		cmocka_unit_test(vmflags_lookup),
	};

	cases = fixture_cases();
	return cmocka_run_group_tests_name("smaps", tests, NULL, NULL);
}
