/* mem.h: reading another process's memory */
#ifndef MEM_H
#define MEM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct mem {
	pid_t pid;
	pid_t mm;      /* the thread whose /proc files show the memory (proc_mm_tid) */
	int fd;        /* /proc/MM/mem, opened when first needed */
};

void mem_init(struct mem *m, pid_t pid);
void mem_close(struct mem *m);
/* Open /proc/MM/mem now, not at the first read (which may come while the
 * target is held): 0, or -1 with errno. */
int mem_open(struct mem *m);
/* Up to len bytes at addr, from /proc/PID/mem (never waits on userfaultfd,
 * never unshares a copy-on-write page: see mem.c). Bytes read from the start
 * of the range, or -1 with errno if not even the first byte could be read. */
ssize_t mem_read(struct mem *m, uint64_t addr, void *buf, size_t len);
/* All of [addr, addr+len): unreadable pages (EIO on [vvar], [vectors], ...)
 * become zeros and are counted in *bad_pages; the rest is read. */
void mem_read_all(struct mem *m, uint64_t addr, void *buf, size_t len, size_t page_size, uint64_t *bad_pages);

#endif
