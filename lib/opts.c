/* opts.c: option parsing with procbox's one-line errors */
#include <string.h>

#include "procbox.h"

int opt_next(int argc, char **argv, const char *shortopts, const struct option *longopts)
{
	int c;

	opterr = 0;
	c = getopt_long(argc, argv, shortopts, longopts, NULL);
	if (c == '?' || c == ':') {
		const char *arg = argv[optind - 1];

		if (optopt && !(arg[0] == '-' && arg[1] == '-'))
			usage_exit(c == ':' ? "option '-%c' needs an argument" : "unknown option '-%c'", optopt);
		usage_exit(c == ':' ? "option '%s' needs an argument" : "unknown option '%s'", arg);
	}
	return c;
}
