/* elfrec.c: ELF records of either class and byte order (see elfrec.h). Each
 * record is its list of fields, in file order, each naturally aligned as the
 * C structs are: a field of the class's word (a long, an address, an offset)
 * or of a fixed size; one list per record, two where the classes order the
 * fields differently (Elf32_Phdr's p_flags). */
#include <elf.h>
#include <string.h>

#include "byteorder.h"
#include "elfrec.h"

/* A field, in one byte: its slot in the neutral struct (in uint64_t, as
 * every member but prpsinfo's byte arrays is) << 3 | its size's code */
typedef uint8_t field;
enum { WORD, B1, B2, B4, B8, B16, B80 }; /* WORD: the class's word, 4 or 8 bytes */
static const uint8_t code_size[] = { 0, 1, 2, 4, 8, 16, 80 };
enum { ALIGN = 31 }; /* a slot for no field: the next one aligned to the size (a union's) */
_Static_assert(sizeof(struct elf_prstatus_head) / 8 < ALIGN && sizeof(struct elf_prpsinfo) / 8 < ALIGN,
	       "slots fit in 5 bits");

#define F(S, M, CODE) (offsetof(struct S, M) / 8 << 3 | CODE)
#define E(M, CODE) F(elf_ehdr, M, CODE)
#define P(M, CODE) F(elf_phdr, M, CODE)
#define S(M, CODE) F(elf_shdr, M, CODE)
#define PR(M, CODE) F(elf_prstatus_head, M, CODE)
#define PS(M, CODE) F(elf_prpsinfo, M, CODE)
#define SI(M, CODE) F(elf_siginfo, M, CODE)
#define EHDR_FIELDS                                                                             \
	E(type, B2), E(machine, B2), E(version, B4), E(entry, WORD), E(phoff, WORD),           \
	E(shoff, WORD), E(flags, B4), E(ehsize, B2), E(phentsize, B2), E(phnum, B2),           \
	E(shentsize, B2), E(shnum, B2), E(shstrndx, B2)
#define PHDR32_FIELDS                                                                           \
	P(type, B4), P(offset, WORD), P(vaddr, WORD), P(paddr, WORD), P(filesz, WORD),         \
	P(memsz, WORD), P(flags, B4), P(align, WORD)
#define PHDR64_FIELDS                                                                           \
	P(type, B4), P(flags, B4), P(offset, WORD), P(vaddr, WORD), P(paddr, WORD),            \
	P(filesz, WORD), P(memsz, WORD), P(align, WORD)
#define SHDR_FIELDS                                                                             \
	S(name, B4), S(type, B4), S(flags, WORD), S(addr, WORD), S(offset, WORD),              \
	S(size, WORD), S(link, B4), S(info, B4), S(addralign, WORD), S(entsize, WORD)
#define PRSTATUS_FIELDS                                                                         \
	PR(si_signo, B4), PR(si_code, B4), PR(si_errno, B4), PR(cursig, B2),                   \
	PR(sigpend, WORD), PR(sighold, WORD), PR(pid, B4), PR(ppid, B4), PR(pgrp, B4),         \
	PR(sid, B4), PR(utime_sec, WORD), PR(utime_usec, WORD), PR(stime_sec, WORD),           \
	PR(stime_usec, WORD), PR(cutime_sec, WORD), PR(cutime_usec, WORD),                     \
	PR(cstime_sec, WORD), PR(cstime_usec, WORD)
/* uid and gid: 32 bits; 16 on arm, the one 32-bit arch procbox knows */
#define PRPSINFO_FIELDS(UID)                                                                    \
	PS(state, B1), PS(sname, B1), PS(zomb, B1), PS(nice, B1), PS(flag, WORD),              \
	PS(uid, UID), PS(gid, UID), PS(pid, B4), PS(ppid, B4), PS(pgrp, B4), PS(sid, B4),      \
	PS(fname, B16), PS(psargs, B80)
#define SIGINFO_FIELDS                                                                          \
	SI(signo, B4), SI(errno_, B4), SI(code, B4), (ALIGN << 3 | WORD), SI(pid, B4), SI(uid, B4)

/* Every record's fields, one list after the other, and where each begins */
#define COUNT(...) sizeof((field[]){ __VA_ARGS__ })
enum {
	EHDR = 0,
	PHDR32 = EHDR + COUNT(EHDR_FIELDS),
	PHDR64 = PHDR32 + COUNT(PHDR32_FIELDS),
	SHDR = PHDR64 + COUNT(PHDR64_FIELDS),
	PRSTATUS = SHDR + COUNT(SHDR_FIELDS),
	PRPSINFO32 = PRSTATUS + COUNT(PRSTATUS_FIELDS),
	PRPSINFO64 = PRPSINFO32 + COUNT(PRPSINFO_FIELDS(B2)),
	SIGINFO = PRPSINFO64 + COUNT(PRPSINFO_FIELDS(B4)),
	NFIELDS = SIGINFO + COUNT(SIGINFO_FIELDS),
};
static const field fields[NFIELDS] = {
	EHDR_FIELDS, PHDR32_FIELDS, PHDR64_FIELDS, SHDR_FIELDS, PRSTATUS_FIELDS,
	PRPSINFO_FIELDS(B2), PRPSINFO_FIELDS(B4), SIGINFO_FIELDS,
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
	const field *f = fields + l->first[form.elfclass == ELFCLASS64], *end = f + l->n;
	size_t at = l->start;

	for (; f < end; f++) {
		unsigned size = *f & 7 ? code_size[*f & 7] : elf_word(form), slot = *f >> 3;
		unsigned char *b, *v;

		if (size <= 8)
			at = (at + size - 1) & -(size_t)size;
		if (slot == ALIGN)
			continue;
		b = buf + at, v = s + 8 * slot;
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
