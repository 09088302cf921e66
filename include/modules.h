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

enum { MODULE_PAGES = 8, MODULE_PAGE = 4096 }; /* module_read's cache */

struct module {
	uint64_t start, end;           /* from its first mapping to the end of its last */
	uint64_t map_start, map_end, map_pgoff; /* its first mapping, for the bias */
	uint64_t dev, inode;           /* makedev(major, minor) and inode as maps shows them (0 for a core) */
	const char *name;              /* the path maps or NT_FILE gives, or [vdso] */
	uint8_t vdso;                  /* its image is in the task's memory, not a file */
	int state;                     /* 0 not tried yet, 1 open, -1 unusable */
	int fd;
	struct elf_file elf;
	uint64_t bias;                 /* runtime address - link-time address */
	struct cfi eh, dbg;            /* .eh_frame (+ _hdr), .debug_frame */
	uint8_t has_eh, has_dbg, has_ex, has_syms;
	struct exidx ex;               /* .ARM.exidx, .ARM.extab */
	void *data[5];                 /* the sections' copies those point into */
	struct symtab syms;
	uint8_t id[ELF_BUILD_ID_MAX];  /* its build id: the file's, else the one its mapping shows */
	size_t id_len;
	const char *unusable;          /* why its file is not used (state -1), or NULL */
	uint8_t named;                 /* module_symbol() named a frame in it */
	uint8_t *code;                 /* the file's pages last read by module_read */
	uint64_t code_off[MODULE_PAGES];
	unsigned code_next;
};

struct modules {
	struct module *m;
	size_t n, cap;
	const struct arch *arch;
	/* where the files are: a live process's (pid), or a core's (pid 0:
	 * sysroot/path, exe for the module exe_module) */
	pid_t pid;
	const char *sysroot, *exe;
	const struct module *exe_module;
	/* the task's memory, where the vDSO's image is read from (it has no
	 * file; the kernel always dumps it); NULL: no vDSO module */
	cfi_read_fn read;
	void *read_ctx;
};

/* One module per file, from the file mappings of maps (consecutive mappings
 * of one name and inode). The names point into maps, which must outlive ms.
 * pid: a live process's, whose files are opened through map_files (the
 * mapped inode itself), else by their path in its root if still the inode
 * mapped; 0: a core's, whose files are sysroot (or "") + path, and exe for
 * the module of exe's basename (else the first: the executable). The vDSO
 * (maps' [vdso]) is a module too, its image copied from the task's memory
 * through ms->read (set it before the first look-up) into a memfd. Files are
 * opened only when a module is first needed: never while a target is held. */
void modules_init(struct modules *ms, const struct arch *a, const struct maps *maps, pid_t pid,
		  const char *sysroot, const char *exe);
/* The module mapped at addr, loaded; NULL if none or it cannot be used.
 * A core's file whose build id is not the one the core's copy of its ELF
 * headers shows (the kernel dumps that first page) is said so, once, and not
 * used: its symbols and tables would be another build's. */
struct module *module_at(struct modules *ms, uint64_t addr);
/* n bytes of m's file at runtime address addr: 0, or -1 (not in the file).
 * The unwinder's checks of return addresses read a few bytes at a time, many
 * in the same pages: the last MODULE_PAGES pages read are kept. */
int module_read(struct module *m, uint64_t addr, void *buf, size_t n);
void modules_free(struct modules *ms);

/* The function holding pc (a return address: caller set) and the offset
 * into it, and the module's name and offset; NULL function if unknown */
struct symbol {
	const char *function, *module;
	uint64_t offset, module_offset;
};
int module_symbol(struct modules *ms, const struct maps *maps, uint64_t pc, int caller, struct symbol *s);

#endif
