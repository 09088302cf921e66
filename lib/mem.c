/* mem.c: another process's memory and registers (PTRACE_GETREGSET only:
 * aarch64, riscv64 and loongarch64 have no PTRACE_GETREGS).
 *
 * Memory is read through /proc/PID/mem, never process_vm_readv: the latter
 * pins pages (FOLL_PIN), which unshares every copy-on-write page a forked
 * target still shares with its parent (a copy per page, in the target) and
 * waits in handle_userfault() on a missing page of a userfaultfd range for as
 * long as nobody serves it. /proc/PID/mem's plain GUP does neither: EIO. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
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

ssize_t mem_read(struct mem *m, uint64_t addr, void *buf, size_t len)
{
	size_t done = 0;

	if (m->fd < 0) {
		char path[64];

		snprintf(path, sizeof(path), "/proc/%d/mem", (int)m->mm);
		if ((m->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			return -1;
	}
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

long regset_read(pid_t tid, unsigned type, void *buf, size_t size)
{
	struct iovec iov = { buf, size };

	if (ptrace(PTRACE_GETREGSET, tid, (void *)(uintptr_t)type, &iov))
		return -1;
	watchdog_tick();
	return iov.iov_len;
}

const struct arch *regs_read(pid_t tid, void *buf, size_t size)
{
	long n = regset_read(tid, NT_PRSTATUS, buf, size);
	const struct arch *a;

	if (n < 0)
		return NULL;
	a = arch_personality(arch_host(), n);
	if (!a)
		errno = EPROTO;
	return a;
}
