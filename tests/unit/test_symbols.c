/* test_symbols.c: lib/symbols.c. Symbol tables of every class and byte
 * order built here (sized, unsized, aliased, nested functions, IFUNCs,
 * typeless assembly, Thumb addresses, mapping symbols, what is not a
 * function); damaged ones (names not NUL-terminated or past the table,
 * tables past the end, bad entry sizes and links: errors, never a crash);
 * and every function symbol of real ELF files of all five arches against
 * binutils' readelf -sW (PROCBOX_ELF_ORACLE, made by the Makefile), looked
 * up at its first and last byte. */
#include "elf_build.h"
#include "readelf_oracle.h"
#include "symbols.h"

#define T(off) (TEXT_ADDR + (off))

static const struct tsym funcs[] = {
	{ "f_alias", T(0), 8, STT_FUNC, STB_LOCAL, TS_TEXT },
	{ "f_sized", T(0), 0x10, STT_FUNC, STB_GLOBAL, TS_TEXT },
	{ "f_alias2", T(0), 0x10, STT_FUNC, STB_LOCAL, TS_TEXT },
	{ "f_unsized", T(0x20), 0, STT_FUNC, STB_GLOBAL, TS_TEXT },
	{ "f_ifunc", T(0x40), 0x10, STT_GNU_IFUNC, STB_GLOBAL, TS_TEXT },
	{ "asm_notype", T(0x50), 0x10, STT_NOTYPE, STB_GLOBAL, TS_TEXT },
	{ "$x", T(0x60), 4, STT_NOTYPE, STB_LOCAL, TS_TEXT },          /* a mapping symbol, even sized */
	{ "$d.1", T(0x64), 0, STT_NOTYPE, STB_LOCAL, TS_TEXT },
	{ "label", T(0x68), 0, STT_NOTYPE, STB_LOCAL, TS_TEXT },        /* no size: not a function */
	{ "outer", T(0x80), 0x40, STT_FUNC, STB_GLOBAL, TS_TEXT },
	{ "inner", T(0x90), 0x10, STT_FUNC, STB_LOCAL, TS_TEXT },
	{ "innermost", T(0x94), 4, STT_FUNC, STB_LOCAL, TS_TEXT },
	{ "last_unsized", T(0xf0), 0, STT_FUNC, STB_WEAK, TS_TEXT },
	{ "data_notype", DATA_ADDR, 8, STT_NOTYPE, STB_GLOBAL, TS_DATA },
	{ "an_object", DATA_ADDR + 8, 8, STT_OBJECT, STB_GLOBAL, TS_DATA },
	{ "undefined", 0, 0, STT_FUNC, STB_GLOBAL, SHN_UNDEF },
	{ "", T(0x70), 4, STT_FUNC, STB_GLOBAL, TS_TEXT },               /* no name */
	{ "a_file.c", 0, 0, STT_FILE, STB_LOCAL, SHN_ABS },
	{ "absolute", 0x20000, 0, STT_FUNC, STB_GLOBAL, SHN_ABS },
};

/* symtab_find and symtab_range at vaddr: name (NULL: none), off, start, size */
static void at(const struct symtab *t, uint64_t vaddr, const char *name, uint64_t off, uint64_t start, uint64_t size)
{
	uint64_t o = ~0ull, s = ~0ull, z = ~0ull;
	const char *got = symtab_find(t, vaddr, &o);
	int r = symtab_range(t, vaddr, &s, &z);

	if (!name) {
		if (got || r)
			fail_msg("%#llx: %s+%#llx, expected none", (unsigned long long)vaddr, got, (unsigned long long)o);
		return;
	}
	if (!got || strcmp(got, name) || o != off)
		fail_msg("%#llx: %s+%#llx, expected %s+%#llx", (unsigned long long)vaddr, got ? got : "none",
			 (unsigned long long)o, name, (unsigned long long)off);
	assert_int_equal(r, 1);
	assert_int_equal(s, start);
	assert_int_equal(z, size);
}

static int load(struct symtab *t, const struct timg *m, struct said *s)
{
	struct elf_file e;
	int r, saved, cap;

	assert_int_equal(open_bytes(&e, m->b, m->n, s), 0);
	said_begin(&saved, &cap);
	r = symtab_load(t, &e, "T");
	said_end(saved, cap, s);
	close_file(&e);
	return r;
}

static void functions_of_every_form(void **state)
{
	(void)state;
	for (int k = 0; k < 4; k++) {
		struct timg m;
		struct symtab t;
		struct said s;

		elf_build(&m, test_forms[k], EM_X86_64, ET_DYN, funcs, sizeof(funcs) / sizeof(funcs[0]));
		assert_int_equal(load(&t, &m, &s), 0);
		assert_int_equal(s.lines, 0);
		assert_string_equal(t.source, ".symtab");
		assert_int_equal(t.n, 9);
		/* aliases: the largest, then global, kept */
		at(&t, T(0), "f_sized", 0, T(0), 0x10);
		at(&t, T(0xf), "f_sized", 0xf, T(0), 0x10);
		at(&t, T(0x10), NULL, 0, 0, 0);
		/* no size: up to the next symbol */
		at(&t, T(0x20), "f_unsized", 0, T(0x20), 0x20);
		at(&t, T(0x3f), "f_unsized", 0x1f, T(0x20), 0x20);
		at(&t, T(0x40), "f_ifunc", 0, T(0x40), 0x10);
		at(&t, T(0x5f), "asm_notype", 0xf, T(0x50), 0x10);
		at(&t, T(0x60), NULL, 0, 0, 0); /* mapping symbols and labels are not functions */
		at(&t, T(0x68), NULL, 0, 0, 0);
		/* nested: the innermost */
		at(&t, T(0x80), "outer", 0, T(0x80), 0x40);
		at(&t, T(0x90), "inner", 0, T(0x90), 0x10);
		at(&t, T(0x95), "innermost", 1, T(0x94), 4);
		at(&t, T(0x98), "inner", 8, T(0x90), 0x10);
		at(&t, T(0xa0), "outer", 0x20, T(0x80), 0x40);
		at(&t, T(0xbf), "outer", 0x3f, T(0x80), 0x40);
		at(&t, T(0xc0), NULL, 0, 0, 0);
		/* no size, nothing after: up to its section's end */
		at(&t, T(0xff), "last_unsized", 0xf, T(0xf0), 0x10);
		at(&t, T(0x100), NULL, 0, 0, 0);
		/* no section, nothing after: itself */
		at(&t, 0x20000, "absolute", 0, 0x20000, 1);
		at(&t, 0x20001, NULL, 0, 0, 0);
		at(&t, T(0) - 1, NULL, 0, 0, 0);
		at(&t, DATA_ADDR, NULL, 0, 0, 0);
		at(&t, 0, NULL, 0, 0, 0);
		at(&t, ~0ull, NULL, 0, 0, 0);
		symtab_free(&t);
		symtab_free(&t); /* twice: harmless */
	}
}

static void thumb_functions_and_mapping_symbols(void **state)
{
	static const struct tsym arm[] = {
		{ "$t", T(0x10), 0, STT_NOTYPE, STB_LOCAL, TS_TEXT },
		{ "thumb_fn", T(0x11), 0x10, STT_FUNC, STB_GLOBAL, TS_TEXT },
		{ "$d", T(0x1c), 0, STT_NOTYPE, STB_LOCAL, TS_TEXT },
		{ "$a", T(0x20), 0, STT_NOTYPE, STB_LOCAL, TS_TEXT },
		{ "arm_fn", T(0x20), 8, STT_FUNC, STB_GLOBAL, TS_TEXT },
		{ "thumb_unsized", T(0x31), 0, STT_FUNC, STB_LOCAL, TS_TEXT },
		{ "$t.2", T(0x40), 0, STT_NOTYPE, STB_LOCAL, TS_TEXT },
	};

	(void)state;
	for (int k = 2; k < 4; k++) {
		struct timg m;
		struct symtab t;
		struct said s;

		elf_build(&m, test_forms[k], EM_ARM, ET_EXEC, arm, sizeof(arm) / sizeof(arm[0]));
		assert_int_equal(load(&t, &m, &s), 0);
		assert_int_equal(t.n, 3);
		at(&t, T(0x10), "thumb_fn", 0, T(0x10), 0x10);
		at(&t, T(0x1f), "thumb_fn", 0xf, T(0x10), 0x10);
		at(&t, T(0x27), "arm_fn", 7, T(0x20), 8);
		at(&t, T(0x30), "thumb_unsized", 0, T(0x30), 0xd0);
		symtab_free(&t);
	}
}

static void dynsym_or_none(void **state)
{
	(void)state;
	for (int k = 0; k < 4; k++) {
		struct timg m;
		struct symtab t;
		struct elf_shdr sh;
		struct said s;

		elf_build(&m, test_forms[k], EM_LOONGARCH, ET_DYN, funcs, 4);
		tb_shdr(&m, TS_SYMTAB, &sh, 0);
		sh.type = SHT_DYNSYM;
		tb_shdr(&m, TS_SYMTAB, &sh, 1);
		assert_int_equal(load(&t, &m, &s), 0);
		assert_string_equal(t.source, ".dynsym");
		at(&t, T(4), "f_sized", 4, T(0), 0x10);
		symtab_free(&t);

		/* stripped of both: an empty table, not an error */
		sh.type = SHT_PROGBITS;
		tb_shdr(&m, TS_SYMTAB, &sh, 1);
		assert_int_equal(load(&t, &m, &s), 0);
		assert_int_equal(s.lines, 0);
		assert_null(t.source);
		assert_int_equal(t.n, 0);
		at(&t, T(4), NULL, 0, 0, 0);
		symtab_free(&t);
	}
}

/* symtab_load must fail in one line naming "T" and why, leaving an empty table */
static void refused(const struct timg *m, const char *why)
{
	struct symtab t;
	struct said s;

	assert_int_equal(load(&t, m, &s), -1);
	if (s.lines != 1 || strncmp(s.msg, "procbox: T: ", 12) || !strstr(s.msg, why))
		fail_msg("said \"%s\", expected one line with \"%s\"", s.msg, why);
	assert_int_equal(t.n, 0);
	at(&t, T(0), NULL, 0, 0, 0);
	symtab_free(&t);
}

static void hostile_tables_give_errors(void **state)
{
	(void)state;
	for (int k = 0; k < 4; k++) {
		size_t nf = sizeof(funcs) / sizeof(funcs[0]);
		unsigned esz = k < 2 ? 24 : 16;
		struct timg m, orig;
		struct symtab t;
		struct elf_shdr sh, str;
		struct elf_ehdr h;
		struct said s;

		elf_build(&orig, test_forms[k], EM_RISCV, ET_DYN, funcs, nf);
		/* the last name unterminated: it ends with the table */
		m = orig;
		tb_shdr(&m, TS_STRTAB, &str, 0);
		str.size -= 3; /* "absolute\0" -> "absolu" */
		tb_shdr(&m, TS_STRTAB, &str, 1);
		assert_int_equal(load(&t, &m, &s), 0);
		assert_int_equal(t.n, 9);
		at(&t, 0x20000, "absolu", 0, 0x20000, 1);
		assert_int_equal(t.names[t.names_len], 0);
		symtab_free(&t);
		/* names offsets past the table */
		m = orig;
		for (size_t i = 1; i <= nf; i++)
			word_put(m.b + SYMTAB_OFF + i * esz, 4, 0x7fff0000u + (uint32_t)i, m.f.order);
		assert_int_equal(load(&t, &m, &s), 0);
		assert_int_equal(t.n, 0);
		symtab_free(&t);
		/* a function in a section that is not there, one with a huge size */
		m = orig;
		word_put(m.b + SYMTAB_OFF + 4 * esz + (k < 2 ? 6 : 14), 2, 0xff00, m.f.order); /* f_unsized */
		word_put(m.b + SYMTAB_OFF + 2 * esz + (k < 2 ? 16 : 8), k < 2 ? 8 : 4, ~0ull, m.f.order); /* f_sized */
		assert_int_equal(load(&t, &m, &s), 0);
		at(&t, T(0x20), "f_unsized", 0, T(0x20), 0x20);
		at(&t, T(0x60), "f_sized", 0x60, T(0), k < 2 ? ~0ull : 0xffffffffull);
		at(&t, T(0x40), "f_ifunc", 0, T(0x40), 0x10);
		symtab_free(&t);

		m = orig;
		tb_shdr(&m, TS_SYMTAB, &sh, 0);
		sh.entsize = esz + 1;
		tb_shdr(&m, TS_SYMTAB, &sh, 1);
		refused(&m, "symbol table entry size");
		sh.entsize = 0;
		tb_shdr(&m, TS_SYMTAB, &sh, 1);
		refused(&m, "symbol table entry size");
		sh.entsize = esz, sh.link = TS_N;
		tb_shdr(&m, TS_SYMTAB, &sh, 1);
		refused(&m, "string table index out of range");
		sh.link = 0;
		tb_shdr(&m, TS_SYMTAB, &sh, 1);
		refused(&m, "string table index out of range");
		sh.link = TS_STRTAB, sh.offset = m.n - esz;
		tb_shdr(&m, TS_SYMTAB, &sh, 1);
		refused(&m, "symbol table past the end");
		sh.offset = SYMTAB_OFF, sh.size = (~0ull >> (k < 2 ? 0 : 32)) / esz * esz;
		tb_shdr(&m, TS_SYMTAB, &sh, 1);
		refused(&m, "symbol table past the end");
		sh.type = SHT_DYNSYM, sh.size = m.n; /* a table as large as the file */
		tb_shdr(&m, TS_SYMTAB, &sh, 1);
		refused(&m, "symbol table past the end");
		m = orig;
		tb_shdr(&m, TS_STRTAB, &str, 0);
		str.type = SHT_NOBITS;
		tb_shdr(&m, TS_STRTAB, &str, 1);
		refused(&m, "symbol names past the end");
		str.type = SHT_STRTAB, str.offset = m.n + 1;
		tb_shdr(&m, TS_STRTAB, &str, 1);
		refused(&m, "symbol names past the end");
		str.offset = 1, str.size = ~0ull >> (k < 2 ? 0 : 32);
		tb_shdr(&m, TS_STRTAB, &str, 1);
		refused(&m, "symbol names past the end");
		/* section headers the file lost */
		m = orig;
		tb_ehdr(&m, &h, 0);
		h.shoff = m.n;
		tb_ehdr(&m, &h, 1);
		refused(&m, "section headers past the end");
		m = orig;
		m.n -= 1;
		refused(&m, "section headers past the end");
	}
}

/* A table of many symbols at one address and nested in each other: bounded work */
static void many_symbols(void **state)
{
	enum { N = 400 };
	static struct tsym many[N];
	static char names[N][8];
	struct timg m;
	struct symtab t;
	struct said s;

	(void)state;
	for (int i = 0; i < N; i++) {
		snprintf(names[i], sizeof(names[i]), "n%d", i);
		unsigned j = (unsigned)(i - N / 2) % 128;

		many[i] = (struct tsym){ names[i], i < N / 2 ? T(0) : T(j), i < N / 2 ? 8 : TEXT_SIZE - j, STT_FUNC,
					 STB_GLOBAL, TS_TEXT };
	}
	elf_build(&m, test_forms[0], EM_X86_64, ET_DYN, many, N);
	assert_int_equal(load(&t, &m, &s), 0);
	for (uint64_t a = T(0); a < T(TEXT_SIZE) + 2; a++) {
		uint64_t off, start, size;
		const char *name = symtab_find(&t, a, &off);

		if (a >= T(TEXT_SIZE)) {
			assert_null(name);
			continue;
		}
		assert_non_null(name);
		assert_int_equal(symtab_range(&t, a, &start, &size), 1);
		assert_true(start <= a && a - start < size && off == a - start);
	}
	symtab_free(&t);
}

/* ---- the readelf oracle ---- */

struct tally {
	long files, functions, nested, mismatches;
};

static void mismatch(struct tally *t, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void mismatch(struct tally *t, const char *path, const char *fmt, ...)
{
	va_list ap;
	char msg[400];

	if (t->mismatches++ >= 20)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	print_message("MISMATCH %s: %s\n", path, msg);
}

/* The functions symtab_load should keep, as readelf shows them */
struct want {
	const char *name;
	uint64_t addr, size;
	int ndx;
};

static int want_cmp(const void *a, const void *b)
{
	const struct want *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int is_mapping(const char *n)
{
	return n[0] == '$' && n[1] && strchr("atdx", n[1]) && (!n[2] || n[2] == '.');
}

/* Whether name is one of readelf's functions at addr */
static int named_at(const struct want *w, size_t n, uint64_t addr, const char *name)
{
	struct want key = { NULL, addr, 0, 0 };
	const struct want *p = bsearch(&key, w, n, sizeof(*w), want_cmp);

	if (!p)
		return 0;
	while (p > w && p[-1].addr == addr)
		p--;
	for (; p < w + n && p->addr == addr; p++)
		if (!strcmp(p->name, name))
			return 1;
	return 0;
}

static void check_file(const char *arch, const char *path, const char *txt, void *ctx)
{
	struct tally *t = ctx;
	struct readelf r;
	struct elf_file e;
	struct symtab st;
	const struct ro_table *tab = NULL;
	struct want *w = NULL;
	size_t nw = 0, distinct = 0;
	long m0 = t->mismatches, n0 = t->nested;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	readelf_parse(&r, txt);
	if (fd < 0)
		fail_msg("%s: %s", path, strerror(errno));
	assert_int_equal(elf_file_open(&e, fd, path), 0);
	assert_int_equal(symtab_load(&st, &e, path), 0);
	for (size_t i = 0; i < r.ntab && !tab; i++)
		if (!strcmp(r.tab[i].name, ".symtab"))
			tab = &r.tab[i];
	for (size_t i = 0; i < r.ntab && !tab; i++)
		if (!strcmp(r.tab[i].name, ".dynsym"))
			tab = &r.tab[i];
	if (!tab != !st.source || (tab && strcmp(tab->name, st.source)))
		mismatch(t, path, "symbols from %s, readelf's %s", st.source ? st.source : "nowhere",
			 tab ? tab->name : "none");

	/* readelf's functions: FUNC, IFUNC, sized NOTYPE in code, defined */
	for (size_t i = 0; tab && i < tab->n; i++) {
		const struct ro_sym *s = &tab->s[i];
		int code = s->ndx >= 0 && (size_t)s->ndx < r.nsec && r.sec[s->ndx].exec;

		if (s->ndx == -1 || !s->name[0] || is_mapping(s->name))
			continue;
		if (strcmp(s->type, "FUNC") && strcmp(s->type, "IFUNC") && !(!strcmp(s->type, "NOTYPE") && s->size && code))
			continue;
		w = ro_grow(w, nw, sizeof(*w));
		w[nw++] = (struct want){ s->name, !strcmp(arch, "armv7l") ? s->value & ~1ull : s->value, s->size, s->ndx };
	}
	if (nw)
		qsort(w, nw, sizeof(*w), want_cmp);
	for (size_t i = 0; i < nw; i++)
		distinct += !i || w[i].addr != w[i - 1].addr;
	if (st.n != distinct)
		mismatch(t, path, "%zu functions, readelf's %zu at distinct addresses", st.n, distinct);

	for (size_t i = 0; i < nw; i++) {
		uint64_t last = w[i].addr + (w[i].size ? w[i].size - 1 : 0), off, start, size, max = 0;
		const char *got = symtab_find(&st, w[i].addr, &off);

		t->functions++;
		if (!got || !named_at(w, nw, w[i].addr, got) || off)
			mismatch(t, path, "%s at %#llx: %s+%#llx", w[i].name, (unsigned long long)w[i].addr,
				 got ? got : "none", (unsigned long long)off);
		for (size_t j = 0; j < nw; j++)
			if (w[j].addr == w[i].addr && w[j].size > max)
				max = w[j].size;
		if (!symtab_range(&st, w[i].addr, &start, &size) || start != w[i].addr ||
		    (max ? size != max : !size))
			mismatch(t, path, "%s: range %#llx+%#llx, readelf's size %#llx", w[i].name,
				 (unsigned long long)start, (unsigned long long)size, (unsigned long long)max);
		if (!max && w[i].ndx >= 0 && (size_t)w[i].ndx < r.nsec &&
		    start + size > r.sec[w[i].ndx].addr + r.sec[w[i].ndx].size)
			mismatch(t, path, "%s without size: past its section's end", w[i].name);
		got = symtab_find(&st, last, &off);
		if (got && named_at(w, nw, w[i].addr, got) && off == last - w[i].addr)
			continue;
		/* a function nested in this one holds its last byte */
		if (got && symtab_range(&st, last, &start, &size) && start > w[i].addr && start <= last &&
		    named_at(w, nw, start, got)) {
			t->nested++;
			continue;
		}
		mismatch(t, path, "%s's last byte %#llx: %s+%#llx", w[i].name, (unsigned long long)last,
			 got ? got : "none", (unsigned long long)off);
	}
	print_message("[ ORACLE   ] %s (%s): %zu functions from %s%s, %ld mismatches\n", path, arch, nw,
		      st.source ? st.source : "nowhere (no symbols)", t->nested > n0 ? " (some nested)" : "",
		      t->mismatches - m0);
	t->files++;
	free(w);
	symtab_free(&st);
	elf_file_close(&e);
	close(fd);
	readelf_free(&r);
}

static void symbols_match_readelf(void **state)
{
	struct tally t = { 0 };

	(void)state;
	readelf_each(check_file, &t);
	if (t.mismatches > 20)
		print_message("(the first 20 mismatches shown)\n");
	print_message("[ ORACLE   ] %ld files: %ld functions, %ld whose last byte lies in a nested one\n", t.files,
		      t.functions, t.nested);
	assert_int_equal(t.mismatches, 0);
	assert_true(t.files > 0 && t.functions > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(functions_of_every_form),
		cmocka_unit_test(thumb_functions_and_mapping_symbols),
		cmocka_unit_test(dynsym_or_none),
		cmocka_unit_test(hostile_tables_give_errors),
		cmocka_unit_test(many_symbols),
		cmocka_unit_test(symbols_match_readelf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
