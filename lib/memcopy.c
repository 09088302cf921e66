/* memcopy.c: a live process's memory to a file in large chunks, sparse */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "memcopy.h"
#include "proc.h"
#include "procbox.h"
#include "progress.h"

int memcopy_init(struct memcopy *c, pid_t pid)
{
	const char *env = getenv("PROCBOX_CHUNK");

	*c = (struct memcopy){ .chunk = 256 << 10 };
	mem_init(&c->mem, pid);
	if (env && atol(env) >= 4096)
		c->chunk = atol(env) & ~4095L;
	if (!(c->buf = malloc(c->chunk))) {
		perror_msg("%d: buffer", (int)pid);
		return -1;
	}
	if (pagemap_open(&c->pm, pid)) {
		free(c->buf);
		return -1;
	}
	c->pm.skip_zero_page = 1;
	return 0;
}

void memcopy_free(struct memcopy *c)
{
	mem_close(&c->mem);
	pagemap_close(&c->pm);
	free(c->buf);
	c->buf = NULL;
}

struct range {
	struct memcopy *c;
	struct outfile *o;
	uint64_t at;       /* next byte to emit */
	uint64_t start;    /* of the whole range */
	int fd;
	uint64_t file_off;
	unsigned how;
	uint8_t *bad;      /* per page from start: unreadable (may be NULL) */
};

/* Unreadable pages (EIO: [vvar], a PROT_NONE page) become holes, as in the
 * kernel's cores. */
static int from_memory(struct range *r, uint64_t end)
{
	struct memcopy *c = r->c;
	uint64_t page = c->pm.page_size;

	while (r->at < end) {
		size_t n = end - r->at > c->chunk ? c->chunk : end - r->at;
		ssize_t got = mem_read(&c->mem, r->at, c->buf, n);

		if (got <= 0) {
			if (proc_gone(c->mem.pid)) { /* killed under us: an error, not a dump of zeros */
				errno = ESRCH;
				proc_perror(c->mem.pid, "mem");
				return -1;
			}
			if (!(r->how & COPY_EIO_EXPECTED))
				c->bad_pages++;
			if (r->bad)
				r->bad[(r->at - r->start) / page] = 1;
			got = page - (r->at & (page - 1));
			if (outfile_skip(r->o, got))
				return -1;
		} else {
			if (outfile_write(r->o, c->buf, got))
				return -1;
			c->mem_bytes += got;
		}
		r->at += got;
		progress_add(got);
	}
	return 0;
}

/* Never populated: the file's bytes (zeros past its end), or a hole. */
static int from_file(struct range *r, uint64_t end)
{
	struct memcopy *c = r->c;

	while (r->fd >= 0 && r->at < end) {
		size_t n = end - r->at > c->chunk ? c->chunk : end - r->at;
		ssize_t got = pread(r->fd, c->buf, n, r->file_off + (r->at - r->start));

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		if (outfile_write(r->o, c->buf, got))
			return -1;
		c->file_bytes += got;
		r->at += got;
		progress_add(got);
	}
	if (outfile_skip(r->o, end - r->at))
		return -1;
	progress_add(end - r->at);
	r->at = end;
	return 0;
}

static int on_run(void *ctx, uint64_t start, uint64_t end)
{
	struct range *r = ctx;

	return from_file(r, start) || from_memory(r, end) ? -1 : 0;
}

int memcopy_range(struct memcopy *c, uint64_t start, uint64_t len, int fd, uint64_t file_off, unsigned how,
		  struct outfile *o)
{
	struct range r = { c, o, start, start, fd, file_off, how, NULL };

	if (how & COPY_ALL_FROM_MEMORY)
		return from_memory(&r, start + len);
	if (pagemap_populated(&c->pm, start, start + len, on_run, &r))
		return -1;
	return from_file(&r, start + len);
}

enum { FROM_HOLE, FROM_MEMORY, FROM_FILE };

static int page_source(uint64_t e, int fd)
{
	if ((e & (PM_PRESENT | PM_SWAPPED)) && !(fd >= 0 && (e & PM_FILE_OR_SHARED)))
		return FROM_MEMORY;
	return fd >= 0 ? FROM_FILE : FROM_HOLE;
}

int memcopy_pages(struct memcopy *c, uint64_t start, const uint64_t *e, size_t n, int fd, uint64_t file_off,
		  struct outfile *o, uint8_t *bad)
{
	uint64_t page = c->pm.page_size;
	struct range r = { c, o, start, start, fd, file_off, 0, bad };

	for (size_t i = 0, j; i < n; i = j) {
		int src = page_source(e[i], fd);

		for (j = i + 1; j < n && page_source(e[j], fd) == src; j++)
			;
		if (src == FROM_MEMORY ? from_memory(&r, start + j * page) : from_file(&r, start + j * page))
			return -1;
	}
	return 0;
}

static int same_file(int fd, uint64_t dev, uint64_t inode)
{
	struct stat st;

	return fd >= 0 && !fstat(fd, &st) && st.st_ino == inode && st.st_dev == dev;
}

int region_file_open(pid_t pid, uint64_t start, uint64_t end, const char *path, uint64_t dev, uint64_t inode)
{
	char mf[80];
	int fd;

	/* the very file mapped, even deleted or shadowed; needs CAP_SYS_ADMIN or
	 * CAP_CHECKPOINT_RESTORE */
	snprintf(mf, sizeof(mf), "/proc/%d/map_files/%llx-%llx", (int)pid, (unsigned long long)start,
		 (unsigned long long)end);
	if ((fd = open(mf, O_RDONLY | O_CLOEXEC)) >= 0)
		return fd;
	/* the path, if the file opened is the one mapped (no race: the fd is checked) */
	if (!path || path[0] != '/')
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (!same_file(fd, dev, inode)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}
