/* modules.h: the ELF files mapped in a process (live or in a core), opened
 * when first needed, with what pstack needs of each: its load bias, its
 * unwind tables, its symbols, its bytes at a runtime address */
#ifndef MODULES_H
#define MODULES_H

#include <stdint.h>

#include "cfi.h"
#include "elffile.h"
#include "exidx.h"
#include "maps.h"
#include "symbols.h"

struct module {
	uint64_t start, end;           /* from its first mapping to the end of its last */
	uint64_t map_start, map_end, map_pgoff; /* its first mapping, for the bias */
	uint64_t dev, inode;           /* as maps shows them (0 for a core) */
	const char *name;              /* the path maps or NT_FILE gives */
	int state;                     /* 0 not tried yet, 1 open, -1 unusable */
	int fd;
	struct elf_file elf;
	uint64_t bias;                 /* runtime address - link-time address */
	struct cfi eh, dbg;            /* .eh_frame (+ _hdr), .debug_frame */
	uint8_t has_eh, has_dbg, has_ex, has_syms;
	struct exidx ex;               /* .ARM.exidx, .ARM.extab */
	void *data[5];                 /* the sections' copies those point into */
	struct symtab syms;
};

struct modules {
	struct module *m;
	size_t n, cap;
	const struct arch *arch;
	/* A module's file: an fd, or -1 (said why, once) */
	int (*open)(void *ctx, struct module *m);
	void *ctx;
};

/* One module per file, from the file mappings of maps (consecutive mappings
 * of one name and inode). The names point into maps, which must outlive ms. */
void modules_init(struct modules *ms, const struct arch *a, const struct maps *maps);
/* The module mapped at addr, loaded; NULL if none or it cannot be used */
struct module *module_at(struct modules *ms, uint64_t addr);
/* n bytes of m's file at runtime address addr: 0, or -1 (not in the file) */
int module_read(const struct module *m, uint64_t addr, void *buf, size_t n);
void modules_free(struct modules *ms);

#endif
