/* test_json.c: lib/json.c: strings stay valid JSON whatever the bytes */
#include "testutil.h"
#include "json.h"
#include "out.h"

/* json_str writes to standard output: catch it in a file */
static char *str(const char *in)
{
	static char buf[256];
	char path[] = "/tmp/procbox-jsonXXXXXX";
	int fd = mkstemp(path), saved = dup(1);

	assert_true(fd >= 0);
	unlink(path);
	dup2(fd, 1);
	json_str(in);
	assert_int_equal(out_flush(), 0);
	dup2(saved, 1);
	close(saved);
	capture_fd(fd, buf, sizeof(buf));
	return buf;
}

static void escapes(void **state)
{
	(void)state;
	assert_string_equal(str("/usr/bin/sleep"), "\"/usr/bin/sleep\"");
	assert_string_equal(str("a \"q\" b\\c"), "\"a \\\"q\\\" b\\\\c\"");
	assert_string_equal(str("new\nline\ttab\x01"), "\"new\\nline\\ttab\\u0001\"");
	assert_string_equal(str("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
	/* not UTF-8: a lone continuation byte, a truncated sequence, an overlong '/', a surrogate */
	assert_string_equal(str("a\x80z"), "\"a\\u0080z\"");
	assert_string_equal(str("x\xe2\x82"), "\"x\\u00e2\\u0082\"");
	assert_string_equal(str("\xc0\xaf"), "\"\\u00c0\\u00af\"");
	assert_string_equal(str("\xed\xa0\x80"), "\"\\u00ed\\u00a0\\u0080\"");
	assert_string_equal(str("\xff"), "\"\\u00ff\"");
	/* escape and C1 controls (CSI as U+009B) escaped: valid JSON, harmless on a terminal */
	assert_string_equal(str("\x1b[2J\r\xc2\x9b" "1m\xc2\xa0"), "\"\\u001b[2J\\u000d\\u009b1m\xc2\xa0\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(escapes) };

	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
