/* pagemap.h: per-page state of a process from /proc/PID/pagemap */
#ifndef PAGEMAP_H
#define PAGEMAP_H

#include <stdint.h>
#include <sys/types.h>

/* Bits of a /proc/PID/pagemap entry (Documentation/admin-guide/mm/pagemap.rst) */
#define PM_PRESENT (1ull << 63)
#define PM_SWAPPED (1ull << 62)
#define PM_FILE_OR_SHARED (1ull << 61)
#define PM_EXCLUSIVE (1ull << 56)
#define PM_SOFT_DIRTY (1ull << 55)
#define PM_PFN_MASK ((1ull << 55) - 1)
#define PM_SWAP_TYPE(e) ((e) & 0x1f)
#define PM_SWAP_OFFSET(e) (((e) & PM_PFN_MASK) >> 5)

struct pagemap_counts {
	uint64_t pages, present, swapped, soft_dirty, exclusive, file_shared, untouched;
};

struct pagemap {
	int fd;
	pid_t pid;
	unsigned page_size;
	int have_scan;          /* the PAGEMAP_SCAN ioctl works on this kernel */
	int soft_dirty_support; /* the kernel tracks soft-dirty (not arm64 before 6.x) */
	int skip_zero_page;     /* pagemap_populated: leave out pages mapping the zero page
				 * (a read of untouched memory, by gdb say: zeros, no data) */
};

int pagemap_open(struct pagemap *pm, pid_t pid);
void pagemap_close(struct pagemap *pm);
/* Count pages of [start, end). Only populated runs are read entry by entry:
 * PAGEMAP_SCAN skips untouched memory without touching it. 0 or -1 (reported). */
int pagemap_count(struct pagemap *pm, uint64_t start, uint64_t end, struct pagemap_counts *c);
/* Populated runs: calls fn for each run of pages present or swapped. */
typedef int (*pagemap_run_fn)(void *ctx, uint64_t start, uint64_t end);
int pagemap_populated(struct pagemap *pm, uint64_t start, uint64_t end, pagemap_run_fn fn, void *ctx);
/* Raw entries for [start, start + n pages) into out[n]; 0 or -1 (reported). */
int pagemap_entries(struct pagemap *pm, uint64_t start, size_t n, uint64_t *out);
/* Fold entries into counts (pure: unit-tested on every arch). */
void pagemap_tally(const uint64_t *e, size_t n, struct pagemap_counts *c);

/* One page's line of a pdump .metadata file, into buf (>= 48 bytes); its
 * length. The seed's format: present and swapped, '1' or '0' ("10\n"). full
 * adds soft-dirty ('-' where the kernel does not track it), exclusively
 * mapped, file-or-shared and unreadable, then for a swapped page its swap
 * type and offset: "01 0000 swap:0:1a2b\n". */
enum { PAGEMAP_LINE_MAX = 48 }; /* bytes of a line at most */
size_t pagemap_meta_line(char *buf, uint64_t entry, int full, int unreadable, int soft_dirty_support);

#endif
