/* where.c: an address named by the mapping it lies in */
#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "out.h"
#include "byteorder.h"
#include "elffile.h"
#include "mapfile.h"
#include "modules.h"
#include "procbox.h"
#include "where.h"

void out_where(const struct maps *m, uint64_t addr)
{
	const struct region *r = maps_find(m, addr);
	const char *name;

	if (!r)
		return;
	name = r->name[0] ? r->name : "[anon]";
	if (strrchr(name, '/'))
		name = strrchr(name, '/') + 1;
	out_str(" <");
	out_text(name);
	out_str("+0x");
	out_hex(addr - r->start + (r->kind == REGION_FILE ? r->offset : 0), 0, '0');
	out_char('>');
}

void out_symbol(const struct symbol *s)
{
	if (s->function) {
		out_text(s->function);
		out_fmt("+0x%llx", (unsigned long long)s->offset);
	} else {
		out_str("??");
	}
	if (s->module) {
		out_str(" (");
		out_text(strrchr(s->module, '/') ? strrchr(s->module, '/') + 1 : s->module);
		out_fmt("+0x%llx)", (unsigned long long)s->module_offset);
	}
}

/* NT_AUXV's value of type, or 0 */
static uint64_t auxv_get(const struct core *c, uint64_t type)
{
	unsigned w = c->arch->elfclass == ELFCLASS64 ? 8 : 4;
	struct core_note n;

	if (core_note_find(c, "CORE", 6 /* NT_AUXV */, &n) <= 0)
		return 0;
	for (uint32_t off = 0; off + 2 * w <= n.descsz; off += 2 * w) {
		uint64_t t = word_get(n.desc + off, w, c->arch->byteorder);

		if (t == 0)
			break;
		if (t == type)
			return word_get(n.desc + off + w, w, c->arch->byteorder);
	}
	return 0;
}

/* The vDSO's mapping, which NT_FILE does not name: where NT_AUXV's
 * AT_SYSINFO_EHDR says it is */
static void name_vdso(struct maps *m, const struct core *c)
{
	struct region *r = (struct region *)maps_find(m, auxv_get(c, 33 /* AT_SYSINFO_EHDR */));

	if (r && r->kind != REGION_FILE)
		r->kind = REGION_VDSO, r->name = "[vdso]";
}

/* The path AT_EXECFN points to in the core's memory, malloc'd, or NULL */
static char *execfn(const struct maps *m, const struct core *c)
{
	uint64_t at = auxv_get(c, 31 /* AT_EXECFN */);
	const struct region *r = maps_find(m, at);
	size_t n = r ? (r->end - at < 4096 ? r->end - at : 4096) : 0;
	char *s = xzalloc(n + 1);

	if (n && !core_mem_read(c, at, s, n) && memchr(s, 0, n) && *s)
		return s;
	free(s);
	return NULL;
}

/* A core without NT_FILE (QEMU user-mode's guest cores): the executable's
 * mappings, named after exe (else the path AT_EXECFN gives) where its
 * PT_LOADs lie once placed by AT_ENTRY against its e_entry */
static void name_exe(struct maps *m, const struct core *c, const char *exe)
{
	uint64_t entry = auxv_get(c, 9 /* AT_ENTRY */), bias;
	char *own = exe ? NULL : execfn(m, c);
	const char *path = exe ? exe : own;
	struct elf_file e;
	int fd = path && entry ? file_open_regular(path) : -1;

	if (fd < 0 || elf_file_open(&e, fd, path)) {
		if (fd >= 0)
			close(fd);
		free(own);
		return;
	}
	bias = entry - e.entry;
	for (size_t i = 0; i < e.nph; i++) {
		const struct elf_phdr *p = &e.ph[i];
		uint64_t lo = p->vaddr + bias, hi = lo + p->filesz;

		for (size_t k = 0; p->type == PT_LOAD && k < m->n; k++) {
			struct region *r = &m->r[k];
			uint64_t off = p->offset + (r->start - lo); /* below lo: the segment's page */

			if (r->kind == REGION_ANON && r->end > lo && r->start < hi &&
			    (r->start >= lo || lo - r->start <= p->offset) && off < e.size)
				r->kind = REGION_FILE, r->name = path, r->offset = off;
		}
	}
	elf_file_close(&e);
	close(fd);
	m->text = own; /* the name's storage, freed with the maps */
}

int maps_of_core(struct maps *m, const struct core *c, const char *exe)
{
	struct core_file *f;
	uint64_t page_size;
	long n = core_files(c, &f, &page_size), k = 0;

	memset(m, 0, sizeof(*m));
	if (n < 0)
		return -1;
	/* one region per PT_LOAD, in address order (the kernel's), with its
	 * permissions; named and given its file offset where NT_FILE has it */
	m->r = xzalloc((c->nsegs ? c->nsegs : 1) * sizeof(*m->r));
	for (size_t i = 0; i < c->nsegs; i++) {
		const struct core_seg *g = &c->segs[i];
		struct region *r = &m->r[m->n];

		if (!g->memsz || g->vaddr + g->memsz < g->vaddr || (m->n && g->vaddr < r[-1].end))
			continue; /* maps_find needs them sorted, apart */
		*r = (struct region){ .start = g->vaddr, .end = g->vaddr + g->memsz, .name = "",
				      .perms = (g->flags & PF_R ? PERM_R : 0) | (g->flags & PF_W ? PERM_W : 0) |
					       (g->flags & PF_X ? PERM_X : 0) };
		while (k < n && f[k].end <= r->start)
			k++;
		if (k < n && f[k].start == r->start && f[k].end == r->end) {
			r->kind = REGION_FILE, r->name = f[k].name, r->offset = f[k].pgoff * page_size;
		}
		m->n++;
	}
	m->cap = c->nsegs;
	free(f);
	name_vdso(m, c);
	if (!n)
		name_exe(m, c, exe);
	return 0;
}
