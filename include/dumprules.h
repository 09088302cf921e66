/* dumprules.h: which mappings go into a core, and how much of each, by the
 * kernel's rules (fs/coredump.c's vma_dump_size()) and coredump_filter; the
 * PT_LOADs and NT_FILE of a process planned by them from its smaps */
#ifndef DUMPRULES_H
#define DUMPRULES_H

#include <stdint.h>

#include "core_write.h"

/* The facts about a mapping the kernel's rules look at (from smaps). */
struct vma_facts {
	uint8_t perms;    /* PERM_* */
	uint8_t file;     /* it has a backing file (incl. shared anonymous memory) */
	uint8_t unlinked; /* that file has no name left: memfd, SysV, /dev/zero, (deleted) */
	uint8_t anon;     /* it has the kernel's anon_vma (has held anonymous pages) */
	uint8_t dontdump; /* VmFlags dd: madvise(MADV_DONTDUMP) */
	uint8_t io;       /* VmFlags io: device memory */
	uint8_t hugetlb;  /* VmFlags ht */
	uint8_t always;   /* [vdso], [vvar], [vsyscall], [vectors], ...: dumped whole */
	uint64_t pgoff;   /* byte offset in the file */
};

/* /proc/PID/coredump_filter bits (MMF_DUMP_*) */
enum {
	DUMP_ANON_PRIVATE = 1, DUMP_ANON_SHARED = 2, DUMP_MAPPED_PRIVATE = 4, DUMP_MAPPED_SHARED = 8,
	DUMP_ELF_HEADERS = 16, DUMP_HUGETLB_PRIVATE = 32, DUMP_HUGETLB_SHARED = 64,
	DUMP_FILTER_DEFAULT = 0x33,
};
/* The first page only if the file is executable or starts with ELF's magic */
#define DUMP_IF_ELF UINT64_MAX

/* Bytes of a mapping of size bytes to dump under filter, or DUMP_IF_ELF.
 * all (pcore -a): every readable mapping whole. */
uint64_t vma_dump_size(const struct vma_facts *v, uint64_t size, unsigned filter, int all);

/* The PT_LOADs and NT_FILE of a process, planned from its smaps region by
 * region (core_plan_region is an smaps_fn). */
struct region;
struct smaps_keys;
struct smaps_entry;
struct core_plan {
	struct coredump *cd;  /* arch and page_size set; maps appended */
	struct ntfile *files;
	unsigned filter;
	int all;
	/* the first-page question: is r's file executable or an ELF? */
	int (*elf_header)(void *ctx, const struct region *r);
	/* r's file's link count (0: unlinked), or -1 unknown (then maps'
	 * " (deleted)" decides); may be NULL */
	long (*file_links)(void *ctx, const struct region *r);
	void *ctx;
	int k_anon, k_swap;    /* smaps key indexes */
	int ac_rule;           /* AC_RULE_*: does VmFlags ac tell a read-only mapping's anon_vma? */
	struct vma_facts prev; /* of the last mapping planned */
	char prev_flags[128];  /* its VmFlags but rd wr ex ac */
};
/* ASK: by the running kernel's version (Linux 6.2 and later: yes) */
enum { AC_RULE_ASK, AC_RULE_NO, AC_RULE_YES };
int core_plan_region(void *plan, const struct smaps_keys *k, const struct smaps_entry *e);

#endif
