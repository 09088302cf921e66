/* test_multicall.c: lib/multicall.c — dispatch, --list, --install, errors */
#include "testutil.h"
#include "procbox.h"

static void resolves_by_argv0_basename(void **state)
{
	char *argv[] = { "/usr/local/bin/pmaps", "-x", "1", NULL };
	char **av = argv;
	int ac = 3;
	const struct applet *a = multicall_resolve(&ac, &av);

	(void)state;
	assert_non_null(a);
	assert_string_equal(a->name, "pmaps");
	assert_int_equal(ac, 3); /* nothing shifted */
	assert_ptr_equal(av, argv);
}

static void resolves_by_first_argument(void **state)
{
	char *argv[] = { "./procbox", "pregs", "-f", NULL };
	char **av = argv;
	int ac = 3;
	const struct applet *a = multicall_resolve(&ac, &av);

	(void)state;
	assert_non_null(a);
	assert_string_equal(a->name, "pregs");
	assert_int_equal(ac, 2);
	assert_string_equal(av[0], "pregs");
	assert_string_equal(av[1], "-f");
}

static void link_name_wins_over_first_argument(void **state)
{
	char *argv[] = { "pcore", "pmaps", NULL };
	char **av = argv;
	int ac = 2;

	(void)state;
	assert_string_equal(multicall_resolve(&ac, &av)->name, "pcore");
}

static void unknown_names_resolve_to_nothing(void **state)
{
	char *argv1[] = { "procbox", "nosuch", NULL }, *argv2[] = { "procbox", NULL };
	char **av = argv1;
	int ac = 2;

	(void)state;
	assert_null(multicall_resolve(&ac, &av));
	av = argv2, ac = 1;
	assert_null(multicall_resolve(&ac, &av));
	assert_null(applet_find("pmap")); /* no prefix matching */
}

static void list_prints_the_applets_sorted(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	applet_list(f);
	fclose(f);
	assert_string_equal(buf, "pcore\npdump\npmaps\npregs\npstack\n");
	free(buf);
}

static void unknown_applet_is_one_line_and_exit_2(void **state)
{
	char *argv[] = { "procbox", "nosuch", NULL };
	struct captured c;

	(void)state;
	run_captured(&c, multicall, 2, argv);
	assert_int_equal(c.status, 2);
	assert_int_equal(count_lines(c.err), 1);
	assert_non_null(strstr(c.err, "unknown applet 'nosuch'"));
	assert_string_equal(c.out, "");
}

static void bad_option_is_one_line_and_exit_2(void **state)
{
	char *argv1[] = { "pmaps", "--bogus", "1", NULL }, *argv2[] = { "procbox", "--bogus", NULL };
	char *argv3[] = { "pregs", "-Z", "1", NULL };
	struct captured c;

	(void)state;
	run_captured(&c, multicall, 3, argv1);
	assert_int_equal(c.status, 2);
	assert_int_equal(count_lines(c.err), 1);
	assert_non_null(strstr(c.err, "pmaps: unknown option '--bogus'"));
	run_captured(&c, multicall, 3, argv3);
	assert_int_equal(c.status, 2);
	assert_non_null(strstr(c.err, "pregs: unknown option '-Z'"));
	run_captured(&c, multicall, 2, argv2);
	assert_int_equal(c.status, 2);
	assert_int_equal(count_lines(c.err), 1);
}

/* One line naming the option, exit 2, under musl (whose optind after a
 * missing argument is argc + 1) and glibc (which said "unknown option"). */
static void missing_argument_names_the_option(void **state)
{
	static const struct {
		const char *args, *msg;
	} cases[] = {
		{ "pcore -o", "pcore: option '-o' needs an argument" },
		{ "pdump -d", "pdump: option '-d' needs an argument" },
		{ "pdump -A", "pdump: option '-A' needs an argument" },
		{ "pdump -n", "pdump: option '-n' needs an argument" },
		{ "pdump -xA", "pdump: option '-A' needs an argument" },
		{ "pdump --metadata", "pdump: option '--metadata' needs an argument" },
		{ "pmaps -A", "pmaps: option '-A' needs an argument" },
		{ "pmaps 1 -x -A", "pmaps: option '-A' needs an argument" },
		{ "pregs -t", "pregs: option '-t' needs an argument" },
		{ "pregs 1 2 -t", "pregs: option '-t' needs an argument" },
		{ "pcore --filter", "pcore: option '--filter' needs an argument" },
		{ "pcore 1 --filter", "pcore: option '--filter' needs an argument" },
		{ "pcore 1 --fil", "pcore: option '--fil' needs an argument" },
		/* and the other mistakes name the right element */
		{ "pmaps --json -Zx 1", "pmaps: unknown option '-Z'" },
		{ "pmaps 1 --bogus=3", "pmaps: unknown option '--bogus'" },
		{ "pmaps --json=1 1", "pmaps: option '--json' takes no argument" },
		{ "pmaps 1 --pag=2", "pmaps: option '--pag' takes no argument" },
	};
	struct captured c;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[64], *argv[8];
		int argc = 0;

		snprintf(buf, sizeof(buf), "%s", cases[i].args);
		for (char *t = strtok(buf, " "); t; t = strtok(NULL, " "))
			argv[argc++] = t;
		argv[argc] = NULL;
		run_captured(&c, multicall, argc, argv);
		if (c.status != 2 || strncmp(c.err, cases[i].msg, strlen(cases[i].msg)))
			print_message("%s: exit %d: %s\n", cases[i].args, c.status, c.err);
		assert_int_equal(c.status, 2);
		assert_int_equal(count_lines(c.err), 1);
		assert_true(!strncmp(c.err, cases[i].msg, strlen(cases[i].msg)));
		assert_string_equal(c.out, "");
	}
}

static void applet_help_goes_to_stdout(void **state)
{
	char *argv[] = { "procbox", "pdump", "--help", NULL };
	struct captured c;

	(void)state;
	run_captured(&c, multicall, 3, argv);
	assert_int_equal(c.status, 0);
	assert_true(!strncmp(c.out, "Usage: pdump ", 13));
	assert_string_equal(c.err, "");
}

static void version_names_arch_and_revision(void **state)
{
	char *argv[] = { "procbox", "--version", NULL };
	struct captured c;
	char want[64];

	(void)state;
	run_captured(&c, multicall, 2, argv);
	assert_int_equal(c.status, 0);
	snprintf(want, sizeof(want), "(%s, git ", PROCBOX_ARCH);
	assert_true(!strncmp(c.out, "procbox ", 8));
	assert_non_null(strstr(c.out, want));
}

static char tmpdir[64];

static const char *in_tmp(const char *name)
{
	static char p[128];

	snprintf(p, sizeof(p), "%s/%s", tmpdir, name);
	return p;
}

static void install_makes_links_and_keeps_other_files(void **state)
{
	char self[128], buf[256];
	const char *names[] = { "pcore", "pdump", "pmaps", "pregs" };
	struct stat st;
	ssize_t n;
	int fd;

	(void)state;
	strcpy(tmpdir, "/tmp/procbox-installXXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	snprintf(self, sizeof(self), "%s/procbox", tmpdir);
	fd = open(self, O_CREAT | O_WRONLY, 0755);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(symlink("/bin/sh", in_tmp("pregs")), 0);  /* a foreign link */
	fd = open(in_tmp("pcore"), O_CREAT | O_WRONLY, 0644);      /* a plain file */
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "mine", 4), 4);
	close(fd);

	assert_int_equal(applet_install(tmpdir, self), EXIT_FAIL); /* two refused */
	n = readlink(in_tmp("pmaps"), buf, sizeof(buf) - 1);
	assert_true(n > 0);
	buf[n] = 0;
	assert_string_equal(buf, self);
	n = readlink(in_tmp("pregs"), buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	assert_string_equal(buf, "/bin/sh");
	assert_int_equal(lstat(in_tmp("pcore"), &st), 0);
	assert_true(S_ISREG(st.st_mode) && st.st_size == 4);

	/* once the foreign entries are gone, a second install succeeds over its own links */
	unlink(in_tmp("pregs"));
	unlink(in_tmp("pcore"));
	assert_int_equal(applet_install(tmpdir, self), EXIT_OK);
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(lstat(in_tmp(names[i]), &st), 0);
		assert_true(S_ISLNK(st.st_mode));
		unlink(in_tmp(names[i]));
	}
	unlink(self);
	rmdir(tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(resolves_by_argv0_basename),
		cmocka_unit_test(resolves_by_first_argument),
		cmocka_unit_test(link_name_wins_over_first_argument),
		cmocka_unit_test(unknown_names_resolve_to_nothing),
		cmocka_unit_test(list_prints_the_applets_sorted),
		cmocka_unit_test(unknown_applet_is_one_line_and_exit_2),
		cmocka_unit_test(bad_option_is_one_line_and_exit_2),
		cmocka_unit_test(missing_argument_names_the_option),
		cmocka_unit_test(applet_help_goes_to_stdout),
		cmocka_unit_test(version_names_arch_and_revision),
		cmocka_unit_test(install_makes_links_and_keeps_other_files),
	};

	return cmocka_run_group_tests_name("multicall", tests, NULL, NULL);
}
