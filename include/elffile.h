/* elffile.h: the headers of an ELF file of any class, byte order and machine
 * (an executable or library mapped by a process, or brought with a core):
 * program and section headers, section names, the build id, and where a
 * mapping of the file puts it. Trusts nothing in the file: every offset,
 * size and count is checked against the file's size and bounded. */
#ifndef ELFFILE_H
#define ELFFILE_H

#include <stddef.h>
#include <stdint.h>

#include "elfrec.h"

#define ELF_HEADERS_MAX 65535 /* of each kind */
#define ELF_BUILD_ID_MAX 64

struct elf_file {
	int fd;               /* owned by the caller (not closed by elf_file_close) */
	uint64_t size;        /* of the file */
	struct elf_form form; /* class and byte order (elfrec.h) */
	uint16_t machine;
	uint16_t type;        /* ET_EXEC, ET_DYN, ... */
	uint64_t entry;
	struct elf_phdr *ph;  size_t nph;
	struct elf_shdr *sh;  size_t nsh;   /* none if the section headers are absent or bad */
	char *shstr;          size_t shstr_len; /* NUL-terminated past shstr_len; NULL if unusable */
	uint8_t build_id[ELF_BUILD_ID_MAX]; size_t build_id_len; /* NT_GNU_BUILD_ID, from PT_NOTE (or .note.gnu.build-id) */
	const char *sh_bad;   /* why the file's section headers were dropped (nsh 0), or NULL */
};

/* Read the headers of the ELF file open on fd; what names it in messages. 0,
 * or -1 after one line naming what and what is wrong (not ELF, truncated, a
 * header past the end, ...). Never blocks on anything but the fd's own reads
 * (anything but a regular file is refused unread); bounded: at most 65535
 * headers of each kind. Bad section headers are not an error: nsh is 0 and
 * sh_bad says why (the program headers are what a loaded file needs). */
int elf_file_open(struct elf_file *e, int fd, const char *what);
void elf_file_close(struct elf_file *e);
/* The NT_GNU_BUILD_ID among notes, len bytes in f's byte order, each field
 * aligned to align (4 or 8): its length (at most ELF_BUILD_ID_MAX bytes,
 * into id), or 0 if there is none */
size_t elf_notes_build_id(struct elf_form f, const void *notes, uint64_t len, unsigned align,
			  uint8_t id[ELF_BUILD_ID_MAX]);
/* A build id in hex, into s (2 * ELF_BUILD_ID_MAX + 1 bytes); s */
char *elf_build_id_hex(const uint8_t *id, size_t n, char *s);
/* len bytes at off: 0, or -1 (past the end, or the read failed; nothing said) */
int elf_read_at(const struct elf_file *e, void *buf, size_t len, uint64_t off);
/* A section's name ("" if it has none that can be read) */
const char *elf_section_name(const struct elf_file *e, const struct elf_shdr *sh);
/* The section of that name, or NULL */
const struct elf_shdr *elf_section(const struct elf_file *e, const char *name);
/* A malloc'd copy of a section's bytes (SHT_NOBITS or one past the file's
 * end: NULL; larger than max bytes: NULL). */
void *elf_section_data(const struct elf_file *e, const struct elf_shdr *sh, uint64_t max);
/* Where the file is loaded, from one of its mappings: the mapping starts at
 * map_start and maps the file from byte pgoff. *bias = runtime address -
 * link-time address (0 for an ET_EXEC at its link address). 0, or -1 if no
 * PT_LOAD covers pgoff. The PT_LOAD is the one starting in pgoff's page,
 * else one holding pgoff (the kernel splits a segment's mapping where
 * RELRO changes its protection). Two segments can share a page (a small
 * file): an ET_EXEC's is the one at its link address, an ET_DYN's is
 * ambiguous: the first; use the file's lowest mapping, or: */
int elf_mapping_bias(const struct elf_file *e, uint64_t map_start, uint64_t pgoff, uint64_t *bias);
/* The same, knowing the mapping's protection as PF_R, PF_W, PF_X (0: not
 * known): a segment whose PF_X is the mapping's is preferred (PF_W is not a
 * hint: RELRO maps part of a writable segment read-only). */
int elf_mapping_bias_prot(const struct elf_file *e, uint64_t map_start, uint64_t pgoff, unsigned pf,
			  uint64_t *bias);

#endif
