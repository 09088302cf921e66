/* pmaps: the memory map of a live process or of a core file */
#include "procbox.h"

APPLET(pmaps, "pmaps [options] PID|self|CORE...",
	"Show the memory map of each process (or core file), like pmap.\n"
	"  -x          extended: RSS, PSS, Dirty, Swap from smaps\n"
	"  -X          every smaps field the kernel gives\n"
	"  -q          no header or total line\n"
	"  -p          full paths\n"
	"  -A LOW,HIGH only mappings in this address range\n"
	"  -P, --pagemap  per-region page counts from /proc/PID/pagemap\n"
	"  --json      JSON output\n"
	"  --stop      freeze the process while reading (ptrace, never SIGSTOP)\n");

static const struct option longopts[] = {
	{ "pagemap", no_argument, 0, 'P' },
	{ "json", no_argument, 0, 'J' },
	{ "stop", no_argument, 0, 'S' },
	{ 0 },
};

int pmaps_main(int argc, char **argv)
{
	while (opt_next(argc, argv, "xXqpA:P", longopts) != -1)
		;
	return not_implemented();
}
