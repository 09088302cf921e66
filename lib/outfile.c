/* outfile.c: creating, writing and (on any failure) removing output files */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fatal.h"
#include "outfile.h"
#include "procbox.h"

/* The file a fatal signal must remove: a copy, for the signal handler. */
static char *volatile doomed;

static void remove_doomed(void)
{
	if (doomed)
		unlink(doomed);
}

static void forget_doomed(void)
{
	char *p = doomed;

	fatal_hook(FATAL_OUTPUT, NULL);
	doomed = NULL;
	free(p);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int outfile_open(struct outfile *o, const char *path, int force)
{
	memset(o, 0, sizeof(*o));
	o->path = path;
	o->progress = isatty(2);
	o->t0 = o->shown = now_ms();
	if (!strcmp(path, "-")) {
		/* a reader that goes away is an error to report, not a silent death */
		signal(SIGPIPE, SIG_IGN);
		o->fd = 1;
		return 0;
	}
	if (force && unlink(path) && errno != ENOENT) {
		perror_msg("%s: cannot replace it", path);
		return -1;
	}
	o->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (o->fd < 0) {
		if (errno == EEXIST)
			error_msg("%s: exists (-f to replace it)", path);
		else
			perror_msg("%s", path);
		return -1;
	}
	o->holes = 1;
	if (!(doomed = strdup(path))) {
		perror_msg("%s", path);
		outfile_abort(o);
		return -1;
	}
	fatal_hook(FATAL_OUTPUT, remove_doomed);
	return 0;
}

static void show_progress(struct outfile *o, int last)
{
	int64_t t = now_ms(), ms = t - o->t0;
	unsigned long long mib = o->pos >> 20, rate = ms ? (o->pos >> 10) * 1000 / 1024 / ms : 0;

	if (!last && t - o->shown < 500)
		return;
	o->shown = t;
	if (last) {
		fprintf(stderr, "\r\033[K");
		return;
	}
	fprintf(stderr, "\r\033[K%s: %llu of %llu MiB, %llu MiB/s", pb_name, mib,
		(unsigned long long)(o->total >> 20), rate);
	if (rate && o->total > o->pos)
		fprintf(stderr, ", %llu s left", (unsigned long long)((o->total - o->pos) >> 20) / rate);
}

int outfile_write(struct outfile *o, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		/* a file is written at its position: a hole costs no lseek */
		ssize_t n = o->holes ? pwrite(o->fd, p, len, o->pos) : write(o->fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			perror_msg("writing %s", o->path);
			return -1;
		}
		p += n, len -= n, o->pos += n;
	}
	if (o->progress && o->total)
		show_progress(o, 0);
	return 0;
}

int outfile_skip(struct outfile *o, uint64_t len)
{
	static char *zeros;
	enum { ZEROS = 65536 };

	if (o->holes) {
		o->pos += len;
		return 0;
	}
	if (!zeros && !(zeros = calloc(1, ZEROS))) {
		perror_msg("writing %s", o->path);
		return -1;
	}
	while (len) {
		size_t n = len < ZEROS ? len : ZEROS;

		if (outfile_write(o, zeros, n))
			return -1;
		len -= n;
	}
	return 0;
}

int outfile_close(struct outfile *o)
{
	if (o->progress && o->total)
		show_progress(o, 1);
	if (o->fd == 1)
		return 0;
	/* a final hole has no bytes after it to give the file its size */
	if (ftruncate(o->fd, o->pos) || close(o->fd)) {
		perror_msg("writing %s", o->path);
		o->fd = -1;
		outfile_abort(o);
		return -1;
	}
	o->fd = -1;
	forget_doomed();
	return 0;
}

void outfile_abort(struct outfile *o)
{
	if (o->progress && o->total)
		show_progress(o, 1);
	if (o->fd > 1)
		close(o->fd);
	if (o->holes)
		unlink(o->path);
	o->fd = -1;
	forget_doomed();
}
