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

/* The file a mapping maps, checked to be the one maps names (device, inode):
 * /proc/PID/map_files/START-END, else the path. An fd, or -1. */
int region_file_open(pid_t pid, uint64_t start, uint64_t end, const char *path, uint64_t dev, uint64_t inode);

#endif
