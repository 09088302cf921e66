/* elfcore.c: the ELF container of a core, in elf_core_dump()'s layout: the
 * header, the PT_NOTE header, a PT_LOAD header per mapping (offsets running
 * on by each one's dump size), the notes, then at the next page the memory of
 * each mapping in turn, and past 65534 mappings (PN_XNUM) a section header
 * holding the real count. Headers are streamed: memory use does not grow with
 * the memory dumped. */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "elfcore.h"
#include "procbox.h"

int core_map_add(struct coredump *cd, const struct core_map *m)
{
	if (cd->nmap == cd->cap) {
		size_t cap = cd->cap ? 2 * cd->cap : 64;
		struct core_map *p = realloc(cd->map, cap * sizeof(*p));

		if (!p) {
			perror_msg("planning the core");
			return -1;
		}
		cd->map = p, cd->cap = cap;
	}
	cd->map[cd->nmap++] = *m;
	cd->data_size += m->dump;
	return 0;
}

void coredump_free(struct coredump *cd)
{
	free(cd->map);
	free(cd->notes.p);
	memset(cd, 0, sizeof(*cd));
}

/* One program header, in the task's class, appended to buf. */
static size_t put_phdr(const struct coredump *cd, unsigned char *buf, uint32_t type, uint64_t off, uint64_t vaddr,
		       uint64_t filesz, uint64_t memsz, uint32_t flags, uint64_t align)
{
	if (cd->arch->elfclass == ELFCLASS64) {
		Elf64_Phdr p = { type, flags, off, vaddr, 0, filesz, memsz, align };

		memcpy(buf, &p, sizeof(p));
		return sizeof(p);
	} else {
		Elf32_Phdr p = { type, off, vaddr, 0, filesz, memsz, flags, align };

		memcpy(buf, &p, sizeof(p));
		return sizeof(p);
	}
}

static int put_header(const struct coredump *cd, struct outfile *o, size_t segs, uint64_t shoff)
{
	int c64 = cd->arch->elfclass == ELFCLASS64;
	uint16_t phnum = segs > PN_XNUM ? PN_XNUM : segs;
	unsigned char ident[EI_NIDENT] = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, cd->arch->elfclass, ELFDATA2LSB, EV_CURRENT };

	if (c64) {
		Elf64_Ehdr h = { .e_type = ET_CORE, .e_machine = cd->arch->machine, .e_version = EV_CURRENT,
				 .e_phoff = sizeof(h), .e_ehsize = sizeof(h), .e_phentsize = sizeof(Elf64_Phdr),
				 .e_phnum = phnum };

		if (phnum == PN_XNUM)
			h.e_shoff = shoff, h.e_shentsize = sizeof(Elf64_Shdr), h.e_shnum = 1;
		memcpy(h.e_ident, ident, EI_NIDENT);
		return outfile_write(o, &h, sizeof(h));
	} else {
		Elf32_Ehdr h = { .e_type = ET_CORE, .e_machine = cd->arch->machine, .e_version = EV_CURRENT,
				 .e_phoff = sizeof(h), .e_ehsize = sizeof(h), .e_phentsize = sizeof(Elf32_Phdr),
				 .e_phnum = phnum };

		if (phnum == PN_XNUM)
			h.e_shoff = shoff, h.e_shentsize = sizeof(Elf32_Shdr), h.e_shnum = 1;
		memcpy(h.e_ident, ident, EI_NIDENT);
		return outfile_write(o, &h, sizeof(h));
	}
}

/* The extended-numbering section header: sh_size 1 (e_shnum), sh_info the count. */
static int put_xnum(const struct coredump *cd, struct outfile *o, size_t segs)
{
	if (cd->arch->elfclass == ELFCLASS64) {
		Elf64_Shdr s = { .sh_type = SHT_NULL, .sh_size = 1, .sh_info = segs };

		return outfile_write(o, &s, sizeof(s));
	} else {
		Elf32_Shdr s = { .sh_type = SHT_NULL, .sh_size = 1, .sh_info = segs };

		return outfile_write(o, &s, sizeof(s));
	}
}

int core_write(const struct coredump *cd, struct outfile *o, core_fill_fn fill, void *ctx)
{
	int c64 = cd->arch->elfclass == ELFCLASS64;
	size_t segs = cd->nmap + 1, phsz = c64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
	uint64_t notes_off = (c64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr)) + segs * phsz;
	uint64_t page = cd->page_size, data_off = (notes_off + cd->notes.n + page - 1) / page * page;
	uint64_t off = data_off;
	unsigned char buf[64 * sizeof(Elf64_Phdr)];
	size_t n;

	if (put_header(cd, o, segs, data_off + cd->data_size))
		return -1;
	n = put_phdr(cd, buf, PT_NOTE, notes_off, 0, cd->notes.n, 0, 0, 4);
	for (size_t i = 0; i < cd->nmap; i++) {
		const struct core_map *m = &cd->map[i];

		n += put_phdr(cd, buf + n, PT_LOAD, off, m->start, m->dump, m->end - m->start, m->flags, page);
		off += m->dump;
		if (n + phsz > sizeof(buf)) {
			if (outfile_write(o, buf, n))
				return -1;
			n = 0;
		}
	}
	if (outfile_write(o, buf, n) || outfile_write(o, cd->notes.p, cd->notes.n) ||
	    outfile_skip(o, data_off - o->pos))
		return -1;
	for (size_t i = 0; i < cd->nmap; i++) {
		uint64_t want = o->pos + cd->map[i].dump;

		if (cd->map[i].dump && fill(ctx, &cd->map[i], o))
			return -1;
		if (o->pos != want) {
			error_msg("%s: internal error: %#llx bytes of %#llx were dumped", o->path,
				  (unsigned long long)(o->pos - want + cd->map[i].dump),
				  (unsigned long long)cd->map[i].dump);
			return -1;
		}
	}
	return segs >= PN_XNUM ? put_xnum(cd, o, segs) : 0;
}
