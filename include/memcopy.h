/* memcopy.h: copying a range of a live process's memory to an output file
 * without populating a page in it: pages it never populated are read from the
 * backing file, or left as holes. */
#ifndef MEMCOPY_H
#define MEMCOPY_H

#include <stdint.h>
#include <sys/types.h>

#include "mem.h"
#include "outfile.h"
#include "pagemap.h"

struct memcopy {
	struct mem mem;
	struct pagemap pm;
	char *buf;
	size_t chunk;        /* bytes per read and write */
	uint64_t bad_pages;  /* unreadable (EIO) pages written as zeros, where unexpected */
	uint64_t mem_bytes, file_bytes; /* read from the process, from backing files */
};

/* The chunk size defaults to 256 KiB (the best measured by make bench); the
 * environment's PROCBOX_CHUNK (bytes) overrides it for measuring. */
int memcopy_init(struct memcopy *c, pid_t pid);
void memcopy_free(struct memcopy *c);

enum {
	COPY_ALL_FROM_MEMORY = 1, /* [vdso] and the like: read every page (the kernel does) */
	COPY_EIO_EXPECTED = 2,    /* [vvar]: unreadable pages are not worth a warning */
};
/* [start, start + len) to o: populated pages from memory, the others from
 * fd at file_off + (their offset) when fd >= 0, else holes. 0 or -1 reported. */
int memcopy_range(struct memcopy *c, uint64_t start, uint64_t len, int fd, uint64_t file_off, unsigned how,
		  struct outfile *o);

/* n pages at start whose pagemap entries are e[] (read before, so that
 * reading memory cannot change what they say): to o from memory where
 * populated, but unmodified pages of a file mapping (fd >= 0, entry says file
 * or shared) from the file; never populated ones from the file (fd >= 0) or
 * as holes. An unreadable page becomes a hole and bad[i] is set (bad may be
 * NULL). 0, or -1 reported. */
int memcopy_pages(struct memcopy *c, uint64_t start, const uint64_t *e, size_t n, int fd, uint64_t file_off,
		  struct outfile *o, uint8_t *bad);

/* The file a mapping maps, checked to be the one maps names (device, inode):
 * /proc/PID/map_files/START-END, else the path. An fd, or -1. */
int region_file_open(pid_t pid, uint64_t start, uint64_t end, const char *path, uint64_t dev, uint64_t inode);

#endif
