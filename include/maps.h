/* maps.h: a process's memory map, from /proc/PID/maps (or smaps) text */
#ifndef MAPS_H
#define MAPS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum { PERM_R = 1, PERM_W = 2, PERM_X = 4, PERM_SHARED = 8 };

enum region_kind {
	REGION_ANON,       /* no name */
	REGION_FILE,       /* an absolute path */
	REGION_MEMFD,      /* /memfd:NAME (deleted) */
	REGION_SYSV,       /* /SYSV00000000 (deleted): System V shared memory */
	REGION_HEAP,       /* [heap] */
	REGION_STACK,      /* [stack] */
	REGION_VDSO,       /* [vdso] */
	REGION_VVAR,       /* [vvar], [vvar_vclock] */
	REGION_VSYSCALL,   /* [vsyscall] */
	REGION_ANON_NAMED, /* [anon:NAME] (PR_SET_VMA_ANON_NAME, Android) */
	REGION_ANON_SHMEM, /* [anon_shmem:NAME] */
	REGION_SPECIAL,    /* any other [name]: [vectors], [sigpage], [uprobes] */
};

struct region {
	uint64_t start, end, offset, inode;
	uint32_t major, minor;
	uint8_t perms;   /* PERM_* */
	uint8_t kind;    /* enum region_kind */
	uint8_t deleted; /* the name ended in " (deleted)" (kept in name) */
	const char *name; /* NUL-terminated, inside the owner's text buffer; "" if none */
};

/* All regions in one array; names point into text, which the maps owns. */
struct maps {
	char *text;
	struct region *r;
	size_t n, cap;
};

/* Parse one line (NUL-terminated, no newline) into *r; -1 if malformed. The
 * line is modified in place (the name is cut out of it). */
int maps_parse_line(char *line, struct region *r);
/* Parse a whole maps text (takes ownership of it). On a malformed line: one
 * message naming `what`, the line number and content; -1. */
int maps_parse(struct maps *m, char *text, const char *what);
/* /proc/PID/maps; errors reported (no such process, kernel thread, ...). */
int maps_read(struct maps *m, pid_t pid);
/* /proc/PID/maps streamed: fn for each region, whose name is valid only
 * during the call (constant memory); errors reported. */
typedef int (*region_fn)(void *ctx, const struct region *r);
int maps_stream(pid_t pid, region_fn fn, void *ctx);
void maps_free(struct maps *m);

const char *region_kind_name(enum region_kind k);
/* Does the mapping have a file behind it (shared anonymous memory included)? */
static inline int region_has_file(const struct region *r)
{
	return r->inode || r->major || r->minor;
}
/* A mapping the kernel makes itself: [vdso], [vvar], [vsyscall], [vectors], ... */
static inline int region_is_special(const struct region *r)
{
	return r->kind == REGION_VDSO || r->kind == REGION_VVAR || r->kind == REGION_VSYSCALL ||
	       r->kind == REGION_SPECIAL;
}
/* r-xp style permission string into buf[5] */
void region_perms(const struct region *r, char buf[5]);
/* The region holding addr, or NULL (binary search: regions are sorted). */
const struct region *maps_find(const struct maps *m, uint64_t addr);

/* A name as maps shows it back to the file's own bytes (\012 is a newline)
 * into out, which has room for strlen(name) + 1; the length with the NUL. */
size_t maps_name_unescape(char *out, const char *name);

#endif
