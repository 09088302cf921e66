/* opts.c: option parsing with procbox's one-line errors.
 *
 * Which element went wrong cannot be read from argv[optind - 1]: after a
 * missing argument musl leaves optind at argc + 1 (argv[argc] is NULL) or,
 * having moved operands behind the options, somewhere else; in a cluster
 * (-Zx) optind still points at the element before. So a short option is
 * named by optopt, and a long one is looked for in argv. */
#include <string.h>

#include "procbox.h"

/* arg is "--NAME" or "--NAME=..." for a long option with this val and
 * has_arg (NAME may be abbreviated): NAME's length plus 2, else 0. */
static int long_named(const char *arg, const struct option *longopts, int val, int has_arg)
{
	size_t n;

	if (!arg || strncmp(arg, "--", 2))
		return 0;
	n = strcspn(arg + 2, "=");
	for (const struct option *o = longopts; o && o->name; o++)
		if (n && !strncmp(o->name, arg + 2, n) && o->val == val && o->has_arg == has_arg)
			return n + 2;
	return 0;
}

static _Noreturn void missing_argument(int argc, char **argv, const struct option *longopts)
{
	int n;

	/* an argument can be missing only from the last option: look from the end */
	for (int i = argc - 1; i > 0; i--)
		if (argv[i] && !strchr(argv[i], '=') && (n = long_named(argv[i], longopts, optopt, required_argument)))
			usage_exit("option '%.*s' needs an argument", n, argv[i]);
	usage_exit("option '-%c' needs an argument", optopt);
}

int opt_next(int argc, char **argv, const char *shortopts, const struct option *longopts)
{
	char spec[64] = ":"; /* a leading ':': both libcs then return ':' for a missing argument */
	const char *arg;
	int c, n;

	opterr = 0;
	strncat(spec, shortopts, sizeof(spec) - 2);
	c = getopt_long(argc, argv, spec, longopts, NULL);
	if (c == ':')
		missing_argument(argc, argv, longopts);
	if (c == '?') {
		/* a long option (unknown, or given a value) is the element just passed */
		arg = optind > 0 && optind <= argc ? argv[optind - 1] : NULL;
		if (!optopt)
			usage_exit("unknown option '%.*s'", arg ? (int)strcspn(arg, "=") : 0, arg ? arg : "");
		if (arg && strchr(arg, '=') && (n = long_named(arg, longopts, optopt, no_argument)))
			usage_exit("option '%.*s' takes no argument", n, arg);
		usage_exit("unknown option '-%c'", optopt);
	}
	return c;
}
