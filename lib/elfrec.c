/* elfrec.c: ELF records of either class and byte order (see elfrec.h). Each
 * record is its list of fields, in file order, each naturally aligned as the
 * C structs are: a field of the class's word (a long, an address, an offset)
 * or of a fixed size; one list per record, two where the classes order the
 * fields differently (Elf32_Phdr's p_flags). */
#include <elf.h>
#include <string.h>

#include "byteorder.h"
#include "elfrec.h"

enum {
	WORD = 0,    /* size: the class's word, 4 or 8 */
	ALIGN = 0xff /* off: no field, the next one aligned to size (a union's alignment) */
};
struct field {
	uint8_t off;  /* in the neutral struct */
	uint8_t size; /* bytes: 1, 2, 4, 8, WORD, or more: a byte array */
};

#define F(S, M, SIZE) { offsetof(struct S, M), SIZE }
#define E(M, SIZE) F(elf_ehdr, M, SIZE)
#define P(M, SIZE) F(elf_phdr, M, SIZE)
#define S(M, SIZE) F(elf_shdr, M, SIZE)
#define PR(M, SIZE) F(elf_prstatus_head, M, SIZE)
#define PS(M, SIZE) F(elf_prpsinfo, M, SIZE)
#define SI(M, SIZE) F(elf_siginfo, M, SIZE)
#define EHDR_FIELDS                                                                                      \
	E(type, 2), E(machine, 2), E(version, 4), E(entry, WORD), E(phoff, WORD), E(shoff, WORD),        \
	E(flags, 4), E(ehsize, 2), E(phentsize, 2), E(phnum, 2), E(shentsize, 2), E(shnum, 2), E(shstrndx, 2)
#define PHDR32_FIELDS                                                                                    \
	P(type, 4), P(offset, WORD), P(vaddr, WORD), P(paddr, WORD), P(filesz, WORD), P(memsz, WORD),    \
	P(flags, 4), P(align, WORD)
#define PHDR64_FIELDS                                                                                    \
	P(type, 4), P(flags, 4), P(offset, WORD), P(vaddr, WORD), P(paddr, WORD), P(filesz, WORD),       \
	P(memsz, WORD), P(align, WORD)
#define SHDR_FIELDS                                                                                      \
	S(name, 4), S(type, 4), S(flags, WORD), S(addr, WORD), S(offset, WORD), S(size, WORD),           \
	S(link, 4), S(info, 4), S(addralign, WORD), S(entsize, WORD)
#define PRSTATUS_FIELDS                                                                                  \
	PR(si_signo, 4), PR(si_code, 4), PR(si_errno, 4), PR(cursig, 2), PR(sigpend, WORD),              \
	PR(sighold, WORD), PR(pid, 4), PR(ppid, 4), PR(pgrp, 4), PR(sid, 4),                             \
	PR(utime_sec, WORD), PR(utime_usec, WORD), PR(stime_sec, WORD), PR(stime_usec, WORD),            \
	PR(cutime_sec, WORD), PR(cutime_usec, WORD), PR(cstime_sec, WORD), PR(cstime_usec, WORD)
/* uid and gid: 32 bits; 16 on arm, the one 32-bit arch procbox knows */
#define PRPSINFO_FIELDS(UID)                                                                             \
	PS(state, 1), PS(sname, 1), PS(zomb, 1), PS(nice, 1), PS(flag, WORD), PS(uid, UID), PS(gid, UID), \
	PS(pid, 4), PS(ppid, 4), PS(pgrp, 4), PS(sid, 4), PS(fname, 16), PS(psargs, 80)
#define SIGINFO_FIELDS SI(signo, 4), SI(errno_, 4), SI(code, 4), { ALIGN, WORD }, SI(pid, 4), SI(uid, 4)

/* Every record's fields, one list after the other, and where each begins */
#define COUNT(...) (sizeof((struct field[]){ __VA_ARGS__ }) / sizeof(struct field))
enum {
	EHDR = 0,
	PHDR32 = EHDR + COUNT(EHDR_FIELDS),
	PHDR64 = PHDR32 + COUNT(PHDR32_FIELDS),
	SHDR = PHDR64 + COUNT(PHDR64_FIELDS),
	PRSTATUS = SHDR + COUNT(SHDR_FIELDS),
	PRPSINFO32 = PRSTATUS + COUNT(PRSTATUS_FIELDS),
	PRPSINFO64 = PRPSINFO32 + COUNT(PRPSINFO_FIELDS(2)),
	SIGINFO = PRPSINFO64 + COUNT(PRPSINFO_FIELDS(4)),
	NFIELDS = SIGINFO + COUNT(SIGINFO_FIELDS),
};
static const struct field fields[NFIELDS] = {
	EHDR_FIELDS, PHDR32_FIELDS, PHDR64_FIELDS, SHDR_FIELDS, PRSTATUS_FIELDS,
	PRPSINFO_FIELDS(2), PRPSINFO_FIELDS(4), SIGINFO_FIELDS,
};

static const struct layout {
	uint8_t first[2]; /* in fields: ELFCLASS32's, ELFCLASS64's */
	uint8_t n;
	uint8_t start;    /* the first field's offset: past e_ident */
	uint8_t size[2];  /* of the record in each class */
} layouts[ELF_RECS] = {
	[ELF_EHDR] = { { EHDR, EHDR }, PHDR32 - EHDR, EI_NIDENT, { 52, 64 } },
	[ELF_PHDR] = { { PHDR32, PHDR64 }, PHDR64 - PHDR32, 0, { 32, 56 } },
	[ELF_SHDR] = { { SHDR, SHDR }, PRSTATUS - SHDR, 0, { 40, 64 } },
	[ELF_PRSTATUS_HEAD] = { { PRSTATUS, PRSTATUS }, PRPSINFO32 - PRSTATUS, 0, { 72, 112 } },
	[ELF_PRPSINFO] = { { PRPSINFO32, PRPSINFO64 }, PRPSINFO64 - PRPSINFO32, 0, { 124, 136 } },
	[ELF_SIGINFO] = { { SIGINFO, SIGINFO }, NFIELDS - SIGINFO, 0, { 20, 24 } },
};

size_t elf_rec_size(enum elf_rec rec, struct elf_form f)
{
	return layouts[rec].size[f.elfclass == ELFCLASS64];
}

/* Each field between buf and the neutral struct s, either way */
static void rec_io(enum elf_rec rec, struct elf_form form, unsigned char *buf, unsigned char *s, int put)
{
	const struct layout *l = &layouts[rec];
	const struct field *f = fields + l->first[form.elfclass == ELFCLASS64], *end = f + l->n;
	size_t at = l->start;

	for (; f < end; f++) {
		unsigned size = f->size ? f->size : elf_word(form);
		unsigned char *b, *v = s + f->off;

		if (size <= 8)
			at = (at + size - 1) & -(size_t)size;
		if (f->off == ALIGN)
			continue;
		b = buf + at;
		at += size;
		if (size > 8)
			memcpy(put ? b : v, put ? v : b, size);
		else if (put)
			word_put(b, size, *(uint64_t *)v, form.order);
		else
			*(uint64_t *)v = word_get(b, size, form.order);
	}
}

void elf_rec_get(enum elf_rec rec, struct elf_form f, const void *buf, void *s)
{
	rec_io(rec, f, (unsigned char *)buf, s, 0);
}

void elf_rec_put(enum elf_rec rec, struct elf_form f, void *buf, const void *s)
{
	unsigned char *b = buf;

	memset(b, 0, elf_rec_size(rec, f));
	if (rec == ELF_EHDR) {
		memcpy(b, ELFMAG, SELFMAG);
		b[EI_CLASS] = f.elfclass, b[EI_DATA] = f.order, b[EI_VERSION] = EV_CURRENT;
	}
	rec_io(rec, f, b, (unsigned char *)s, 1);
}
