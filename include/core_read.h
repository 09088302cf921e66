/* core_read.h: reading ELF core files (ours, the kernel's, gdb's), any of the five arches */
#ifndef CORE_READ_H
#define CORE_READ_H

#include <stddef.h>
#include <stdint.h>

#include "arch.h"

struct core_seg {
	uint64_t vaddr, memsz, filesz, offset;
	uint32_t flags; /* PF_R | PF_W | PF_X */
};

struct core {
	const char *path;
	int fd;
	uint64_t size; /* of the file */
	const struct arch *arch;
	size_t nsegs;          /* PT_LOAD segments, in file order */
	struct core_seg *segs;
	unsigned char *notes;  /* every PT_NOTE's bytes, back to back */
	size_t notes_size;
};

struct core_note {
	const char *name; /* NUL-terminated, inside core.notes */
	uint32_t type;
	const unsigned char *desc;
	uint32_t descsz;
};

/* 0, or -1 after one message naming the file and what is wrong with it */
int core_open(struct core *c, const char *path);
/* The same, the core's arch (e_machine, class and byte order) one of arches
 * (NULL-terminated; core_open: arch_all), not necessarily procbox's own */
int core_open_among(struct core *c, const char *path, const struct arch *const *arches);
void core_close(struct core *c);
/* Next note at *pos: 1 and *n filled, 0 at the end, -1 malformed (reported). */
int core_note_next(const struct core *c, size_t *pos, struct core_note *n);
/* The first note of a type and owner name: 1 found, 0 none, -1 malformed. */
int core_note_find(const struct core *c, const char *name, uint32_t type, struct core_note *n);

/* A thread of a core: its NT_PRSTATUS ("CORE"), then the register sets the
 * kernel writes after it, up to the next thread's */
struct core_thread {
	int32_t tid;                 /* pr_pid */
	int cursig;                  /* pr_cursig: the signal it held */
	const unsigned char *pr_reg; /* its registers: the arch's pr_reg_size bytes, in the notes */
	size_t sets;                 /* where the notes after its NT_PRSTATUS go on (core_thread_set) */
};
/* The next thread from *pos: 1 and *t filled, 0 at the end, -1 if a note is
 * malformed or an NT_PRSTATUS is not of the arch's size (reported). */
int core_thread_next(const struct core *c, size_t *pos, struct core_thread *t);
/* t's next register set: a note of the arch's regset table (type and owner)
 * before the next thread's NT_PRSTATUS: its table entry, *n filled; NULL when
 * none is left (or a note is malformed: reported). */
const struct arch_regset *core_thread_set(const struct core *c, struct core_thread *t, struct core_note *n);

/* NT_FILE: the file-backed mappings and their names (pointing into notes). */
struct core_file {
	uint64_t start, end, pgoff; /* pgoff in units of page_size */
	const char *name;
};
/* Entries malloc'd into *out (free it), *page_size from the note; the count,
 * 0 if the core has no NT_FILE, -1 if it is malformed (reported). */
long core_files(const struct core *c, struct core_file **out, uint64_t *page_size);

/* n bytes of the process's memory at addr, from the core's segments: 0, or
 * -1 if they are not all in the core (a mapping left out, or not dumped) */
int core_mem_read(const struct core *c, uint64_t addr, void *buf, size_t n);

#endif
