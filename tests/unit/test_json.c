/* test_json.c: lib/json.c: strings stay valid JSON whatever the bytes; the
 * writer puts every comma and bracket where they belong */
#include "testutil.h"
#include "json.h"
#include "out.h"

/* The writer writes to standard output: catch what fn writes in a file */
static char *caught(void (*fn)(const void *), const void *arg)
{
	static char buf[1024];
	char path[] = "/tmp/procbox-jsonXXXXXX";
	int fd = mkstemp(path), saved = dup(1);

	assert_true(fd >= 0);
	unlink(path);
	dup2(fd, 1);
	fn(arg);
	assert_int_equal(out_flush(), 0);
	dup2(saved, 1);
	close(saved);
	capture_fd(fd, buf, sizeof(buf));
	return buf;
}

static void one_str(const void *s)
{
	json_str(s);
}

static char *str(const char *in)
{
	return caught(one_str, in);
}

/* [{"pid": 7, "threads": [{"tid": 7, "r": {}}, {"tid": 8, "r": {"pc": "0x1f"}}], "n": null}, [], -3] */
static void nested(const void *unused)
{
	(void)unused;
	json_open('[');
	json_open('{');
	json_field_u64("pid", 7);
	json_key("threads");
	json_open('[');
	for (int t = 7; t < 9; t++) {
		json_open('{');
		json_field_u64("tid", t);
		json_key("r");
		json_open('{');
		if (t == 8)
			json_field_hex("pc", 0x1f);
		json_close();
		json_close();
	}
	json_close();
	json_key("n");
	json_literal("null");
	json_close();
	json_open('[');
	json_close();
	json_i64(-3);
	json_close();
}

/* An element taken back (a target that failed) leaves no comma behind */
static void rewound(const void *unused)
{
	(void)unused;
	json_open('[');
	json_u64(1);
	for (int i = 0; i < 2; i++) {
		struct json_state js = json_mark();
		uint64_t mark = out_mark();

		json_open('{');
		json_field_str("bad", "x");
		json_close();
		assert_int_equal(out_rewind(mark), 0);
		json_rewind(js);
	}
	json_u64(2);
	json_close();
}

static void quoted_key(const void *unused)
{
	(void)unused;
	json_open('{');
	json_field_str("a\"b", "c");
	json_close();
}

static void writer(void **state)
{
	(void)state;
	assert_string_equal(caught(nested, NULL),
			    "[\n  {\"pid\": 7, \"threads\": [\n"
			    "      {\"tid\": 7, \"r\": {}},\n"
			    "      {\"tid\": 8, \"r\": {\"pc\": \"0x1f\"}}\n"
			    "    ], \"n\": null},\n  [],\n  -3\n]");
	assert_string_equal(caught(rewound, NULL), "[\n  1,\n  2\n]");
	/* keys are escaped as strings are */
	assert_string_equal(caught(quoted_key, NULL), "{\"a\\\"b\": \"c\"}");
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
	const struct CMUnitTest tests[] = { cmocka_unit_test(escapes), cmocka_unit_test(writer) };

	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
