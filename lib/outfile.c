/* outfile.c: creating, writing and (on any failure) removing output files */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fatal.h"
#include "outfile.h"
#include "procbox.h"
#include "watchdog.h"

/* The files a fatal signal or a failed run must remove, newest first. Only
 * single pointer stores change the list, so the handler always sees a whole
 * one (procbox writes from one thread). */
struct doomed {
	struct doomed *volatile next;
	char path[];
};
static struct doomed *volatile doomed;
static int in_run;

static void remove_doomed(void)
{
	for (struct doomed *d = doomed; d; d = d->next)
		unlink(d->path);
}

static int doom(struct outfile *o)
{
	struct doomed *d = malloc(sizeof(*d) + strlen(o->path) + 1);

	if (!d)
		return -1;
	strcpy(d->path, o->path);
	d->next = doomed;
	doomed = o->doom = d;
	fatal_hook(FATAL_OUTPUT, remove_doomed);
	return 0;
}

static void forget(struct doomed *d)
{
	struct doomed *volatile *p = &doomed;

	while (*p && *p != d)
		p = &(*p)->next;
	if (*p)
		*p = d->next;
	free(d);
}

void outfile_run_begin(void)
{
	in_run = 1;
}

void outfile_run_end(int keep)
{
	while (doomed) {
		if (!keep)
			unlink(doomed->path);
		forget(doomed);
	}
	in_run = 0;
}

int outfile_open(struct outfile *o, const char *path, int force)
{
	memset(o, 0, sizeof(*o));
	o->path = path;
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
	/* a signal between creating the file and listing it would leave it */
	fatal_hold(1);
	o->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (o->fd >= 0 && doom(o)) {
		close(o->fd);
		unlink(path);
		o->fd = -1, errno = ENOMEM;
	}
	fatal_hold(0);
	if (o->fd < 0) {
		if (errno == EEXIST)
			error_msg("%s: exists (-f to replace it)", path);
		else
			perror_msg("%s", path);
		return -1;
	}
	o->holes = 1;
	return 0;
}

void outfile_memory(struct outfile *o, void *buf)
{
	*o = (struct outfile){ .path = "memory", .fd = -1, .mem = buf };
}

int outfile_write(struct outfile *o, const void *buf, size_t len)
{
	const char *p = buf;

	if (o->mem) {
		memcpy(o->mem + o->pos, buf, len);
		o->pos += len;
		return 0;
	}
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
		watchdog_tick();
	}
	return 0;
}

int outfile_skip(struct outfile *o, uint64_t len)
{
	static char *zeros;
	enum { ZEROS = 65536 };

	if (o->mem)
		memset(o->mem + o->pos, 0, len);
	if (o->holes || o->mem) {
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
	if (o->fd == 1 || o->mem)
		return 0;
	/* a final hole has no bytes after it to give the file its size */
	if (ftruncate(o->fd, o->pos) || close(o->fd)) {
		perror_msg("writing %s", o->path);
		o->fd = -1;
		outfile_abort(o);
		return -1;
	}
	o->fd = -1;
	if (!in_run)
		forget(o->doom);
	return 0;
}

void outfile_abort(struct outfile *o)
{
	if (o->fd > 1)
		close(o->fd);
	if (o->holes)
		unlink(o->path);
	o->fd = -1;
	if (o->doom)
		forget(o->doom);
	o->doom = NULL;
}
