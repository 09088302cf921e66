/* error.c: the small error vocabulary every applet uses */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "fatal.h"
#include "out.h"
#include "procbox.h"
#include "progress.h"

/* The name messages start with: the applet running, set by multicall(). */
const char *pb_name = "procbox";

static void vmsg(const char *fmt, va_list ap, int err)
{
	progress_end();
	fprintf(stderr, "%s: ", pb_name);
	vfprintf(stderr, fmt, ap);
	if (err)
		fprintf(stderr, ": %s", strerror(err));
	fputc('\n', stderr);
}

void error_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap, 0);
	va_end(ap);
}

void perror_msg(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap, err);
	va_end(ap);
}

void error_exit(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap, 0);
	va_end(ap);
	fatal_cleanup();
	exit(EXIT_FAIL);
}

void perror_exit(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap, err);
	va_end(ap);
	fatal_cleanup();
	exit(EXIT_FAIL);
}

void usage_exit(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", pb_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (try '%s --help')\n", pb_name);
	exit(EXIT_USAGE);
}

/* Flush stdout and turn a write error into a failure; a closed pipe is quiet. */
int finish_stdout(int status)
{
	if (out_flush() == 0 && fflush(stdout) == 0 && !ferror(stdout))
		return status;
	if (errno == EPIPE)
		return status ? status : EXIT_FAIL;
	perror_msg("write error on standard output");
	return EXIT_FAIL;
}
