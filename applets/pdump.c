/* pdump: dump a process's memory regions with per-page metadata, or peek */
#include "procbox.h"

APPLET(pdump, "pdump [options] PID [ADDR[+LEN|-END]]",
	"Dump memory regions to PID-START-END.dump with .metadata, or peek at ADDR.\n"
	"  -d DIR      output directory\n"
	"  -a          every readable region\n"
	"  -x | -s | -r  peek: hexdump, C string, raw bytes\n"
	"  --no-stop   do not stop the process while reading\n");

static const struct option longopts[] = {
	{ "no-stop", no_argument, 0, 'N' },
	{ "json", no_argument, 0, 'J' },
	{ "anon", no_argument, 0, '1' },
	{ "file", no_argument, 0, '2' },
	{ "metadata", required_argument, 0, 'M' },
	{ 0 },
};

int pdump_main(int argc, char **argv)
{
	while (opt_next(argc, argv, "d:axsrfA:n:", longopts) != -1)
		;
	return not_implemented();
}
