/* readelf_oracle.h: test_elffile's and test_symbols' oracle, binutils'
 * readelf -hlSsnW of real ELF files of every arch, made by the Makefile
 * ($(O)/elf/oracle, PROCBOX_ELF_ORACLE): one line per file, "ARCH ELF TEXT",
 * or "missing ARCH ELF WHY" for a file this host does not have. */
#ifndef READELF_ORACLE_H
#define READELF_ORACLE_H

#include <elf.h>

#include "testutil.h"

struct ro_sec {
	char name[64];
	uint64_t addr, off, size;
	int exec; /* flag X */
};
struct ro_sym {
	char *name; /* without readelf's @VERSION */
	uint64_t value, size;
	char type[12];
	int ndx;    /* the section's index; -1 UND, -2 ABS or another special one */
};
struct ro_table {
	char name[32]; /* .symtab, .dynsym */
	struct ro_sym *s;
	size_t n;
};
struct ro_load {
	uint64_t off, vaddr, filesz;
};
struct readelf {
	unsigned type;              /* ET_* */
	long shnum, phnum;          /* the ELF header's, as readelf says them */
	struct ro_sec *sec;         /* every section header, [0] included */
	size_t nsec;
	struct ro_load *load;
	size_t nload;
	char build_id[129];         /* hex, "" none */
	struct ro_table tab[4];
	size_t ntab;
};

static inline void *ro_grow(void *p, size_t n, size_t each)
{
	p = realloc(p, (n + 1) * each);
	assert_non_null(p);
	return p;
}

/* Whitespace-separated words of line (which is cut), at most max */
static inline int ro_words(char *line, char **w, int max)
{
	int n = 0;

	for (char *t = strtok(line, " \t\n"); t && n < max; t = strtok(NULL, " \t\n"))
		w[n++] = t;
	return n;
}

static inline void readelf_parse(struct readelf *r, const char *txt_path)
{
	char *text = slurp(txt_path, NULL), *save = NULL;
	struct ro_table *tab = NULL;

	memset(r, 0, sizeof(*r));
	r->shnum = r->phnum = -1;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *w[16], *p;
		int n;

		if ((p = strstr(line, "  Type:"))) {
			r->type = strstr(p, "EXEC (") ? ET_EXEC : strstr(p, "DYN (") ? ET_DYN : strstr(p, "REL (") ? ET_REL : ET_NONE;
		} else if (sscanf(line, "  Number of section headers: %ld", &r->shnum) == 1 ||
			   sscanf(line, "  Number of program headers: %ld", &r->phnum) == 1) {
			continue;
		} else if ((p = strstr(line, "Build ID: "))) {
			snprintf(r->build_id, sizeof(r->build_id), "%s", p + 10);
		} else if (!strncmp(line, "Symbol table '", 14)) {
			assert_true(r->ntab < 4);
			tab = &r->tab[r->ntab++];
			p = strchr(line, '\'') + 1;
			snprintf(tab->name, sizeof(tab->name), "%.*s", (int)strcspn(p, "'"), p);
		} else if (!strncmp(line, "  [", 3) && strchr(line, ']')) {
			/* "  [Nr] Name Type Address Off Size ES Flg Lk Inf Al", Flg maybe empty, [0] without a name */
			struct ro_sec s = { 0 };
			unsigned idx;

			if (sscanf(line, "  [%u]", &idx) != 1)
				continue;
			n = ro_words(strchr(line, ']') + 1, w, 16);
			assert_int_equal(idx, r->nsec);
			if (idx) {
				assert_true(n >= 9);
				snprintf(s.name, sizeof(s.name), "%s", w[0]);
				s.addr = strtoull(w[2], NULL, 16), s.off = strtoull(w[3], NULL, 16);
				s.size = strtoull(w[4], NULL, 16);
				s.exec = n == 10 && strchr(w[6], 'X');
			}
			r->sec = ro_grow(r->sec, r->nsec, sizeof(s));
			r->sec[r->nsec++] = s;
		} else if (!strncmp(line, "  LOAD ", 7)) {
			struct ro_load l;

			n = ro_words(line, w, 16);
			assert_true(n >= 7);
			l.off = strtoull(w[1], NULL, 16), l.vaddr = strtoull(w[2], NULL, 16);
			l.filesz = strtoull(w[4], NULL, 16);
			r->load = ro_grow(r->load, r->nload, sizeof(l));
			r->load[r->nload++] = l;
		} else if (tab && line[strspn(line, " ")] >= '0' && line[strspn(line, " ")] <= '9' &&
			   line[strspn(line, " 0123456789")] == ':') {
			/* "Num: Value Size Type Bind Vis [extras] Ndx Name" */
			struct ro_sym s = { 0 };

			n = ro_words(line, w, 16);
			if (n > 8 && w[n - 1][0] == '(')
				n--; /* an undefined symbol's version index: "name@VERSION (2)" */
			if (n < 8)
				continue; /* no name */
			s.value = strtoull(w[1], NULL, 16);
			s.size = strtoull(w[2], NULL, 0);
			snprintf(s.type, sizeof(s.type), "%s", w[3]);
			s.ndx = !strcmp(w[n - 2], "UND") ? -1 : w[n - 2][0] >= '0' && w[n - 2][0] <= '9' ? atoi(w[n - 2]) : -2;
			s.name = strdup(w[n - 1]);
			s.name[strcspn(s.name, "@")] = 0;
			tab->s = ro_grow(tab->s, tab->n, sizeof(s));
			tab->s[tab->n++] = s;
		}
	}
	free(text);
}

static inline void readelf_free(struct readelf *r)
{
	for (size_t t = 0; t < r->ntab; t++) {
		for (size_t i = 0; i < r->tab[t].n; i++)
			free(r->tab[t].s[i].name);
		free(r->tab[t].s);
	}
	free(r->sec);
	free(r->load);
}

/* fn(arch, elf, readelf's text, ctx) for each file of the oracle; the files
 * missing here are said. The number of files checked. */
static inline int readelf_each(void (*fn)(const char *, const char *, const char *, void *), void *ctx)
{
	const char *list = getenv("PROCBOX_ELF_ORACLE");
	char *text, *line, *save = NULL;
	int files = 0;

	if (!list) {
		print_message("[  SKIP    ] PROCBOX_ELF_ORACLE unset: make check-unit sets it\n");
		skip();
	}
	text = slurp(list, NULL);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char arch[32], elf[512], txt[512];

		if (!strncmp(line, "missing ", 8)) {
			print_message("[  SKIP    ] %s\n", line + 8);
			continue;
		}
		assert_int_equal(sscanf(line, "%31s %511s %511s", arch, elf, txt), 3);
		fn(arch, elf, txt, ctx);
		files++;
	}
	free(text);
	return files;
}

#endif
