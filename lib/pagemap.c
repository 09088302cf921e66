/* pagemap.c: which pages of a process were ever populated, and their state.
 *
 * PAGEMAP_SCAN (Linux 6.7) returns runs of pages by category, so an untouched
 * 16 GiB region costs one ioctl; older kernels get the 8-byte entries. Nothing
 * here reads the target's memory, so nothing here populates a page in it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pagemap.h"
#include "proc.h"
#include "procbox.h"

/* include/uapi/linux/fs.h (6.7) */
struct pm_scan_arg_ {
	uint64_t size, flags, start, end, walk_end, vec, vec_len, max_pages;
	uint64_t category_inverted, category_mask, category_anyof_mask, return_mask;
};
struct page_region_ {
	uint64_t start, end, categories;
};
_Static_assert(sizeof(struct pm_scan_arg_) == 96, "struct pm_scan_arg");
#define PAGE_IS_PRESENT (1 << 3)
#define PAGE_IS_SWAPPED (1 << 4)
#define PAGE_IS_PFNZERO (1 << 5)
#define PAGEMAP_SCAN_ _IOWR('f', 16, struct pm_scan_arg_)

#define CHUNK 1024 /* entries per read: 8 KiB */

/* A page of our own, just written: its entry has the soft-dirty bit if and
 * only if the kernel tracks soft-dirty (CONFIG_MEM_SOFT_DIRTY). */
static int probe_soft_dirty(unsigned page_size)
{
	uint64_t e = 0;
	int fd, ok = 0;
	char *p = mmap(NULL, page_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return 0;
	*(volatile char *)p = 1;
	fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && pread(fd, &e, 8, (uintptr_t)p / page_size * 8) == 8)
		ok = !!(e & PM_SOFT_DIRTY);
	if (fd >= 0)
		close(fd);
	munmap(p, page_size);
	return ok;
}

int pagemap_open(struct pagemap *pm, pid_t pid)
{
	char path[64];
	struct pm_scan_arg_ a = { .size = sizeof(a) };

	memset(pm, 0, sizeof(*pm));
	pm->pid = pid;
	pm->page_size = sysconf(_SC_PAGESIZE);
	snprintf(path, sizeof(path), "/proc/%d/pagemap", (int)proc_mm_tid(pid));
	pm->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (pm->fd < 0) {
		proc_perror(pid, "pagemap");
		return -1;
	}
	/* an empty range: succeeds where the ioctl exists, ENOTTY/EINVAL where not */
	pm->have_scan = ioctl(pm->fd, PAGEMAP_SCAN_, &a) >= 0;
	pm->soft_dirty_support = probe_soft_dirty(pm->page_size);
	return 0;
}

void pagemap_close(struct pagemap *pm)
{
	if (pm->fd >= 0)
		close(pm->fd);
	pm->fd = -1;
}

/* pagemap reads nothing past the task's size, and nothing at all once the
 * process has let its memory go (exiting, even before it is a zombie): the
 * entry of page 0 tells which */
static int mm_alive(struct pagemap *pm)
{
	uint64_t e;

	return pread(pm->fd, &e, 8, 0) == 8;
}

int pagemap_entries(struct pagemap *pm, uint64_t start, size_t n, uint64_t *out)
{
	size_t want = n * 8, done = 0;
	off_t off = start / pm->page_size * 8;

	while (done < want) {
		ssize_t r = pread(pm->fd, (char *)out + done, want - done, off + done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0 && mm_alive(pm)) {
			/* pagemap ends at the task's size: [vsyscall] lies past it */
			error_msg("%d: %llx: outside the task's address space (no pagemap entry)", (int)pm->pid,
				  (unsigned long long)(start + done / 8 * pm->page_size));
			return -1;
		}
		if (r <= 0) {
			if (r == 0)
				errno = ESRCH; /* the process exited */
			proc_perror(pm->pid, "pagemap");
			return -1;
		}
		done += r;
	}
	return 0;
}

void pagemap_tally(const uint64_t *e, size_t n, struct pagemap_counts *c)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t x = e[i];

		c->present += !!(x & PM_PRESENT);
		c->swapped += !!(x & PM_SWAPPED);
		if (!(x & (PM_PRESENT | PM_SWAPPED)))
			continue;
		c->soft_dirty += !!(x & PM_SOFT_DIRTY);
		c->exclusive += !!(x & PM_EXCLUSIVE);
		c->file_shared += !!(x & PM_FILE_OR_SHARED);
	}
}

static int scan_runs(struct pagemap *pm, uint64_t start, uint64_t end, pagemap_run_fn fn, void *ctx)
{
	struct page_region_ vec[256];
	struct pm_scan_arg_ a = {
		.size = sizeof(a), .start = start, .end = end,
		.vec = (uintptr_t)vec, .vec_len = 256,
		.category_anyof_mask = PAGE_IS_PRESENT | PAGE_IS_SWAPPED,
		.return_mask = PAGE_IS_PRESENT | PAGE_IS_SWAPPED,
	};

	if (pm->skip_zero_page)
		a.category_inverted = a.category_mask = PAGE_IS_PFNZERO;

	while (a.start < end) {
		int n = ioctl(pm->fd, PAGEMAP_SCAN_, &a);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			proc_perror(pm->pid, "pagemap (PAGEMAP_SCAN)");
			return -1;
		}
		for (int i = 0; i < n; i++)
			if (fn(ctx, vec[i].start, vec[i].end) < 0)
				return -1;
		if (a.walk_end <= a.start)
			break;
		a.start = a.walk_end;
	}
	return 0;
}

static int entry_runs(struct pagemap *pm, uint64_t start, uint64_t end, pagemap_run_fn fn, void *ctx)
{
	uint64_t buf[CHUNK], run = 0;
	int in_run = 0;

	for (uint64_t a = start; a < end;) {
		size_t n = (end - a) / pm->page_size;

		if (n > CHUNK)
			n = CHUNK;
		if (pagemap_entries(pm, a, n, buf))
			return -1;
		for (size_t i = 0; i < n; i++, a += pm->page_size) {
			int pop = !!(buf[i] & (PM_PRESENT | PM_SWAPPED));

			if (pop && !in_run)
				run = a;
			else if (!pop && in_run && fn(ctx, run, a) < 0)
				return -1;
			in_run = pop;
		}
	}
	return in_run ? fn(ctx, run, end) : 0;
}

int pagemap_populated(struct pagemap *pm, uint64_t start, uint64_t end, pagemap_run_fn fn, void *ctx)
{
	return pm->have_scan ? scan_runs(pm, start, end, fn, ctx) : entry_runs(pm, start, end, fn, ctx);
}

struct count_ctx {
	struct pagemap *pm;
	struct pagemap_counts *c;
};

static int count_run(void *vctx, uint64_t start, uint64_t end)
{
	struct count_ctx *x = vctx;
	uint64_t buf[CHUNK];

	while (start < end) {
		size_t n = (end - start) / x->pm->page_size;

		if (n > CHUNK)
			n = CHUNK;
		if (pagemap_entries(x->pm, start, n, buf))
			return -1;
		pagemap_tally(buf, n, x->c);
		start += n * x->pm->page_size;
	}
	return 0;
}

int pagemap_count(struct pagemap *pm, uint64_t start, uint64_t end, struct pagemap_counts *c)
{
	struct pagemap_counts mine = { 0 };
	struct count_ctx x = { pm, &mine };

	if (pagemap_populated(pm, start, end, count_run, &x))
		return -1;
	mine.pages = (end - start) / pm->page_size;
	/* a page both present and swapped does not happen; each populated page counts once */
	mine.untouched = mine.pages - mine.present - mine.swapped;
	c->pages += mine.pages, c->present += mine.present, c->swapped += mine.swapped;
	c->soft_dirty += mine.soft_dirty, c->exclusive += mine.exclusive;
	c->file_shared += mine.file_shared, c->untouched += mine.untouched;
	return 0;
}

size_t pagemap_meta_line(char *buf, uint64_t e, int full, int unreadable, int soft_dirty_support)
{
	char *p = buf;

	*p++ = e & PM_PRESENT ? '1' : '0';
	*p++ = e & PM_SWAPPED ? '1' : '0';
	if (full) {
		*p++ = ' ';
		*p++ = !soft_dirty_support ? '-' : e & PM_SOFT_DIRTY ? '1' : '0';
		*p++ = e & PM_EXCLUSIVE ? '1' : '0';
		*p++ = e & PM_FILE_OR_SHARED ? '1' : '0';
		*p++ = unreadable ? '1' : '0';
		if (e & PM_SWAPPED)
			p += sprintf(p, " swap:%u:%llx", (unsigned)PM_SWAP_TYPE(e), (unsigned long long)PM_SWAP_OFFSET(e));
	}
	*p++ = '\n';
	return p - buf;
}
