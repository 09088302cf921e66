/* test_lines.c: lib/lines.c: text split into lines, in memory and from a
 * /proc file read in 256 KiB chunks */
#include "testutil.h"
#include "lines.h"

enum { CHUNK = 256 << 10 }; /* lib/lines.c's buffer */

struct seen {
	int n, stop_at;
	char line[8][16];
	size_t len[8];
	size_t longest;
	int bad; /* a line not NUL-terminated at len, or holding a newline */
};

static int collect(void *ctx, char *line, size_t len)
{
	struct seen *s = ctx;

	if (line[len] || memchr(line, '\n', len))
		s->bad = 1;
	if (s->n < 8) {
		snprintf(s->line[s->n], sizeof(s->line[0]), "%s", line);
		s->len[s->n] = len;
	}
	if (len > s->longest)
		s->longest = len;
	return ++s->n == s->stop_at ? -1 : 0;
}

static int split(const char *text, struct seen *s)
{
	char buf[64];

	memset(s, 0, sizeof(*s));
	snprintf(buf, sizeof(buf), "%s", text);
	return text_lines(buf, strlen(buf), collect, s);
}

static void text_lines_splits(void **state)
{
	struct seen s;

	(void)state;
	assert_int_equal(split("a\n\nbc\nlast", &s), 0);
	assert_int_equal(s.n, 4);
	assert_string_equal(s.line[0], "a");
	assert_string_equal(s.line[1], "");
	assert_string_equal(s.line[2], "bc");
	assert_string_equal(s.line[3], "last"); /* no newline at the end: still a line */
	assert_int_equal(s.len[0], 1);
	assert_int_equal(s.len[1], 0);
	assert_int_equal(s.len[3], 4);
	assert_int_equal(s.bad, 0);
	/* a final newline ends the last line, it starts none */
	assert_int_equal(split("x\n", &s), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.line[0], "x");
	assert_int_equal(split("\n", &s), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.len[0], 0);
	assert_int_equal(split("", &s), 0);
	assert_int_equal(s.n, 0);
}

static void text_lines_stops(void **state)
{
	struct seen s = { .stop_at = 2 };
	char buf[] = "one\ntwo\nthree\n";

	(void)state;
	assert_int_equal(text_lines(buf, strlen("one\ntwo\nthree\n"), collect, &s), -1);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.line[1], "two");
}

/* A /proc file: as many lines as it has newlines, each without its newline */
static void proc_lines_counts(void **state)
{
	struct seen s = { 0 };
	char *whole = slurp("/proc/self/status", NULL);
	long n;

	(void)state;
	n = proc_lines(getpid(), "status", collect, &s);
	assert_int_equal(n, count_lines(whole));
	assert_int_equal(n, s.n);
	assert_true(n > 5);
	assert_true(!strncmp(s.line[0], "Name:\t", 6));
	assert_int_equal(s.bad, 0);
	free(whole);

	memset(&s, 0, sizeof(s));
	s.stop_at = 3;
	assert_int_equal(proc_lines(getpid(), "status", collect, &s), -1);
	assert_int_equal(s.n, 3);
}

/* One line as long as a chunk can hold, then one longer: read whole, then
 * refused. /proc/PID/environ is one line (its strings end with NULs); a
 * string may be 128 KiB at most (MAX_ARG_STRLEN), so several. */
static char **environment(size_t total)
{
	enum { PART = 100000 };
	size_t n = (total + PART - 1) / PART;
	char **env = calloc(n + 1, sizeof(*env));

	for (size_t i = 0; i < n; i++) {
		size_t len = total - i * PART < PART ? total - i * PART : PART;

		env[i] = malloc(len);
		memset(env[i], 'v', len - 1);
		memcpy(env[i], "E0=", 3);
		env[i][1] = 'A' + i;
		env[i][len - 1] = 0;
	}
	return env;
}

static void free_environment(char **env)
{
	for (char **e = env; *e; e++)
		free(*e);
	free(env);
}

/* An environment of numbered lines ("0000000\n" ...), three strings of
 * ~100 KB: the line across byte CHUNK comes in two reads, its start carried */
static char **numbered_environment(int *lines)
{
	char **env = calloc(4, sizeof(*env));
	size_t at = 0;
	int k = 0;

	for (int i = 0; i < 3; i++) {
		char *e = env[i] = malloc(100000 + 16), *p = e + sprintf(e, "V%c=\n", 'A' + i);

		at += 4;
		while (p - e < 100000) {
			/* the line holding byte CHUNK - 1 must not end there */
			if (at <= CHUNK - 1 && at + 8 > CHUNK - 1)
				assert_true(at + 7 != CHUNK - 1);
			p += sprintf(p, "%07d\n", k++);
			at += 8;
		}
		at++; /* the NUL */
	}
	assert_true(at > CHUNK + 1000);
	*lines = k;
	return env;
}

struct numbered {
	int next, bad;
};

/* each seven-digit line the next number; no other line with a digit in it
 * (the others: "VA=", "\0VB=" after a string's NUL, "\0" at the end) */
static int numbered_line(void *ctx, char *line, size_t len)
{
	struct numbered *n = ctx;
	size_t digits = 0;

	for (size_t i = 0; i < len; i++)
		digits += line[i] >= '0' && line[i] <= '9';
	if (len == 7 && digits == 7 && atoi(line) == n->next) {
		n->next++;
	} else if (digits) {
		if (!n->bad)
			print_error("the line after %d: \"%.20s\" (%zu bytes)\n", n->next - 1, line, len);
		n->bad = 1;
	}
	return 0;
}

static void proc_lines_carried_across_reads(void **state)
{
	char *argv[] = { "sh", "-c", "read x", NULL }, **env;
	struct numbered n = { 0 };
	int lines, in = -1;
	pid_t pid;

	(void)state;
	env = numbered_environment(&lines);
	pid = spawn_sh(argv, env, &in);
	free_environment(env);
	if (!pid) {
		print_message("[  SKIP    ] no /bin/sh to run with a long environment\n");
		skip();
	}
	assert_true(proc_lines(pid, "environ", numbered_line, &n) > lines);
	assert_int_equal(n.bad, 0);
	assert_int_equal(n.next, lines);
	close(in);
	waitpid(pid, NULL, 0);
}

static pid_t long_pid;

static int read_environ(int argc, char **argv)
{
	struct seen s = { 0 };

	(void)argc, (void)argv;
	return proc_lines(long_pid, "environ", collect, &s) == -1 && s.n == 0 ? 0 : 3;
}

static void proc_lines_long_lines(void **state)
{
	char *argv[] = { "sh", "-c", "read x", NULL }, **fits = environment(CHUNK - 16), **over = environment(CHUNK + 4096);
	struct seen s = { 0 };
	struct captured c;
	char want[160];
	int in = -1;

	(void)state;
	long_pid = spawn_sh(argv, fits, &in);
	free_environment(fits);
	if (!long_pid) {
		free_environment(over);
		print_message("[  SKIP    ] no /bin/sh to run with a long environment\n");
		skip();
	}
	assert_int_equal(proc_lines(long_pid, "environ", collect, &s), 1);
	assert_int_equal(s.longest, CHUNK - 16);
	close(in);
	waitpid(long_pid, NULL, 0);

	long_pid = spawn_sh(argv, over, &in);
	free_environment(over);
	assert_true(long_pid > 0);
	run_captured(&c, read_environ, 0, NULL);
	assert_int_equal(c.status, 0);
	snprintf(want, sizeof(want), "procbox: /proc/%d/environ: line 1: longer than %d bytes\n", (int)long_pid, CHUNK);
	assert_string_equal(c.err, want);
	close(in);
	waitpid(long_pid, NULL, 0);
}

static int read_missing(int argc, char **argv)
{
	struct seen s = { 0 };

	(void)argc, (void)argv;
	return proc_lines(99999999, "maps", collect, &s) == -1 && s.n == 0 ? 0 : 3;
}

/* no such process: -1, said in one line naming the PID */
static void proc_lines_missing_process(void **state)
{
	struct captured c;

	(void)state;
	run_captured(&c, read_missing, 0, NULL);
	assert_int_equal(c.status, 0);
	assert_string_equal(c.err, "procbox: 99999999: no such process\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_lines_splits),
		cmocka_unit_test(text_lines_stops),
		cmocka_unit_test(proc_lines_counts),
		cmocka_unit_test(proc_lines_carried_across_reads),
		cmocka_unit_test(proc_lines_long_lines),
		cmocka_unit_test(proc_lines_missing_process),
	};

	return cmocka_run_group_tests_name("lines", tests, NULL, NULL);
}
