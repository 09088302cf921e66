/* pcore: an ELF core file of a live process that keeps running */
#include "procbox.h"

APPLET(pcore, "pcore [options] PID",
	"Write an ELF core file of a running process, as the kernel would.\n"
	"  -o FILE     output file ('-' for stdout; default core.PID)\n"
	"  -f          overwrite an existing file\n"
	"  -a          dump every readable mapping\n"
	"  --filter MASK  coredump_filter bits to use instead of the process's\n");

static const struct option longopts[] = {
	{ "filter", required_argument, 0, 'F' },
	{ 0 },
};

int pcore_main(int argc, char **argv)
{
	while (opt_next(argc, argv, "o:fa", longopts) != -1)
		;
	return not_implemented();
}
