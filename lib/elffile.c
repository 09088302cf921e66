/* elffile.c: an ELF file's headers, section names and build id (see
 * elffile.h). Every record goes through elfrec, so one path reads both
 * classes and both byte orders. */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "byteorder.h"
#include "elffile.h"
#include "procbox.h"

#define SHSTR_MAX (16u << 20) /* section names: a few KiB in real files */
#define NOTES_MAX (1u << 20)  /* a note segment or section searched for the build id */

/* 0, -1 a read error (errno), 1 the file ended first */
static int read_full(int fd, void *buf, size_t len, uint64_t off)
{
	for (size_t done = 0; done < len;) {
		ssize_t n = pread(fd, (char *)buf + done, len - done, off + done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n ? -1 : 1;
		done += n;
	}
	return 0;
}

int elf_read_at(const struct elf_file *e, void *buf, size_t len, uint64_t off)
{
	if (off > e->size || len > e->size - off)
		return -1;
	return read_full(e->fd, buf, len, off) ? -1 : 0;
}

/* elf_read_at, saying what was not read and why */
static int read_said(const struct elf_file *e, void *buf, size_t len, uint64_t off, const char *what,
		     const char *which)
{
	int r = off > e->size || len > e->size - off ? 1 : read_full(e->fd, buf, len, off);

	if (r < 0)
		perror_msg("%s: reading %s", what, which);
	else if (r)
		error_msg("%s: truncated: %s past the end of the file", what, which);
	return r ? -1 : 0;
}

/* n records of kind rec from off into the neutral array *out (n <= ELF_HEADERS_MAX);
 * a failure said if what */
static int read_recs(const struct elf_file *e, enum elf_rec rec, uint64_t off, size_t n, void **out,
		     size_t each, const char *what)
{
	size_t sz = elf_rec_size(rec, e->form);
	unsigned char *b = xmalloc(n * sz);
	char *v = xmalloc(n * each);

	if (what ? read_said(e, b, n * sz, off, what, "program headers") : elf_read_at(e, b, n * sz, off)) {
		free(b);
		free(v);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		elf_rec_get(rec, e->form, b + i * sz, v + i * each);
	free(b);
	*out = v;
	return 0;
}

/* Section header 0, where counts past 16 bits live (PN_XNUM, SHN_XINDEX) */
static int section0(const struct elf_file *e, const struct elf_ehdr *h, struct elf_shdr *s)
{
	unsigned char b[64];

	if (!h->shoff || h->shentsize != elf_rec_size(ELF_SHDR, e->form) ||
	    elf_read_at(e, b, h->shentsize, h->shoff))
		return -1;
	elf_rec_get(ELF_SHDR, e->form, b, s);
	return 0;
}

/* The section headers and their names, or why not (e->sh_bad) */
static const char *read_sections(struct elf_file *e, const struct elf_ehdr *h)
{
	struct elf_shdr s0 = { 0 }, *str;
	uint64_t n = h->shnum, strndx = h->shstrndx;
	void *sh;

	if (!h->shoff && !n)
		return NULL; /* none: stripped of them, not bad */
	if (h->shentsize != elf_rec_size(ELF_SHDR, e->form))
		return "section header size is not the class's";
	if (section0(e, h, &s0))
		return "section headers past the end of the file";
	if (!n)
		n = s0.size;
	if (!n)
		return NULL;
	if (strndx == SHN_XINDEX)
		strndx = s0.link;
	if (n > ELF_HEADERS_MAX)
		return "more than 65535 section headers";
	if (h->shoff > e->size || n > (e->size - h->shoff) / h->shentsize)
		return "section headers past the end of the file";
	if (!strndx || strndx >= n)
		return "section name table index out of range";
	if (read_recs(e, ELF_SHDR, h->shoff, n, &sh, sizeof(struct elf_shdr), NULL))
		return "section headers unreadable";
	str = (struct elf_shdr *)sh + strndx;
	if (str->type == SHT_NOBITS || str->size > SHSTR_MAX || str->offset > e->size ||
	    str->size > e->size - str->offset) {
		free(sh);
		return "section name table past the end of the file";
	}
	e->shstr = xmalloc(str->size + 1);
	if (elf_read_at(e, e->shstr, str->size, str->offset)) {
		free(sh);
		free(e->shstr);
		e->shstr = NULL;
		return "section name table unreadable";
	}
	e->shstr[str->size] = 0;
	e->shstr_len = str->size;
	e->sh = sh;
	e->nsh = n;
	return NULL;
}

size_t elf_notes_build_id(struct elf_form f, const void *notes, uint64_t len, unsigned align,
			  uint8_t id[ELF_BUILD_ID_MAX])
{
	const unsigned char *buf = notes;
	uint64_t pos = 0;

	while (len - pos >= 12) {
		uint64_t namesz = get32(buf + pos, f.order), descsz = get32(buf + pos + 4, f.order);
		uint32_t type = get32(buf + pos + 8, f.order);
		uint64_t name = pos + 12, desc = name + ((namesz + align - 1) & -(uint64_t)align);

		if (desc > len || descsz > len - desc)
			return 0;
		if (type == NT_GNU_BUILD_ID && namesz == 4 && !memcmp(buf + name, "GNU", 4) && descsz &&
		    descsz <= ELF_BUILD_ID_MAX) {
			memcpy(id, buf + desc, descsz);
			return descsz;
		}
		pos = desc + ((descsz + align - 1) & -(uint64_t)align);
		if (pos > len)
			return 0;
	}
	return 0;
}

char *elf_build_id_hex(const uint8_t *id, size_t n, char *s)
{
	*s = 0;
	for (size_t i = 0; i < n && i < ELF_BUILD_ID_MAX; i++)
		sprintf(s + 2 * i, "%02x", id[i]);
	return s;
}

/* The notes at off, len bytes: 1 if they hold the build id */
static int notes_at(struct elf_file *e, uint64_t off, uint64_t len, uint64_t align)
{
	unsigned char *b;
	int found = 0;

	if (len > NOTES_MAX || off > e->size || len > e->size - off)
		return 0;
	b = xmalloc(len ? len : 1);
	if (!elf_read_at(e, b, len, off))
		found = (e->build_id_len = elf_notes_build_id(e->form, b, len, align == 8 ? 8 : 4, e->build_id)) > 0;
	free(b);
	return found;
}

static void read_build_id(struct elf_file *e)
{
	for (size_t i = 0; i < e->nph; i++)
		if (e->ph[i].type == PT_NOTE && notes_at(e, e->ph[i].offset, e->ph[i].filesz, e->ph[i].align))
			return;
	for (size_t i = 0; i < e->nsh; i++)
		if (e->sh[i].type == SHT_NOTE && notes_at(e, e->sh[i].offset, e->sh[i].size, e->sh[i].addralign))
			return;
}

static int bad(const char *what, const char *why)
{
	error_msg("%s: %s", what, why);
	return -1;
}

int elf_file_open(struct elf_file *e, int fd, const char *what)
{
	unsigned char b[64];
	struct stat st;
	struct elf_ehdr h;
	struct elf_shdr s0;
	uint64_t phnum;
	void *ph = NULL;

	memset(e, 0, sizeof(*e));
	e->fd = fd;
	if (fstat(fd, &st)) {
		perror_msg("%s", what);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) /* a FIFO or a device could block or never end */
		return bad(what, "not a regular file");
	e->size = st.st_size;
	if (read_said(e, b, e->size < EI_NIDENT ? e->size : EI_NIDENT, 0, what, "ELF header"))
		return -1;
	if (e->size < SELFMAG || memcmp(b, ELFMAG, SELFMAG))
		return bad(what, "not an ELF file");
	if (e->size < EI_NIDENT)
		return bad(what, "truncated: ELF header past the end of the file");
	if (b[EI_CLASS] != ELFCLASS32 && b[EI_CLASS] != ELFCLASS64)
		return bad(what, "bad ELF class");
	if (b[EI_DATA] != ELFDATA2LSB && b[EI_DATA] != ELFDATA2MSB)
		return bad(what, "bad ELF byte order");
	e->form = (struct elf_form){ b[EI_CLASS], b[EI_DATA] };
	if (read_said(e, b, elf_rec_size(ELF_EHDR, e->form), 0, what, "ELF header"))
		return -1;
	elf_rec_get(ELF_EHDR, e->form, b, &h);
	e->type = h.type, e->entry = h.entry;
	e->machine = h.machine;

	phnum = h.phnum;
	if (phnum == PN_XNUM) {
		if (section0(e, &h, &s0))
			return bad(what, "PN_XNUM program headers, but no section header 0 to count them");
		phnum = s0.info;
	}
	if (phnum > ELF_HEADERS_MAX)
		return bad(what, "more than 65535 program headers");
	if (phnum && h.phentsize != elf_rec_size(ELF_PHDR, e->form))
		return bad(what, "program header size is not the class's");
	if (phnum && (h.phoff > e->size || phnum > (e->size - h.phoff) / h.phentsize))
		return bad(what, "truncated: program headers past the end of the file");
	if (phnum && read_recs(e, ELF_PHDR, h.phoff, phnum, &ph, sizeof(struct elf_phdr), what))
		return -1;
	e->ph = ph;
	e->nph = phnum;
	e->sh_bad = read_sections(e, &h);
	read_build_id(e);
	return 0;
}

void elf_file_close(struct elf_file *e)
{
	free(e->ph);
	free(e->sh);
	free(e->shstr);
	e->ph = NULL, e->sh = NULL, e->shstr = NULL;
	e->nph = e->nsh = e->shstr_len = 0;
}

const char *elf_section_name(const struct elf_file *e, const struct elf_shdr *sh)
{
	return e->shstr && sh->name < e->shstr_len ? e->shstr + sh->name : "";
}

const struct elf_shdr *elf_section(const struct elf_file *e, const char *name)
{
	for (size_t i = 1; i < e->nsh; i++)
		if (e->sh[i].type != SHT_NULL && !strcmp(elf_section_name(e, &e->sh[i]), name))
			return &e->sh[i];
	return NULL;
}

void *elf_section_data(const struct elf_file *e, const struct elf_shdr *sh, uint64_t max)
{
	void *p;

	if (!sh || sh->type == SHT_NOBITS || sh->size > max || sh->offset > e->size ||
	    sh->size > e->size - sh->offset)
		return NULL;
	p = xmalloc(sh->size);
	if (elf_read_at(e, p, sh->size, sh->offset)) {
		free(p);
		return NULL;
	}
	return p;
}

/* Each PT_LOAD that could be the mapping's, ranked: one whose bias is 0 in
 * an ET_EXEC (8), whose PF_X is the mapping's (4), that starts in pgoff's
 * page (3; the page size unknown here, but at most the segment's alignment;
 * the nearest first) or holds pgoff (2). */
int elf_mapping_bias_prot(const struct elf_file *e, uint64_t map_start, uint64_t pgoff, unsigned pf,
			  uint64_t *bias)
{
	uint64_t best_dist = UINT64_MAX;
	int best_rank = 0;

	for (size_t i = 0; i < e->nph; i++) {
		const struct elf_phdr *p = &e->ph[i];
		uint64_t page = p->align > 4096 ? p->align : 4096, dist = UINT64_MAX;
		uint64_t b = map_start - pgoff - (p->vaddr - p->offset);
		int rank;

		if (p->type != PT_LOAD || !p->filesz)
			continue;
		if (pgoff <= p->offset && p->offset - pgoff < page)
			rank = 3, dist = p->offset - pgoff;
		else if (pgoff >= p->offset && pgoff - p->offset < p->filesz)
			rank = 2;
		else
			continue;
		if (pf && !(pf & PF_X) == !(p->flags & PF_X))
			rank += 4;
		if (e->type == ET_EXEC && !b)
			rank += 8;
		if (rank > best_rank || (rank == best_rank && dist < best_dist)) {
			best_rank = rank, best_dist = dist;
			*bias = b;
		}
	}
	return best_rank ? 0 : -1;
}

int elf_mapping_bias(const struct elf_file *e, uint64_t map_start, uint64_t pgoff, uint64_t *bias)
{
	return elf_mapping_bias_prot(e, map_start, pgoff, 0, bias);
}
