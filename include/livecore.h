/* livecore.h: the core of a live process, as the kernel would write it if
 * the process died now, made while procbox holds it stopped */
#ifndef LIVECORE_H
#define LIVECORE_H

#include <sys/types.h>

#include "attach.h"
#include "core_write.h"
#include "memcopy.h"

struct livecore {
	pid_t pid;
	struct coredump cd;
	struct ntfile files;  /* NT_FILE, whose names the data pass opens */
	struct memcopy mc;
};

/* Gather the notes and plan the mappings of pid, whose threads a holds
 * stopped. filter: coredump_filter bits, or -1 for the process's own; all:
 * every readable mapping whole. 0, or -1 reported. */
int livecore_gather(struct livecore *lc, const struct attach *a, int filter, int all);
/* Write the core to o while the process is held: its memory, with holes
 * where a file's pages go; 0, or -1 reported. */
int livecore_write(struct livecore *lc, struct outfile *o);
/* Once the process runs again: the files' pages into o (still open). */
int livecore_finish(struct livecore *lc);
void livecore_free(struct livecore *lc);

#endif
