/* symbols.c: an ELF file's function symbols, sorted for look-ups by
 * address (see symbols.h). The names stay in the file's string table, read
 * once: hostile symbols sharing one long name cost nothing more. */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "byteorder.h"
#include "procbox.h"
#include "symbols.h"

#define SYMTAB_MAX (256u << 20) /* bytes of a symbol or string table */

struct cand {
	uint64_t addr, size;
	uint32_t name, index; /* index: the symbol's, which breaks ties */
	uint16_t shndx;
	uint8_t local;
};

/* Aliases together, the one to keep first: the largest, global, earliest */
static int cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	if (x->local != y->local)
		return x->local - y->local;
	return x->index < y->index ? -1 : x->index > y->index;
}

static int failed(struct symtab *t, const char *what, const char *why)
{
	error_msg("%s: %s", what, why);
	symtab_free(t);
	return -1;
}

/* An ARM, AArch64 or RISC-V mapping symbol: where code, data or Thumb begins */
static int mapping_symbol(const char *name)
{
	return name[0] == '$' && name[1] && strchr("atdx", name[1]) && (!name[2] || name[2] == '.');
}

static int is_function(const struct elf_file *e, unsigned type, uint64_t size, unsigned shndx)
{
	if (type == STT_FUNC || type == STT_GNU_IFUNC)
		return 1;
	return type == STT_NOTYPE && size && shndx < e->nsh && (e->sh[shndx].flags & SHF_EXECINSTR);
}

/* A symbol without size ends at the next or at its section's end; 1 byte if neither */
static uint64_t implied_size(const struct elf_file *e, const struct cand *c, const struct cand *next)
{
	uint64_t end = next ? next->addr : 0;
	const struct elf_shdr *sh = c->shndx < e->nsh ? &e->sh[c->shndx] : NULL;

	if (sh && c->addr - sh->addr < sh->size && (!next || sh->addr + sh->size < end))
		end = sh->addr + sh->size;
	return end > c->addr ? end - c->addr : 1;
}

/* Each symbol's nearest enclosing one, by a stack of the symbols still open */
static void link_outer(struct symtab *t)
{
	uint32_t *open = xmalloc(t->n * sizeof(*open));
	size_t depth = 0;

	for (size_t i = 0; i < t->n; i++) {
		struct sym *s = &t->s[i];

		while (depth && s->addr - t->s[open[depth - 1]].addr >= t->s[open[depth - 1]].size)
			depth--;
		s->outer = depth ? open[depth - 1] + 1 : 0;
		open[depth++] = (uint32_t)i;
	}
	free(open);
}

int symtab_load(struct symtab *t, const struct elf_file *e, const char *what)
{
	const struct elf_shdr *sec = NULL, *str;
	unsigned esz = e->form.elfclass == ELFCLASS64 ? 24 : 16;
	unsigned char *raw;
	struct cand *c = NULL;
	size_t nc = 0, cap = 0, count;

	memset(t, 0, sizeof(*t));
	if (e->sh_bad)
		return failed(t, what, e->sh_bad);
	for (size_t i = 0; i < e->nsh && !sec; i++)
		if (e->sh[i].type == SHT_SYMTAB)
			sec = &e->sh[i];
	for (size_t i = 0; i < e->nsh && !sec; i++)
		if (e->sh[i].type == SHT_DYNSYM)
			sec = &e->sh[i];
	if (!sec)
		return 0;
	t->source = sec->type == SHT_SYMTAB ? ".symtab" : ".dynsym";
	if (sec->entsize != esz)
		return failed(t, what, "symbol table entry size is not the class's");
	if (sec->link >= e->nsh || !sec->link)
		return failed(t, what, "symbol table's string table index out of range");
	str = &e->sh[sec->link];
	if (str->type == SHT_NOBITS || str->size > SYMTAB_MAX || str->offset > e->size ||
	    str->size > e->size - str->offset)
		return failed(t, what, "symbol names past the end of the file");
	t->names = xmalloc(str->size + 1);
	t->names_len = str->size;
	t->names[str->size] = 0; /* a last name left unterminated ends there */
	if (elf_read_at(e, t->names, str->size, str->offset))
		return failed(t, what, "symbol names unreadable");
	raw = elf_section_data(e, sec, SYMTAB_MAX);
	if (!raw)
		return failed(t, what, "symbol table past the end of the file");

	count = sec->size / esz;
	for (size_t i = 1; i < count; i++) {
		const unsigned char *b = raw + i * esz;
		unsigned o = e->form.order, info, shndx;
		uint64_t name = get32(b, o), value, size;

		if (esz == 24)
			info = b[4], shndx = get16(b + 6, o), value = get64(b + 8, o), size = get64(b + 16, o);
		else
			value = get32(b + 4, o), size = get32(b + 8, o), info = b[12], shndx = get16(b + 14, o);
		if (shndx == SHN_UNDEF || !is_function(e, ELF32_ST_TYPE(info), size, shndx) ||
		    name >= t->names_len || !t->names[name] || mapping_symbol(t->names + name))
			continue;
		if (e->machine == EM_ARM)
			value &= ~1ull; /* Thumb */
		c = xgrow(c, &cap, nc + 1, sizeof(*c));
		c[nc++] = (struct cand){ value, size, (uint32_t)name, (uint32_t)i, (uint16_t)shndx,
					 ELF32_ST_BIND(info) == STB_LOCAL };
	}
	free(raw);

	if (nc)
		qsort(c, nc, sizeof(*c), cand_cmp);
	t->s = xmalloc((nc ? nc : 1) * sizeof(*t->s));
	for (size_t i = 0; i < nc; i++) {
		const struct cand *next = NULL;

		if (t->n && t->s[t->n - 1].addr == c[i].addr)
			continue; /* an alias: the first kept */
		for (size_t j = i + 1; j < nc && !next; j++)
			if (c[j].addr != c[i].addr)
				next = &c[j];
		t->s[t->n++] = (struct sym){ c[i].addr, c[i].size ? c[i].size : implied_size(e, &c[i], next),
					     c[i].name, 0 };
	}
	free(c);
	link_outer(t);
	return 0;
}

static const struct sym *holding(const struct symtab *t, uint64_t vaddr)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->s[mid].addr <= vaddr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* the last symbol at or below vaddr, else the innermost one holding it */
	for (const struct sym *s = lo ? &t->s[lo - 1] : NULL; s; s = s->outer ? &t->s[s->outer - 1] : NULL)
		if (vaddr - s->addr < s->size)
			return s;
	return NULL;
}

const char *symtab_find(const struct symtab *t, uint64_t vaddr, uint64_t *off)
{
	const struct sym *s = holding(t, vaddr);

	if (!s)
		return NULL;
	*off = vaddr - s->addr;
	return t->names + s->name;
}

int symtab_range(const struct symtab *t, uint64_t vaddr, uint64_t *start, uint64_t *size)
{
	const struct sym *s = holding(t, vaddr);

	if (!s)
		return 0;
	*start = s->addr;
	*size = s->size;
	return 1;
}

void symtab_free(struct symtab *t)
{
	free(t->s);
	free(t->names);
	t->s = NULL, t->names = NULL;
	t->n = t->names_len = 0;
}
