/* where.h: an address named by the mapping it lies in, in a live process
 * (its maps) or a core (its NT_FILE) */
#ifndef WHERE_H
#define WHERE_H

#include <stdint.h>

#include "core_read.h"
#include "maps.h"

/* " <NAME+0xOFF>": the basename of the mapping's file and the offset in the
 * file, or [heap], [stack], [anon], ... and the offset in the mapping;
 * nothing if addr is not mapped. */
void out_where(const struct maps *m, uint64_t addr);

/* "FUNCTION+0xOFF (MODULE+0xOFF)", "?? (MODULE+0xOFF)" or "??" (pstack's
 * frames, pregs' code addresses) */
struct symbol;
void out_symbol(const struct symbol *s);

/* A core's mappings (its PT_LOADs, with their permissions) as a maps, those
 * of a file named from NT_FILE (names inside the core's notes). A core with
 * no NT_FILE (QEMU user-mode's) has its executable's named: exe, else the
 * path AT_EXECFN gives, placed by AT_ENTRY. 0, or -1 reported. */
int maps_of_core(struct maps *m, const struct core *c, const char *exe);

#endif
