/* mem.c: another process's memory.
 *
 * Memory is read through /proc/PID/mem, never process_vm_readv: the latter
 * pins pages (FOLL_PIN), which unshares every copy-on-write page a forked
 * target still shares with its parent (a copy per page, in the target) and
 * waits in handle_userfault() on a missing page of a userfaultfd range for as
 * long as nobody serves it. /proc/PID/mem's plain GUP does neither: EIO. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "mem.h"
#include "proc.h"
#include "watchdog.h"

void mem_init(struct mem *m, pid_t pid)
{
	m->pid = pid, m->mm = proc_mm_tid(pid), m->fd = -1;
}

void mem_close(struct mem *m)
{
	if (m->fd >= 0)
		close(m->fd);
	m->fd = -1;
}

int mem_open(struct mem *m)
{
	char path[64];

	if (m->fd >= 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)m->mm);
	return (m->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 ? -1 : 0;
}

ssize_t mem_read(struct mem *m, uint64_t addr, void *buf, size_t len)
{
	size_t done = 0;

	if (mem_open(m))
		return -1;
	while (done < len) {
		/* addresses above 2^63 are negative off_t: the kernel takes them as unsigned */
		ssize_t n = pread(m->fd, (char *)buf + done, len - done, (off_t)(addr + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			return done ? (ssize_t)done : -1;
		}
		done += n;
		watchdog_tick();
	}
	return done;
}

void mem_read_all(struct mem *m, uint64_t addr, void *buf, size_t len, size_t page_size, uint64_t *bad_pages)
{
	char *p = buf;

	while (len) {
		ssize_t n = mem_read(m, addr, p, len);

		if (n <= 0) {
			/* skip to the next page boundary: that page cannot be read */
			size_t k = page_size - (addr & (page_size - 1));

			if (k > len)
				k = len;
			memset(p, 0, k);
			++*bad_pages;
			n = k;
		}
		addr += n, p += n, len -= n;
	}
}
