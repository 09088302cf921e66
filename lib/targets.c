/* targets.c: the PID|self|CORE arguments every applet takes */
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json.h"
#include "out.h"
#include "proc.h"
#include "procbox.h"

pid_t target_pid(const char *arg)
{
	return !strcmp(arg, "self") ? getpid() : parse_pid(arg);
}

/* A core is a regular file: a FIFO would block open() for ever, a device
 * could have side effects. (core_open opens without blocking and checks
 * again, in case the name changes meanwhile.) */
static int on_file(int (*on_core)(void *, const char *), void *ctx, const char *arg)
{
	struct stat st;

	if (stat(arg, &st)) {
		error_msg("%s: not a PID, 'self' or a core file", arg);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		error_msg("%s: not a regular file", arg);
		return -1;
	}
	return on_core(ctx, arg);
}

/* Only what could be read is printed: the output of an argument that fails
 * is taken back (it is still in out.c's buffer unless it passed 64 KiB), and
 * with --json the array gets no element for it. */
int each_target(int argc, char **argv, int json, int (*on_pid)(void *, pid_t),
		int (*on_core)(void *, const char *), void *ctx)
{
	int status = EXIT_OK;

	if (optind == argc)
		usage_exit("no PID or core file given");
	if (json)
		json_open('[');
	for (; optind < argc; optind++) {
		const char *arg = argv[optind];
		pid_t pid = target_pid(arg);
		struct json_state js;
		uint64_t mark;

		out_flush(); /* the argument's output starts in an empty buffer */
		mark = out_mark();
		js = json_mark();
		if (pid > 0 ? on_pid(ctx, pid) : on_file(on_core, ctx, arg)) {
			out_rewind(mark);
			json_rewind(js);
			status = EXIT_FAIL;
		}
	}
	if (json) {
		json_close();
		out_char('\n');
	}
	return status;
}
