/* outfile.c: the files procbox writes appear whole or not at all.
 *
 * A file is written unnamed (O_TMPFILE in its directory; where the file
 * system has none, under a hidden temporary name there) and linked under
 * its name only when complete: a failure, a fatal signal or SIGKILL leaves
 * nothing under the name, and an older file there is kept until the new one
 * replaces it (-f: rename() over it, atomically). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fatal.h"
#include "outfile.h"
#include "procbox.h"
#include "watchdog.h"

/* A file not yet named: its fd (O_TMPFILE) or its temporary name, and the
 * name it gets. The temporary names are what a fatal signal removes; only
 * single pointer stores change the list, so the handler always sees a whole
 * one (procbox writes from one thread). */
struct staged {
	struct staged *volatile next;
	int fd;     /* open until named */
	int force;
	int named;
	char *name; /* the final name (points into path[]) */
	char path[]; /* the temporary name, "" with O_TMPFILE; then the final name */
};
static struct staged *volatile staged;
static int in_run;

static void remove_staged(void)
{
	for (struct staged *s = staged; s; s = s->next)
		if (s->path[0])
			unlink(s->path);
}

static void forget(struct staged *d)
{
	struct staged *volatile *p = &staged;

	while (*p && *p != d)
		p = &(*p)->next;
	if (*p)
		*p = d->next;
	if (d->fd >= 0)
		close(d->fd);
	free(d);
}

/* A temporary name beside name, into buf (strlen(name) + 16 bytes). */
static void temp_name(char *buf, const char *name, unsigned n)
{
	const char *slash = strrchr(name, '/');
	int dl = slash ? (int)(slash - name) + 1 : 0;

	sprintf(buf, "%.*s.%s.pb%06u", dl, name, name + dl, (unsigned)(getpid() * 7919u + n) % 1000000);
}

static int temp_open(char *buf, const char *name)
{
	int fd = -1;

	for (unsigned n = 0; n < 100 && fd < 0; n++) {
		temp_name(buf, name, n);
		if ((fd = open(buf, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600)) < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0)
		buf[0] = 0;
	return fd;
}

/* Create the unnamed file for path; its entry on the list, or NULL (errno). */
static struct staged *stage(const char *path, int force)
{
	const char *slash = strrchr(path, '/');
	size_t plen = strlen(path);
	struct staged *s = xmalloc(sizeof(*s) + 2 * plen + 17);
	int fd;

	s->force = force, s->named = 0;
	s->name = s->path + plen + 16;
	strcpy(s->name, path);
	/* the directory, for O_TMPFILE (path holds a temporary name otherwise) */
	snprintf(s->path, plen + 2, "%.*s", slash ? (int)(slash - path) + 1 : 1, slash ? path : ".");
	/* a signal between creating the file and listing it would leave it */
	fatal_hold(1);
	fd = open(s->path, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	s->path[0] = 0;
	if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL))
		fd = temp_open(s->path, path); /* a file system without O_TMPFILE */
	if (fd >= 0) {
		s->fd = fd;
		s->next = staged;
		staged = s;
		fatal_hook(FATAL_OUTPUT, remove_staged);
	}
	fatal_hold(0);
	if (fd < 0) {
		free(s);
		return NULL;
	}
	return s;
}

/* Give the finished file its name: 0, or -1 reported (the file is gone). */
static int commit(struct staged *s)
{
	char fdpath[32];
	int r;

	if (!s->path[0]) { /* O_TMPFILE: linked from its fd */
		snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", s->fd);
		if (!s->force) {
			r = linkat(AT_FDCWD, fdpath, AT_FDCWD, s->name, AT_SYMLINK_FOLLOW);
			goto done;
		}
		/* rename() replaces, linkat() does not: a temporary name first */
		for (unsigned n = 0; n < 100; n++) {
			temp_name(s->path, s->name, n);
			if (!(r = linkat(AT_FDCWD, fdpath, AT_FDCWD, s->path, AT_SYMLINK_FOLLOW)) || errno != EEXIST)
				break;
		}
		if (r) {
			s->path[0] = 0;
			goto done;
		}
	}
	if (s->force)
		r = rename(s->path, s->name);
	else if (!(r = link(s->path, s->name)))
		unlink(s->path);
done:
	if (r) {
		int e = errno;

		if (s->path[0])
			unlink(s->path);
		errno = e;
		if (errno == EEXIST)
			error_msg("%s: exists (-f to replace it)", s->name);
		else
			perror_msg("%s: cannot name it", s->name);
	}
	s->path[0] = 0; /* nothing left to remove */
	s->named = !r;
	return r ? -1 : 0;
}

void outfile_run_begin(void)
{
	struct rlimit rl;

	in_run = 1;
	/* a run's files stay open until named together: as many as allowed
	 * (prlimit: musl's setrlimit brings 1.2 KB to reach every thread, and
	 * procbox has one) */
	if (!prlimit(0, RLIMIT_NOFILE, NULL, &rl) && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		prlimit(0, RLIMIT_NOFILE, &rl, NULL);
	}
}

int outfile_run_end(int keep)
{
	int r = 0;

	/* named all, or none: no signal in between; once named, the run is done
	 * and a signal can only make its exit status lie: it stays held off */
	fatal_hold(1);
	for (struct staged *s = staged; s && keep && !r; s = s->next)
		r = commit(s);
	if (r || !keep)
		fatal_hold(0);
	while (staged) {
		if ((!keep || r) && staged->path[0])
			unlink(staged->path);
		if (r && staged->named) /* one could not be named: none is kept */
			unlink(staged->name);
		forget(staged);
	}
	in_run = 0;
	return r;
}

/* What is already at path: 0 nothing (or a file -f may replace), 1 a
 * device, FIFO or socket to write into, -1 refused (reported). */
static int existing(const char *path, int force)
{
	struct stat st;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 : (perror_msg("%s", path), -1);
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))
		return 1;
	if (S_ISDIR(st.st_mode)) {
		error_msg("%s: is a directory", path);
		return -1;
	}
	if (!force) {
		error_msg("%s: exists (-f to replace it)", path);
		return -1;
	}
	return 0;
}

int outfile_open(struct outfile *o, const char *path, int force)
{
	int kind;

	memset(o, 0, sizeof(*o));
	o->path = path;
	o->fd = -1;
	if (!strcmp(path, "-")) {
		/* a reader that goes away is an error to report, not a silent death */
		signal(SIGPIPE, SIG_IGN);
		o->fd = 1;
		return 0;
	}
	if ((kind = existing(path, force)) < 0)
		return -1;
	if (kind) { /* written into as a stream, never replaced; a FIFO's open
		     * waits for its reader, as a shell's redirection does (before
		     * the target is stopped) */
		signal(SIGPIPE, SIG_IGN);
		if ((o->fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
			perror_msg("%s", path);
			return -1;
		}
		o->stream = 1;
		return 0;
	}
	if (!(o->staged = stage(path, force))) {
		perror_msg("%s", path);
		return -1;
	}
	o->fd = ((struct staged *)o->staged)->fd;
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
	if (!zeros)
		zeros = xzalloc(ZEROS);
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
	struct staged *s = o->staged;

	if (o->mem || o->fd == 1)
		return 0;
	if (o->stream) {
		int r = close(o->fd);

		o->fd = -1;
		if (r)
			perror_msg("writing %s", o->path);
		return r ? -1 : 0;
	}
	/* a final hole has no bytes after it to give the file its size */
	if (ftruncate(o->fd, o->pos)) {
		perror_msg("writing %s", o->path);
		outfile_abort(o);
		return -1;
	}
	/* the fd stays open until the name is given: memcopy_finish() may
	 * still write the files' pages into it */
	o->fd = -1, o->staged = NULL;
	if (in_run)
		return 0; /* named with the others by outfile_run_end() */
	fatal_hold(1); /* and after the naming: see outfile_run_end() */
	int r = commit(s);

	if (r)
		fatal_hold(0);
	forget(s);
	return r;
}

void outfile_abort(struct outfile *o)
{
	struct staged *s = o->staged;

	if (o->stream && o->fd > 1)
		close(o->fd);
	if (s) {
		if (s->path[0])
			unlink(s->path);
		forget(s);
	}
	o->fd = -1, o->staged = NULL;
}
