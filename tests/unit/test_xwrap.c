/* test_xwrap.c: lib/xwrap.c: growth, and running out of memory ends procbox
 * the way any fatal error does, hooks first */
#include "testutil.h"
#include "fatal.h"
#include "procbox.h"

static void grows_by_doubling_and_keeps_the_contents(void **state)
{
	size_t cap = 0;
	int *v = NULL;

	(void)state;
	v = xgrow(v, &cap, 1, sizeof(*v));
	assert_int_equal(cap, 16);
	for (int i = 0; i < 1000; i++) {
		v = xgrow(v, &cap, i + 1, sizeof(*v));
		v[i] = i;
	}
	assert_int_equal(cap, 1024);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(v[i], i);
	v = xgrow(v, &cap, 10, sizeof(*v)); /* enough room: nothing moves */
	assert_int_equal(cap, 1024);
	free(v);
}

static int hook_fd = -1;

static void hook(void)
{
	write(hook_fd, "hook ran", 8);
}

/* In a child: the hook (what detaches a target, removes a staged file) runs,
 * one line on stderr, exit 1 */
static void out_of_memory_runs_the_hooks_and_exits_1(void **state)
{
	int p[2], err[2], status;
	char buf[256] = "";
	pid_t child;

	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(pipe(err), 0);
	child = fork();
	if (!child) {
		hook_fd = p[1];
		dup2(err[1], 2);
		fatal_hook(FATAL_OUTPUT, hook);
		xgrow(NULL, &(size_t){ 0 }, SIZE_MAX / 2, 16); /* more than any address space */
		_exit(0);
	}
	close(p[1]);
	close(err[1]);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), EXIT_FAIL);
	assert_int_equal(read(p[0], buf, sizeof(buf) - 1), 8);
	assert_string_equal(buf, "hook ran");
	memset(buf, 0, sizeof(buf));
	assert_true(read(err[0], buf, sizeof(buf) - 1) > 0);
	assert_non_null(strstr(buf, "out of memory"));
	assert_int_equal(strchr(buf, '\n') - buf, (long)strlen(buf) - 1); /* one line */
	close(p[0]);
	close(err[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(grows_by_doubling_and_keeps_the_contents),
		cmocka_unit_test(out_of_memory_runs_the_hooks_and_exits_1),
	};

	return cmocka_run_group_tests_name("xwrap", tests, NULL, NULL);
}
