/* memcopy.h: copying a range of a live process's memory to an output file
 * without populating a page in it, and without touching a file while it is
 * held: pages it never populated are read from the backing file afterwards,
 * or left as holes. */
#ifndef MEMCOPY_H
#define MEMCOPY_H

#include <stdint.h>
#include <sys/types.h>

#include "mem.h"
#include "outfile.h"
#include "pagemap.h"

/* The file a mapping maps: what its never-populated pages hold. */
struct memfile {
	uint64_t start, end; /* the mapping (/proc/PID/map_files/START-END) */
	uint64_t pgoff;      /* file offset of start */
	const char *path;    /* maps' name, tried when map_files cannot be opened */
	uint64_t dev, inode; /* the path must lead to this file */
};

struct pending;
struct memcopy {
	struct mem mem;
	struct pagemap pm;
	char *buf;
	size_t chunk;        /* bytes per read and write */
	uint64_t bad_pages;  /* unreadable (EIO) pages written as zeros, where unexpected */
	uint64_t no_file_pages; /* never-populated pages of a file that could not be opened: zeros */
	uint64_t mem_bytes, file_bytes; /* read from the process, from backing files */
	struct pending *pending; /* file ranges for memcopy_finish() */
	size_t npending, cap;
	char *names;
	size_t names_len, names_cap;
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
 * the file f (NULL: none: holes). For a seekable or memory o, the file is
 * read by memcopy_finish(), when the process runs again; a stream cannot
 * wait, and reads it now. 0 or -1 reported. */
int memcopy_range(struct memcopy *c, uint64_t start, uint64_t len, const struct memfile *f, unsigned how,
		  struct outfile *o);

/* n pages at start whose pagemap entries are e[] (read before, so that
 * reading memory cannot change what they say): to o from memory where
 * populated (present or swapped), the others from f as memcopy_range() does.
 * An unreadable page becomes a hole and bad[i] is set (bad may be NULL). 0,
 * or -1 reported. */
int memcopy_pages(struct memcopy *c, uint64_t start, const uint64_t *e, size_t n, const struct memfile *f,
		  struct outfile *o, uint8_t *bad);

/* After the process is let go: the file ranges left, written into their
 * outputs (which must still be open). A file that cannot be opened leaves
 * zeros, counted in no_file_pages. 0, or -1 reported (a write failed). */
int memcopy_finish(struct memcopy *c);


#endif
