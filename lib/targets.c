/* targets.c: the PID|self|CORE arguments every applet takes */
#include <string.h>
#include <unistd.h>

#include "out.h"
#include "proc.h"
#include "procbox.h"

int each_target(int argc, char **argv, int json, int (*on_pid)(void *, pid_t),
		int (*on_core)(void *, const char *), void *ctx)
{
	int status = EXIT_OK;

	if (optind == argc)
		usage_exit("no PID or core file given");
	if (json)
		out_char('[');
	for (; optind < argc; optind++) {
		const char *arg = argv[optind];
		pid_t pid = !strcmp(arg, "self") ? getpid() : parse_pid(arg);
		int r;

		if (pid > 0) {
			r = on_pid(ctx, pid);
		} else if (access(arg, F_OK) == 0) {
			r = on_core(ctx, arg);
		} else {
			error_msg("%s: not a PID, 'self' or a core file", arg);
			r = -1;
		}
		if (r)
			status = EXIT_FAIL;
	}
	if (json)
		out_str("\n]\n");
	return status;
}
