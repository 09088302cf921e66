/* pregs: registers of every thread of a live process or of a core file */
#include "procbox.h"

APPLET(pregs, "pregs [options] PID|CORE...",
	"Show each thread's registers, like gdb's 'info registers'.\n"
	"  -f          also floating-point and vector registers\n"
	"  -t TID      only this thread (repeatable)\n"
	"  -n          do not stop the process: only what /proc gives\n"
	"  --json      JSON output\n");

static const struct option longopts[] = {
	{ "json", no_argument, 0, 'J' },
	{ 0 },
};

int pregs_main(int argc, char **argv)
{
	while (opt_next(argc, argv, "ft:n", longopts) != -1)
		;
	return not_implemented();
}
