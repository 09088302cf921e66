/* symbols.h: an ELF file's function symbols, for naming a pc (pstack) */
#ifndef SYMBOLS_H
#define SYMBOLS_H

#include <stddef.h>
#include <stdint.h>

#include "elffile.h"

struct sym {
	uint64_t addr, size; /* size: the symbol's, or for one without, up to the next or its section's end */
	uint32_t name;       /* in names */
	uint32_t outer;      /* the nearest earlier symbol holding addr, + 1; 0 none (nested symbols) */
};

/* Function symbols sorted by address, one per address, names in one buffer */
struct symtab {
	struct sym *s;
	size_t n;
	char *names;
	size_t names_len;
	const char *source; /* ".symtab", ".dynsym", or NULL: the file has neither */
};

/* The functions of e: .symtab, else .dynsym (a stripped file), STT_FUNC and
 * STT_GNU_IFUNC, plus sized STT_NOTYPE symbols in executable sections
 * (hand-written assembly often has no type); ARM/Thumb: the low bit of a
 * Thumb function's address cleared, mapping symbols ($a, $t, $d, $x)
 * ignored. Aliases (one address): the largest. 0, or -1 reported; either
 * way *t can be searched and freed. A file without symbols (a stripped
 * static executable) is not an error: n 0, source NULL. */
int symtab_load(struct symtab *t, const struct elf_file *e, const char *what);
/* The function holding vaddr (a link-time address), its offset into it;
 * NULL if none. A symbol without size holds everything up to the next
 * symbol (but not past its section's end). Nested symbols: the innermost. */
const char *symtab_find(const struct symtab *t, uint64_t vaddr, uint64_t *off);
/* The start and size of the function holding vaddr: 1 found, 0 none */
int symtab_range(const struct symtab *t, uint64_t vaddr, uint64_t *start, uint64_t *size);
void symtab_free(struct symtab *t);

#endif
