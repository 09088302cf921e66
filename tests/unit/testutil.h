/* testutil.h: cmocka plus the few helpers procbox's unit tests share */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* tests/data (PROCBOX_DATA) and the decompressed fixture cores (PROCBOX_FIXTURES) */
static inline const char *data_path(const char *fmt, ...)
{
	static char buf[4][512];
	static int n;
	char rel[400];
	va_list ap;
	const char *base = getenv("PROCBOX_DATA");

	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	n = (n + 1) % 4;
	snprintf(buf[n], sizeof(buf[n]), "%s/%s", base ? base : "tests/data", rel);
	return buf[n];
}

static inline const char *fixture_core(const char *kase)
{
	static char buf[512];
	const char *base = getenv("PROCBOX_FIXTURES");

	snprintf(buf, sizeof(buf), "%s/%s/core", base ? base : "build/fixtures", kase);
	return buf;
}

static inline int fixture_dir(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* The fixture cases: the directories of tests/data/cores, sorted, each
 * named for the arch its task was, "ARCH-on-KERNEL_ARCH" where the kernel was
 * another arch's (a 32-bit task on a 64-bit kernel). A new arch's fixture
 * is a new case: no list to edit. NULL-terminated; fails if there is none. */
static inline char **fixture_cases(void)
{
	struct dirent **de;
	int n = scandir(data_path("cores"), &de, fixture_dir, alphasort);
	char **cases;

	if (n <= 0) { /* (called before the tests run: no cmocka failure to report it) */
		fprintf(stderr, "%s: no fixture cases (%s)\n", data_path("cores"), n < 0 ? strerror(errno) : "empty");
		exit(1);
	}
	cases = calloc(n + 1, sizeof(*cases));
	for (int i = 0; i < n; i++) {
		cases[i] = strdup(de[i]->d_name);
		free(de[i]);
	}
	free(de);
	return cases;
}

/* The arch of a case's task: its name up to "-on-" (into buf) */
static inline const char *case_arch(const char *kase, char *buf, size_t size)
{
	const char *on = strstr(kase, "-on-");

	snprintf(buf, size, "%.*s", on ? (int)(on - kase) : (int)strlen(kase), kase);
	return buf;
}

/* One test per fixture case: fn with the case's name as its state, named
 * "PREFIX CASE"; n_fixed tests of the array come first. Returns the array
 * (malloc'd) and its length in *n. */
static inline struct CMUnitTest *tests_per_case(const struct CMUnitTest *fixed, size_t n_fixed, const char *prefix,
						CMUnitTestFunction fn, size_t *n)
{
	char **cases = fixture_cases();
	size_t k = 0;
	struct CMUnitTest *t;

	while (cases[k])
		k++;
	t = calloc(n_fixed + k, sizeof(*t));
	memcpy(t, fixed, n_fixed * sizeof(*t));
	for (size_t i = 0; i < k; i++) {
		char *name = malloc(strlen(prefix) + strlen(cases[i]) + 2);

		sprintf(name, "%s %s", prefix, cases[i]);
		t[n_fixed + i] = (struct CMUnitTest){ .name = name, .test_func = fn, .initial_state = cases[i] };
	}
	free(cases); /* (the names stay: the tests hold them) */
	*n = n_fixed + k;
	return t;
}

/* Whole file, NUL-terminated; fails the test if unreadable. */
static inline char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, r;

	if (!f)
		fail_msg("%s: %s", path, strerror(errno));
	do {
		if (n + 4096 + 1 > cap)
			buf = realloc(buf, cap = 2 * cap + 4096 + 1);
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
	} while (r);
	fclose(f);
	buf[n] = 0;
	if (len)
		*len = n;
	return buf;
}

/* "key=value" from a target.out; NULL if absent. Returns a static buffer. */
static inline const char *kv_get(const char *text, const char *key)
{
	static char val[512];
	size_t kl = strlen(key);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p) {
		if (!strncmp(p, key, kl) && p[kl] == '=') {
			size_t vl = strcspn(p + kl + 1, "\n");

			snprintf(val, sizeof(val), "%.*s", (int)vl, p + kl + 1);
			return val;
		}
	}
	return NULL;
}

/* Run fn(argc, argv) in a child with stdout/stderr captured; its exit status. */
struct captured {
	int status;
	char out[8192], err[8192];
};

static inline void capture_fd(int fd, char *buf, size_t size)
{
	ssize_t n = pread(fd, buf, size - 1, 0);

	buf[n > 0 ? n : 0] = 0;
	close(fd);
}

static inline void run_captured(struct captured *c, int (*fn)(int, char **), int argc, char **argv)
{
	char o[] = "/tmp/procbox-test-outXXXXXX", e[] = "/tmp/procbox-test-errXXXXXX";
	int fo = mkstemp(o), fe = mkstemp(e), st;
	pid_t pid;

	assert_true(fo >= 0 && fe >= 0);
	unlink(o);
	unlink(e);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		dup2(fo, 1);
		dup2(fe, 2);
		exit(fn(argc, argv));
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	c->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	capture_fd(fo, c->out, sizeof(c->out));
	capture_fd(fe, c->err, sizeof(c->err));
}

/* Silence stderr around an expected error message (the message itself is
 * checked with run_captured where it matters). */
static inline int stderr_off(void)
{
	int saved = dup(2), null = open("/dev/null", O_WRONLY);

	fflush(stderr);
	dup2(null, 2);
	close(null);
	return saved;
}

static inline void stderr_on(int saved)
{
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
}

/* Tests that need ptrace or a real /proc view of a process cannot run under
 * QEMU user-mode (the Makefile sets PROCBOX_QEMU there): skip, saying why. */
#define skip_under_qemu(why) do {                                               \
	if (getenv("PROCBOX_QEMU")) {                                           \
		print_message("[  SKIP    ] under %s: %s\n", getenv("PROCBOX_QEMU"), why); \
		skip();                                                         \
	}                                                                       \
} while (0)

/* A child running the host's /bin/sh with argv and envp, blocked reading
 * its stdin until *in is closed (then waitpid it): a process whose command
 * line and environment the test chose. Under QEMU user-mode too: the guest's
 * execve() of a host binary runs it natively. Its PID once exec'd, or 0 if
 * there is no /bin/sh to run. */
static inline pid_t spawn_sh(char *const argv[], char *const envp[], int *in)
{
	int p[2], sync[2];
	char c;
	pid_t pid;

	if (access("/bin/sh", X_OK))
		return 0;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(pipe2(sync, O_CLOEXEC), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		dup2(p[0], 0);
		close(p[0]);
		close(p[1]);
		execve("/bin/sh", argv, envp);
		write(sync[1], "x", 1);
		_exit(127);
	}
	close(p[0]);
	close(sync[1]);
	/* end of file: the close-on-exec pipe went with the exec */
	if (read(sync[0], &c, 1) == 1) {
		close(sync[0]);
		close(p[1]);
		waitpid(pid, NULL, 0);
		return 0;
	}
	close(sync[0]);
	*in = p[1];
	return pid;
}

static inline int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

#endif
