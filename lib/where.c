/* where.c: an address named by the mapping it lies in */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
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

int maps_of_core(struct maps *m, const struct core *c)
{
	struct core_file *f;
	uint64_t page_size;
	long n = core_files(c, &f, &page_size);

	memset(m, 0, sizeof(*m));
	if (n < 0)
		return -1;
	m->r = xzalloc((n ? n : 1) * sizeof(*m->r));
	for (long i = 0; i < n; i++) {
		struct region *r = &m->r[m->n];

		if (f[i].end <= f[i].start || (m->n && f[i].start < r[-1].end))
			continue; /* maps_find needs them sorted, apart */
		*r = (struct region){ .start = f[i].start, .end = f[i].end, .offset = f[i].pgoff * page_size,
				      .kind = REGION_FILE, .name = f[i].name };
		for (size_t k = 0; k < c->nsegs; k++) /* its permissions: the PT_LOAD's */
			if (c->segs[k].vaddr == r->start)
				r->perms = (c->segs[k].flags & PF_R ? PERM_R : 0) | (c->segs[k].flags & PF_W ? PERM_W : 0) |
					   (c->segs[k].flags & PF_X ? PERM_X : 0);
		m->n++;
	}
	m->cap = n;
	free(f);
	return 0;
}
