/* where.c: an address named by the mapping it lies in */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "byteorder.h"
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

/* The vDSO's mapping, which NT_FILE does not name: where NT_AUXV's
 * AT_SYSINFO_EHDR says it is */
static void name_vdso(struct maps *m, const struct core *c)
{
	unsigned w = c->arch->elfclass == ELFCLASS64 ? 8 : 4;
	struct core_note n;
	struct region *r;

	if (core_note_find(c, "CORE", 6 /* NT_AUXV */, &n) <= 0)
		return;
	for (uint32_t off = 0; off + 2 * w <= n.descsz; off += 2 * w) {
		uint64_t type = word_get(n.desc + off, w, c->arch->byteorder);

		if (type == 0)
			break;
		if (type == 33 /* AT_SYSINFO_EHDR */ &&
		    (r = (struct region *)maps_find(m, word_get(n.desc + off + w, w, c->arch->byteorder))) &&
		    r->kind != REGION_FILE) {
			r->kind = REGION_VDSO, r->name = "[vdso]";
			return;
		}
	}
}

int maps_of_core(struct maps *m, const struct core *c)
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
	return 0;
}
