/* test_out.c: lib/out.c: the stdout buffer, taking output back, text the
 * target controls */
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

static char *text(const char *in)
{
	catch_start();
	out_text(in);
	return catch_end();
}

/* nothing a target names itself can forge a line or reach the terminal */
static void text_escapes_controls(void **state)
{
	(void)state;
	assert_string_equal(text("/usr/lib/libc.so.6 (deleted)"), "/usr/lib/libc.so.6 (deleted)");
	assert_string_equal(text("a\n00007f0000000000 4K rwx-- FAKE"), "a?00007f0000000000 4K rwx-- FAKE");
	assert_string_equal(text("\x1b[2J\rx\t\x7f\x01"), "?[2J?x???");
	/* UTF-8 stays; C1 controls (CSI as U+009B) and invalid bytes do not */
	assert_string_equal(text("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xc2\xa0"),
			    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xc2\xa0");
	assert_string_equal(text("\xc2\x9b" "31m"), "?31m");
	assert_string_equal(text("\x9b" "31m \xff \xc0\xaf \xed\xa0\x80"), "?31m ? ?? ???");
	/* a part of a string: a sequence cut by the end is not valid */
	catch_start();
	out_text_n("[heap]" + 1, 4);
	out_text_n("x\xc3\xa9", 2);
	assert_string_equal(catch_end(), "heapx?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rewind_takes_back_what_is_buffered),
		cmocka_unit_test(text_escapes_controls),
	};

	return cmocka_run_group_tests_name("out", tests, NULL, NULL);
}
