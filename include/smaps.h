/* smaps.h: /proc/PID/smaps, streamed region by region (constant memory) */
#ifndef SMAPS_H
#define SMAPS_H

#include <sys/types.h>

#include "maps.h"

#define SMAPS_MAX_KEYS 48

/* The numeric "Key:" names in order of first appearance (pointers into the
 * parser's state: valid only during the callback). VmFlags is not one of
 * them: it is the entry's vmflags. */
struct smaps_keys {
	const char *name[SMAPS_MAX_KEYS];
	size_t n;
};

struct smaps_entry {
	struct region r;
	const char *vmflags;             /* "rd wr mr ..." or "" */
	uint64_t val[SMAPS_MAX_KEYS];    /* by key index (0 if absent); kB for sizes */
};

typedef int (*smaps_fn)(void *ctx, const struct smaps_keys *k, const struct smaps_entry *e);

/* Call fn for each region of an smaps text; -1 on a malformed line (one
 * message naming `what`, the line number and content) or if fn returns < 0. */
int smaps_parse(char *text, const char *what, smaps_fn fn, void *ctx);
/* The same, reading /proc/PID/smaps in chunks (constant memory); errors
 * reported naming the PID (no such process, zombie, kernel thread, ...). */
int smaps_read(pid_t pid, smaps_fn fn, void *ctx);
int smaps_key(const struct smaps_keys *k, const char *name); /* index or -1 */
/* Does the VmFlags string hold the two-letter flag? */
int smaps_vmflag(const char *vmflags, const char *flag);

#endif
