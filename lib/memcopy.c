/* memcopy.c: a live process's memory to a file in large chunks, sparse.
 *
 * While the process is held, only its memory is read (/proc/PID/mem, which
 * never blocks on userfaultfd) and only pages it has populated: a page it
 * never populated is the file's, and files can block (FUSE, NFS, a dying
 * disk). Those ranges are left as holes and listed; memcopy_finish() reads
 * them once the process runs again. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mapfile.h"
#include "memcopy.h"
#include "proc.h"
#include "procbox.h"
#include "progress.h"

/* a range of an output to fill from a file later */
struct pending {
	int out_fd;
	char *out_mem;
	uint64_t out_off, len, file_off;
	uint64_t start, end, dev, inode; /* the mapping and its file */
	size_t path;                     /* in c->names, or NO_PATH */
};
#define NO_PATH ((size_t)-1)

int memcopy_init(struct memcopy *c, pid_t pid)
{
	const char *env = getenv("PROCBOX_CHUNK");

	*c = (struct memcopy){ .chunk = 256 << 10 };
	mem_init(&c->mem, pid);
	if (env && atol(env) >= 4096)
		c->chunk = atol(env) & ~4095L;
	c->buf = xmalloc(c->chunk);
	if (pagemap_open(&c->pm, pid)) {
		free(c->buf);
		c->buf = NULL;
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
	free(c->pending);
	free(c->names);
	c->buf = NULL, c->pending = NULL, c->names = NULL;
	c->npending = 0;
}

struct range {
	struct memcopy *c;
	struct outfile *o;
	uint64_t at;       /* next byte to emit */
	uint64_t start;    /* of the whole range */
	const struct memfile *f;
	unsigned how;
	uint8_t *bad;      /* per page from start: unreadable (may be NULL) */
	int fd;            /* f opened for a stream: -2 not yet, -1 cannot be */
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

static void add_pending(struct memcopy *c, const struct range *r, uint64_t len)
{
	const struct memfile *f = r->f;
	struct pending *p = c->npending ? &c->pending[c->npending - 1] : NULL;
	uint64_t file_off = f->pgoff + (r->at - f->start);

	/* the continuation of the last one */
	if (p && p->out_fd == r->o->fd && p->out_mem == r->o->mem && p->out_off + p->len == r->o->pos &&
	    p->start == f->start && p->file_off + p->len == file_off) {
		p->len += len;
		return;
	}
	c->pending = xgrow(c->pending, &c->cap, c->npending + 1, sizeof(*c->pending));
	p = &c->pending[c->npending];
	*p = (struct pending){ r->o->fd, r->o->mem, r->o->pos, len, file_off, f->start, f->end, f->dev, f->inode,
			       NO_PATH };
	if (f->path && f->path[0] == '/') {
		size_t n = strlen(f->path) + 1;
		c->names = xgrow(c->names, &c->names_cap, c->names_len + n, 1);
		memcpy(c->names + c->names_len, f->path, n);
		p->path = c->names_len, c->names_len += n;
	}
	c->npending++;
}

/* pread from fd into the output; short reads (past the file's end) leave zeros */
static int copy_file(struct memcopy *c, int fd, uint64_t file_off, uint64_t len, struct outfile *o)
{
	while (len) {
		size_t n = len > c->chunk ? c->chunk : len;
		ssize_t got = pread(fd, c->buf, n, file_off);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		if (outfile_write(o, c->buf, got))
			return -1;
		c->file_bytes += got;
		file_off += got, len -= got;
		progress_add(got);
	}
	return outfile_skip(o, len);
}

/* Never populated: the file's bytes (zeros past its end) once the process
 * runs again (a stream cannot wait: read now), or a hole where no file. */
static int from_file(struct range *r, uint64_t end)
{
	struct memcopy *c = r->c;
	uint64_t len = end - r->at;
	int fd, ret;

	if (!len)
		return 0;
	if (!r->f) {
		ret = outfile_skip(r->o, len);
	} else if (r->o->holes || r->o->mem) {
		add_pending(c, r, len);
		ret = outfile_skip(r->o, len);
	} else {
		const struct memfile *f = r->f;

		if (r->fd == -2) /* once per range, not per gap between populated runs */
			r->fd = region_file_open(c->mem.mm, f->start, f->end, f->path, f->dev, f->inode);
		if ((fd = r->fd) < 0)
			c->no_file_pages += len / c->pm.page_size;
		ret = fd >= 0 ? copy_file(c, fd, f->pgoff + (r->at - f->start), len, r->o) : outfile_skip(r->o, len);
		r->at = end;
		return ret;
	}
	progress_add(len);
	r->at = end;
	return ret;
}

static int on_run(void *ctx, uint64_t start, uint64_t end)
{
	struct range *r = ctx;

	return from_file(r, start) || from_memory(r, end) ? -1 : 0;
}

int memcopy_range(struct memcopy *c, uint64_t start, uint64_t len, const struct memfile *f, unsigned how,
		  struct outfile *o)
{
	struct range r = { c, o, start, start, f, how, NULL, -2 };
	int ret;

	if (how & COPY_ALL_FROM_MEMORY)
		return from_memory(&r, start + len);
	ret = pagemap_populated(&c->pm, start, start + len, on_run, &r) ? -1 : from_file(&r, start + len);
	if (r.fd >= 0)
		close(r.fd);
	return ret;
}

struct marks {
	uint8_t *data;
	uint64_t start, page;
};

static int mark_data(void *ctx, uint64_t start, uint64_t end)
{
	struct marks *m = ctx;

	memset(m->data + (start - m->start) / m->page, 1, (end - start) / m->page);
	return 0;
}

enum { FROM_FILE, FROM_MEMORY, FROM_ZERO_PAGE };

static int page_source(uint64_t e, uint8_t data)
{
	return !(e & (PM_PRESENT | PM_SWAPPED)) ? FROM_FILE : data ? FROM_MEMORY : FROM_ZERO_PAGE;
}

int memcopy_pages(struct memcopy *c, uint64_t start, const uint64_t *e, size_t n, const struct memfile *f,
		  struct outfile *o, uint8_t *bad)
{
	uint64_t page = c->pm.page_size;
	struct range r = { c, o, start, start, f, 0, bad, -2 };
	struct marks m = { xzalloc(n), start, page };
	int ret = -1;

	/* populated pages that hold data: not the zero page a read of untouched
	 * memory maps (a hole, as in pcore's cores) */
	if (pagemap_populated(&c->pm, start, start + n * page, mark_data, &m))
		goto out;
	for (size_t i = 0, j; i < n; i = j) {
		int src = page_source(e[i], m.data[i]);

		for (j = i + 1; j < n && page_source(e[j], m.data[j]) == src; j++)
			;
		if (src == FROM_ZERO_PAGE) {
			if (outfile_skip(o, (j - i) * page))
				goto out;
			r.at += (j - i) * page;
		} else if (src == FROM_MEMORY ? from_memory(&r, start + j * page) : from_file(&r, start + j * page)) {
			goto out;
		}
	}
	ret = 0;
out:
	if (r.fd >= 0)
		close(r.fd);
	free(m.data);
	return ret;
}

int memcopy_finish(struct memcopy *c)
{
	int fd = -1, ret = 0;

	for (size_t i = 0; i < c->npending && !ret; i++) {
		struct pending *p = &c->pending[i];
		struct outfile o = { .path = "output", .fd = p->out_fd, .holes = 1, .mem = p->out_mem,
				     .pos = p->out_off };

		if (!i || p->start != p[-1].start || p->inode != p[-1].inode) {
			if (fd >= 0)
				close(fd);
			fd = region_file_open(c->mem.mm, p->start, p->end, p->path == NO_PATH ? NULL : c->names + p->path,
					      p->dev, p->inode);
		}
		if (fd < 0)
			c->no_file_pages += p->len / c->pm.page_size;
		else
			ret = copy_file(c, fd, p->file_off, p->len, &o);
	}
	if (fd >= 0)
		close(fd);
	c->npending = 0;
	return ret;
}
