/* core_write.h: writing an ELF core file the way the kernel's fs/binfmt_elf.c
 * does: ELF header, one PT_NOTE, one PT_LOAD per mapping, the notes, then the
 * memory, page-aligned (PN_XNUM past 65534 mappings); and the notes' contents. */
#ifndef CORE_WRITE_H
#define CORE_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include "arch.h"
#include "outfile.h"

/* A mapping, as a PT_LOAD, and where its bytes come from. */
struct core_map {
	uint64_t start, end;
	uint64_t dump;    /* bytes of it in the core: p_filesz, 0 or a page multiple */
	uint64_t pgoff;   /* byte offset in the backing file */
	uint64_t inode;
	uint64_t dev;     /* makedev(major, minor) of the backing file */
	uint32_t name;    /* offset of the backing file's name in the name buffer, or NO_NAME */
	uint8_t flags;    /* PF_R | PF_W | PF_X */
	uint8_t file;     /* pages never populated come from the backing file */
	uint8_t special;  /* SPECIAL_*: a mapping the kernel always dumps */
};
#define NO_NAME UINT32_MAX
enum { SPECIAL_NONE, SPECIAL_ANY, SPECIAL_VDSO };

/* The notes, built in order into one buffer. */
struct notebuf {
	unsigned char *p;
	size_t n, cap;
};
/* Append one note (name, type, desc padded to 4 bytes), its header in a's
 * byte order. 0 (out of memory ends procbox: lib/xwrap.c). */
int note_add(struct notebuf *nb, const struct arch *a, const char *name, uint32_t type, const void *desc,
	     size_t size);
/* Append bytes as they are (notes made elsewhere); or insert them at offset at. */
int note_append(struct notebuf *nb, const void *p, size_t n);
int note_insert(struct notebuf *nb, size_t at, const void *p, size_t n);

struct coredump {
	const struct arch *arch;  /* of the task: its ELF class, byte order and machine */
	uint32_t page_size;       /* the target kernel's */
	struct core_map *map;
	size_t nmap, cap;
	struct notebuf notes;
	uint64_t data_size;       /* sum of the maps' dump sizes */
};
/* Append a mapping; 0 (out of memory ends procbox). */
int core_map_add(struct coredump *cd, const struct core_map *m);
void coredump_free(struct coredump *cd);

/* Emit exactly m->dump bytes of m's memory to o (outfile_write/outfile_skip). */
typedef int (*core_fill_fn)(void *ctx, const struct core_map *m, struct outfile *o);
/* The whole core to o: 0, or -1 reported. */
int core_write(const struct coredump *cd, struct outfile *o, core_fill_fn fill, void *ctx);

/* ---- note contents: the kernel's structs for 32- and 64-bit tasks ---- */

/* What NT_PRPSINFO and NT_PRSTATUS take from /proc */
struct proc_facts {
	int32_t pid, ppid, pgrp, sid;
	char state;        /* /proc/PID/stat's letter */
	int8_t nice;
	uint64_t flags;    /* task flags (stat field 9) */
	uint32_t uid, gid;
	char fname[16];
	char psargs[80];
};
struct thread_facts {
	int32_t tid;
	uint64_t sigpend, sighold;
	uint64_t utime, stime, cutime, cstime; /* microseconds */
};

int note_prpsinfo(struct notebuf *nb, const struct arch *a, const struct proc_facts *p);
int note_prstatus(struct notebuf *nb, const struct arch *a, const struct proc_facts *p,
		  const struct thread_facts *t, int cursig, const void *pr_reg, int fpvalid);
/* siginfo_t of a signal sent by a process (SI_USER) */
int note_siginfo(struct notebuf *nb, const struct arch *a, int signo, int32_t sender_pid, uint32_t sender_uid);
/* NT_AUXV's length: through the AT_NULL pair in the task's word size
 * (/proc/PID/auxv of a 32-bit task on a 64-bit kernel runs on past it, being
 * scanned in 64-bit pairs) */
size_t core_auxv_len(const struct arch *a, const void *auxv, size_t len);
/* NT_PRPSINFO's psargs from /proc/PID/cmdline's bytes, as the kernel copies them */
void core_psargs(char psargs[80], const char *cmdline, size_t len);

/* NT_FILE, collected mapping by mapping (names kept: the data pass opens them) */
struct ntfile {
	unsigned char *words;  /* start, end, page offset per file mapping */
	char *names;
	size_t count, names_len, names_cap, words_cap;
};
/* Offset of the name in ntfile.names (for core_map.name). name as maps
 * shows it: kept as the file's own bytes. */
uint32_t ntfile_add(struct ntfile *f, const struct arch *a, uint64_t start, uint64_t end, uint64_t pgoff_pages,
		    const char *name);
/* The NT_FILE note; left out as the kernel does when its estimate for
 * nmaps mappings reaches limit (kernel.core_file_note_size_limit, 4 MiB). */
#define NT_FILE_LIMIT (4u << 20)
int note_file(struct notebuf *nb, const struct arch *a, const struct ntfile *f, uint32_t page_size,
	      size_t nmaps, uint64_t limit);
void ntfile_free(struct ntfile *f);

#endif
