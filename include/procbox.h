/* procbox.h: what every applet and library unit shares */
#ifndef PROCBOX_H
#define PROCBOX_H

#include <getopt.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* Exit statuses, the same for every applet (documented in README.md). */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,  /* a target or input could not be handled (others may have been) */
	EXIT_USAGE = 2, /* bad option, bad argument, unknown applet */
};

/*
 * An applet declares itself in its own file:
 *
 *   APPLET(pmaps, "pmaps [options] PID...", "  -x  extended\n")
 *   int pmaps_main(int argc, char **argv) { ... }
 *
 * The entry lands in the "procbox_applets" section; the linker collects all
 * of them, so adding an applet touches only its file.
 */
struct applet {
	const char *name;
	int (*main)(int argc, char **argv);
	const char *synopsis; /* first usage line, without "Usage: " */
	const char *help;     /* option lines */
};

#define APPLET(NAME, SYNOPSIS, HELP)                                        \
	int NAME##_main(int argc, char **argv);                             \
	__attribute__((used, section("procbox_applets"), aligned(sizeof(void *)))) \
	const struct applet applet_##NAME = { #NAME, NAME##_main, SYNOPSIS, HELP }

/* lib/multicall.c */
const struct applet *applet_find(const char *name);
const struct applet *multicall_resolve(int *argc, char ***argv);
void applet_list(FILE *out);
int applet_install(const char *dir, const char *self);
void applet_usage(const struct applet *a, FILE *out);
int multicall(int argc, char **argv);

/* lib/error.c: every message is "NAME: what: why" on one line. The _exit
 * ones run the fatal hooks first (lib/fatal.c): a held target is let go, an
 * unfinished output removed. */
extern const char *pb_name;
void error_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void perror_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void error_exit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void perror_exit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void usage_exit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int finish_stdout(int status);

/* lib/xwrap.c: allocations that end procbox (error_exit: hooks run, target
 * let go) instead of failing. xgrow: room for need elements of size in p,
 * whose capacity *cap doubles (from 16) as needed. */
void *xmalloc(size_t n);
void *xzalloc(size_t n);
void *xrealloc(void *p, size_t n);
void *xgrow(void *p, size_t *cap, size_t need, size_t size);

/* lib/targets.c: a PID argument, or "self" (procbox's own process); -1 if
 * it is neither. */
pid_t target_pid(const char *arg);
/* Each argument from argv[optind] on, a PID ("self" too) or a
 * core file (a regular file), handed to on_pid or on_core (0 or -1, having
 * said why); the exit status: EXIT_FAIL if any failed, whose output is taken
 * back. No argument at all is a usage error. With json, the output is one
 * array: each callback writes one element (lib/json.c). */
int each_target(int argc, char **argv, int json, int (*on_pid)(void *, pid_t),
		int (*on_core)(void *, const char *), void *ctx);

/* lib/opts.c: getopt_long that reports a bad option in one line and exits 2 */
int opt_next(int argc, char **argv, const char *shortopts, const struct option *longopts);

#endif
