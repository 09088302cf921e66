/* test_out.c: lib/out.c: the stdout buffer, taking output back */
#include "testutil.h"
#include "out.h"

static int saved_fd, file_fd;

/* standard output into a temporary file */
static void catch_start(void)
{
	char path[] = "/tmp/procbox-outXXXXXX";

	file_fd = mkstemp(path);
	assert_true(file_fd >= 0);
	unlink(path);
	saved_fd = dup(1);
	dup2(file_fd, 1);
}

static char *catch_end(void)
{
	static char buf[100000];

	assert_int_equal(out_flush(), 0);
	dup2(saved_fd, 1);
	close(saved_fd);
	capture_fd(file_fd, buf, sizeof(buf));
	return buf;
}

/* what an argument printed before it failed is taken back while buffered */
static void rewind_takes_back_what_is_buffered(void **state)
{
	static char big[70000];
	uint64_t mark;
	char *s;

	(void)state;
	catch_start();
	out_str("abc");
	mark = out_mark();
	out_str("def");
	assert_int_equal(out_rewind(mark), 0);
	out_str("g\n");
	assert_string_equal(catch_end(), "abcg\n");

	/* past the buffer: some of it is written already, nothing taken back */
	catch_start();
	out_flush();
	mark = out_mark();
	memset(big, 'x', sizeof(big));
	out_mem(big, sizeof(big));
	assert_int_equal(out_rewind(mark), -1);
	s = catch_end();
	assert_int_equal(strlen(s), sizeof(big));
	/* a mark ahead of the output is refused too */
	assert_int_equal(out_rewind(out_mark() + 1), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rewind_takes_back_what_is_buffered),
	};

	return cmocka_run_group_tests_name("out", tests, NULL, NULL);
}
