/* test_elffile.c: lib/elffile.c. Small files of every class and byte order
 * built here, with known headers, names, build id and load addresses; the
 * same damaged (truncated at every header, headers and sections past the
 * end, a bad section name index, huge counts: errors in one line, never a
 * crash); real files truncated at every header; and real ELF files of all
 * five arches against binutils' readelf (PROCBOX_ELF_ORACLE, made by the
 * Makefile): every section's name, address, offset and size, the build id,
 * the load bias from a mapping of each PT_LOAD. */
#include "elf_build.h"
#include "readelf_oracle.h"

static void file_of_every_form(void **state)
{
	(void)state;
	for (int k = 0; k < 4; k++) {
		struct timg m;
		struct elf_file e;
		struct said s;
		const struct elf_shdr *text, *bss;
		uint8_t *d;

		elf_build(&m, test_forms[k], 0x1234, ET_DYN, NULL, 0);
		assert_int_equal(open_bytes(&e, m.b, m.n, &s), 0);
		assert_int_equal(s.lines, 0);
		assert_int_equal(e.size, m.n);
		assert_memory_equal(&e.form, &test_forms[k], sizeof(e.form));
		assert_int_equal(e.machine, 0x1234);
		assert_int_equal(e.type, ET_DYN);
		assert_int_equal(e.nph, 3);
		assert_int_equal(e.ph[1].type, PT_LOAD);
		assert_int_equal(e.ph[1].offset, DATA_OFF);
		assert_int_equal(e.ph[1].vaddr, DATA_ADDR);
		assert_int_equal(e.ph[1].memsz, 0x80);
		assert_int_equal(e.ph[1].flags, PF_R | PF_W);
		assert_int_equal(e.nsh, TS_N);
		assert_null(e.sh_bad);
		assert_string_equal(elf_section_name(&e, &e.sh[TS_BSS]), ".bss");
		assert_string_equal(elf_section_name(&e, &e.sh[TS_NULL]), "");
		text = elf_section(&e, ".text");
		assert_ptr_equal(text, &e.sh[TS_TEXT]);
		assert_int_equal(text->addr, TEXT_ADDR);
		assert_int_equal(text->offset, TEXT_OFF);
		assert_int_equal(text->size, TEXT_SIZE);
		assert_int_equal(text->flags, SHF_ALLOC | SHF_EXECINSTR);
		assert_null(elf_section(&e, ".tex"));
		assert_null(elf_section(&e, ".text.hot"));
		assert_null(elf_section(&e, ""));
		d = elf_section_data(&e, text, TEXT_SIZE);
		assert_non_null(d);
		assert_memory_equal(d, m.b + TEXT_OFF, TEXT_SIZE);
		free(d);
		assert_null(elf_section_data(&e, text, TEXT_SIZE - 1)); /* over max */
		bss = elf_section(&e, ".bss");
		assert_non_null(bss);
		assert_null(elf_section_data(&e, bss, 1 << 20));      /* NOBITS */
		assert_int_equal(e.build_id_len, sizeof(test_build_id));
		assert_memory_equal(e.build_id, test_build_id, sizeof(test_build_id));
		close_file(&e);
	}
}

/* The build id from PT_NOTE, else from a note section; none if neither */
static void build_id_from_segment_or_section(void **state)
{
	(void)state;
	for (int k = 0; k < 4; k++) {
		struct timg m;
		struct elf_file e;
		struct elf_phdr p;
		struct elf_shdr sh;
		struct said s;

		elf_build(&m, test_forms[k], EM_RISCV, ET_EXEC, NULL, 0);
		tb_phdr(&m, 2, &p, 0);
		p.type = PT_NULL;
		tb_phdr(&m, 2, &p, 1);
		assert_int_equal(open_bytes(&e, m.b, m.n, &s), 0);
		assert_int_equal(e.build_id_len, sizeof(test_build_id));
		assert_memory_equal(e.build_id, test_build_id, sizeof(test_build_id));
		close_file(&e);

		tb_shdr(&m, TS_NOTE, &sh, 0);
		sh.type = SHT_PROGBITS;
		tb_shdr(&m, TS_NOTE, &sh, 1);
		assert_int_equal(open_bytes(&e, m.b, m.n, &s), 0);
		assert_int_equal(e.build_id_len, 0);
		close_file(&e);

		/* a note whose name runs past the segment: no id, no overrun */
		elf_build(&m, test_forms[k], EM_RISCV, ET_EXEC, NULL, 0);
		word_put(m.b + NOTE_OFF, 4, 0xfffffff0u, m.f.order);
		assert_int_equal(open_bytes(&e, m.b, m.n, &s), 0);
		assert_int_equal(e.build_id_len, 0);
		close_file(&e);
		/* a build id longer than 64 bytes: none */
		elf_build(&m, test_forms[k], EM_RISCV, ET_EXEC, NULL, 0);
		word_put(m.b + NOTE_OFF + 32 + 4, 4, 68, m.f.order);
		tb_phdr(&m, 2, &p, 0);
		p.filesz = 32 + 16 + 68;
		tb_phdr(&m, 2, &p, 1);
		assert_int_equal(open_bytes(&e, m.b, m.n, &s), 0);
		assert_int_equal(e.build_id_len, 0);
		close_file(&e);
	}
}

static void mapping_bias_of_each_segment(void **state)
{
	(void)state;
	for (int k = 0; k < 4; k++) {
		uint64_t base = test_forms[k].elfclass == ELFCLASS64 ? 0x7f1234560000ull : 0x40000000ull, bias;
		struct timg m;
		struct elf_file e;
		struct said s;

		elf_build(&m, test_forms[k], EM_AARCH64, ET_DYN, NULL, 0);
		assert_int_equal(open_bytes(&e, m.b, m.n, &s), 0);
		/* the text mapping: file page 0 at base + 0x10000 */
		assert_int_equal(elf_mapping_bias(&e, base + 0x10000, 0, &bias), 0);
		assert_int_equal(bias, base);
		/* the data segment shares page 0: told apart by the protection */
		assert_int_equal(elf_mapping_bias_prot(&e, base + 0x11000, 0, PF_R | PF_W, &bias), 0);
		assert_int_equal(bias, base);
		assert_int_equal(elf_mapping_bias_prot(&e, base + 0x10000, 0, PF_R | PF_X, &bias), 0);
		assert_int_equal(bias, base);
		/* no segment there */
		assert_int_equal(elf_mapping_bias(&e, base, 0x1000, &bias), -1);
		assert_int_equal(elf_mapping_bias(&e, base, ~0xfffull, &bias), -1);
		close_file(&e);

		/* an ET_EXEC at its link address: 0, whichever segment */
		elf_build(&m, test_forms[k], EM_AARCH64, ET_EXEC, NULL, 0);
		assert_int_equal(open_bytes(&e, m.b, m.n, &s), 0);
		assert_int_equal(elf_mapping_bias(&e, 0x10000, 0, &bias), 0);
		assert_int_equal(bias, 0);
		assert_int_equal(elf_mapping_bias(&e, 0x11000, 0, &bias), 0);
		assert_int_equal(bias, 0);
		close_file(&e);
	}
}

/* e must open: -1 and one line naming "T" and why */
static void refused(const void *p, size_t n, const char *why)
{
	struct elf_file e;
	struct said s;

	if (open_bytes(&e, p, n, &s) != -1)
		fail_msg("%zu bytes opened; expected: %s", n, why);
	if (s.lines != 1 || strncmp(s.msg, "procbox: T: ", 12) || !strstr(s.msg, why))
		fail_msg("%zu bytes: said \"%s\", expected one line with \"%s\"", n, s.msg, why);
}

/* e opens, without section headers for the reason why */
static void sections_dropped(struct timg *m, const char *why)
{
	struct elf_file e;
	struct said s;

	assert_int_equal(open_bytes(&e, m->b, m->n, &s), 0);
	assert_int_equal(s.lines, 0);
	assert_int_equal(e.nsh, 0);
	assert_null(e.sh);
	assert_null(elf_section(&e, ".text"));
	if (!e.sh_bad || !strstr(e.sh_bad, why))
		fail_msg("sh_bad \"%s\", expected \"%s\"", e.sh_bad ? e.sh_bad : "(null)", why);
	assert_int_equal(e.nph, 3);
	close_file(&e);
}

static void hostile_headers_give_errors(void **state)
{
	static const uint8_t junk[] = "hello, world\n";
	int pfd[2];

	(void)state;
	refused("", 0, "not an ELF file");
	refused(junk, sizeof(junk), "not an ELF file");
	refused(ELFMAG, SELFMAG, "truncated: ELF header"); /* the magic alone */
	assert_int_equal(pipe(pfd), 0);
	{
		struct elf_file e;
		int saved, cap;
		struct said s;

		said_begin(&saved, &cap);
		assert_int_equal(elf_file_open(&e, pfd[0], "T"), -1); /* at once: never reads */
		said_end(saved, cap, &s);
		assert_non_null(strstr(s.msg, "not a regular file"));
	}
	close(pfd[0]);
	close(pfd[1]);

	for (int k = 0; k < 4; k++) {
		struct timg m, orig;
		struct elf_ehdr h;
		struct elf_shdr sh;
		struct elf_file e;
		struct said s;

		elf_build(&orig, test_forms[k], EM_X86_64, ET_DYN, NULL, 0);
		m = orig;
		m.b[EI_CLASS] = 3;
		refused(m.b, m.n, "bad ELF class");
		m = orig;
		m.b[EI_DATA] = 0;
		refused(m.b, m.n, "bad ELF byte order");
		/* truncated in the ELF header, in each program header */
		m = orig;
		for (size_t n = SELFMAG; n < m.phoff; n++)
			refused(m.b, n, n < EI_NIDENT ? "truncated" : "truncated: ELF header");
		for (size_t n = m.phoff; n < m.phoff + 3 * m.phsz; n++)
			refused(m.b, n, "truncated: program headers past the end of the file");
		/* program headers: too many, bad size, past the end */
		tb_ehdr(&m, &h, 0);
		h.phoff = m.n - m.phsz;
		tb_ehdr(&m, &h, 1);
		refused(m.b, m.n, "program headers past the end");
		h.phoff = ~0ull >> (k < 2 ? 0 : 32);
		tb_ehdr(&m, &h, 1);
		refused(m.b, m.n, "program headers past the end");
		h.phoff = m.phoff, h.phentsize = m.phsz + 8;
		tb_ehdr(&m, &h, 1);
		refused(m.b, m.n, "program header size");
		h.phentsize = m.phsz, h.phnum = PN_XNUM; /* the count in section 0's sh_info */
		tb_ehdr(&m, &h, 1);
		tb_shdr(&m, 0, &sh, 0);
		sh.info = 70000;
		tb_shdr(&m, 0, &sh, 1);
		refused(m.b, m.n, "more than 65535 program headers");
		sh.info = 3;
		tb_shdr(&m, 0, &sh, 1);
		assert_int_equal(open_bytes(&e, m.b, m.n, &s), 0);
		assert_int_equal(e.nph, 3);
		assert_int_equal(e.nsh, TS_N);
		close_file(&e);
		sh.info = 65535;
		tb_shdr(&m, 0, &sh, 1);
		refused(m.b, m.n, "program headers past the end");
		h.shoff = 0;
		tb_ehdr(&m, &h, 1);
		refused(m.b, m.n, "PN_XNUM");

		/* section headers: cut, past the end, too many, bad size, bad names */
		for (size_t n = orig.shoff; n < orig.n; n += 7) {
			m = orig;
			m.n = n;
			sections_dropped(&m, "section headers past the end");
		}
		m = orig;
		tb_ehdr(&m, &h, 0);
		h.shoff = ~0ull >> (k < 2 ? 1 : 33);
		tb_ehdr(&m, &h, 1);
		sections_dropped(&m, "section headers past the end");
		h.shoff = m.shoff, h.shentsize = 12;
		tb_ehdr(&m, &h, 1);
		sections_dropped(&m, "section header size");
		h.shentsize = m.shsz, h.shnum = 0; /* the count in section 0's sh_size */
		tb_ehdr(&m, &h, 1);
		tb_shdr(&m, 0, &sh, 0);
		sh.size = 1ull << (k < 2 ? 40 : 31);
		tb_shdr(&m, 0, &sh, 1);
		sections_dropped(&m, "more than 65535 section headers");
		sh.size = 65535;
		tb_shdr(&m, 0, &sh, 1);
		sections_dropped(&m, "section headers past the end");
		sh.size = TS_N;
		tb_shdr(&m, 0, &sh, 1);
		assert_int_equal(open_bytes(&e, m.b, m.n, &s), 0);
		assert_int_equal(e.nsh, TS_N);
		close_file(&e);
		h.shnum = TS_N, h.shstrndx = TS_N;
		tb_ehdr(&m, &h, 1);
		sections_dropped(&m, "section name table index out of range");
		h.shstrndx = 0;
		tb_ehdr(&m, &h, 1);
		sections_dropped(&m, "section name table index out of range");
		h.shstrndx = SHN_XINDEX; /* the index in section 0's sh_link */
		tb_ehdr(&m, &h, 1);
		sh.link = TS_SHSTRTAB;
		tb_shdr(&m, 0, &sh, 1);
		assert_int_equal(open_bytes(&e, m.b, m.n, &s), 0);
		assert_ptr_equal(elf_section(&e, ".data"), &e.sh[TS_DATA]);
		close_file(&e);
		sh.link = 9999;
		tb_shdr(&m, 0, &sh, 1);
		sections_dropped(&m, "section name table index out of range");

		m = orig;
		tb_shdr(&m, TS_SHSTRTAB, &sh, 0);
		sh.offset = m.n;
		tb_shdr(&m, TS_SHSTRTAB, &sh, 1);
		sections_dropped(&m, "section name table past the end");
		sh.offset = 0, sh.size = ~0ull >> (k < 2 ? 0 : 32);
		tb_shdr(&m, TS_SHSTRTAB, &sh, 1);
		sections_dropped(&m, "section name table past the end");
		sh.type = SHT_NOBITS, sh.size = 16;
		tb_shdr(&m, TS_SHSTRTAB, &sh, 1);
		sections_dropped(&m, "section name table past the end");

		/* a name table without its last NUL, a name offset past it */
		m = orig;
		tb_shdr(&m, TS_SHSTRTAB, &sh, 0);
		sh.size -= 2; /* ".bss" becomes ".bs", unterminated */
		tb_shdr(&m, TS_SHSTRTAB, &sh, 1);
		tb_shdr(&m, TS_DATA, &sh, 0);
		sh.name = 0x7fffffff;
		tb_shdr(&m, TS_DATA, &sh, 1);
		assert_int_equal(open_bytes(&e, m.b, m.n, &s), 0);
		assert_string_equal(elf_section_name(&e, &e.sh[TS_BSS]), ".bs");
		assert_string_equal(elf_section_name(&e, &e.sh[TS_DATA]), "");
		assert_null(elf_section(&e, ".bss"));
		assert_null(elf_section(&e, ".data"));
		close_file(&e);

		/* sections past the end, or of sizes that would wrap: no data */
		m = orig;
		tb_shdr(&m, TS_TEXT, &sh, 0);
		sh.offset = m.n - 16;
		tb_shdr(&m, TS_TEXT, &sh, 1);
		tb_shdr(&m, TS_DATA, &sh, 0);
		sh.offset = 16, sh.size = ~0ull - 8;
		tb_shdr(&m, TS_DATA, &sh, 1);
		assert_int_equal(open_bytes(&e, m.b, m.n, &s), 0);
		assert_null(elf_section_data(&e, elf_section(&e, ".text"), ~0ull));
		assert_null(elf_section_data(&e, elf_section(&e, ".data"), ~0ull));
		assert_null(elf_section_data(&e, NULL, ~0ull));
		close_file(&e);
	}
}

/* A real file cut at each of its headers: the ELF and program headers are
 * needed, the section headers are not */
static void cut(const uint8_t *b, size_t at, int ok)
{
	struct elf_file e;
	struct said s;

	if (!ok) {
		refused(b, at, "truncated");
		return;
	}
	assert_int_equal(open_bytes(&e, b, at, &s), 0);
	assert_int_equal(e.nsh, 0);
	assert_non_null(e.sh_bad);
	close_file(&e);
}

static void real_files_cut_at_every_header(void **state)
{
	static const char *const arches[] = { "x86_64", "armv7l" }; /* a 64- and a 32-bit file */

	(void)state;
	for (int a = 0; a < 2; a++) {
		size_t n;
		uint8_t *b = (uint8_t *)slurp(data_path("cores/%s/target", arches[a]), &n);
		struct elf_form f = { b[EI_CLASS], b[EI_DATA] };
		struct elf_ehdr h;
		size_t ehsz = elf_rec_size(ELF_EHDR, f);

		elf_rec_get(ELF_EHDR, f, b, &h);
		assert_true(h.shoff + h.shnum * h.shentsize == n); /* the section headers last */
		for (size_t at = SELFMAG; at < ehsz; at++)
			cut(b, at, 0);
		for (size_t i = 0; i < h.phnum; i++)
			for (size_t d = 0; d < h.phentsize; d += h.phentsize / 4)
				cut(b, h.phoff + i * h.phentsize + d, 0);
		for (size_t i = 0; i < h.shnum; i++)
			for (size_t d = 0; d < h.shentsize; d += h.shentsize / 4)
				cut(b, h.shoff + i * h.shentsize + d, 1);
		free(b);
	}
}

/* ---- the readelf oracle ---- */

struct tally {
	long files, sections, loads, ids, mismatches;
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

static void check_file(const char *arch, const char *path, const char *txt, void *ctx)
{
	struct tally *t = ctx;
	struct readelf r;
	struct elf_file e;
	char hex[129] = "";
	long m0 = t->mismatches, loads = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	readelf_parse(&r, txt);
	if (fd < 0)
		fail_msg("%s: %s", path, strerror(errno));
	assert_int_equal(elf_file_open(&e, fd, path), 0);
	if (e.type != r.type)
		mismatch(t, path, "type %u, readelf's %u", e.type, r.type);
	if ((long)e.nph != r.phnum)
		mismatch(t, path, "%zu program headers, readelf's %ld", e.nph, r.phnum);
	if ((long)e.nsh != r.shnum || e.nsh != r.nsec || e.sh_bad)
		mismatch(t, path, "%zu section headers (%s), readelf's %ld", e.nsh, e.sh_bad ? e.sh_bad : "",
			 r.shnum);
	for (size_t i = 1; i < e.nsh && i < r.nsec; i++) {
		const struct ro_sec *o = &r.sec[i];
		const struct elf_shdr *sh = &e.sh[i];
		const struct elf_shdr *named = elf_section(&e, o->name);

		t->sections++;
		if (strcmp(elf_section_name(&e, sh), o->name) || sh->addr != o->addr || sh->offset != o->off ||
		    sh->size != o->size)
			mismatch(t, path, "section %zu: %s %#llx %#llx %#llx, readelf's %s %#llx %#llx %#llx", i,
				 elf_section_name(&e, sh), (unsigned long long)sh->addr,
				 (unsigned long long)sh->offset, (unsigned long long)sh->size, o->name,
				 (unsigned long long)o->addr, (unsigned long long)o->off, (unsigned long long)o->size);
		if (!named || strcmp(elf_section_name(&e, named), o->name))
			mismatch(t, path, "elf_section(\"%s\") finds no section of that name", o->name);
		if (!!(sh->flags & SHF_EXECINSTR) != o->exec)
			mismatch(t, path, "section %s: executable %d, readelf's %d", o->name,
				 !!(sh->flags & SHF_EXECINSTR), o->exec);
	}
	for (size_t i = 0; i < e.build_id_len; i++)
		snprintf(hex + 2 * i, 3, "%02x", e.build_id[i]);
	if (strcmp(hex, r.build_id))
		mismatch(t, path, "build id \"%s\", readelf's \"%s\"", hex, r.build_id);
	t->ids += e.build_id_len > 0;

	/* each PT_LOAD mapped from its first page and from its next (as RELRO
	 * splits a segment), at a made-up address (0 too for an executable:
	 * where it is linked); not from a page where another segment starts,
	 * whose mapping that would be */
	for (size_t i = 0; i < e.nph; i++)
		loads += e.ph[i].type == PT_LOAD;
	if (loads != (long)r.nload)
		mismatch(t, path, "%ld PT_LOADs, readelf's %zu", loads, r.nload);
	for (size_t i = 0; i < r.nload; i++) {
		const struct ro_load *l = &r.load[i];
		uint64_t bases[2] = { e.form.elfclass == ELFCLASS64 ? 0x7f5a5a000000ull : 0x5a000000ull, 0 };
		unsigned pf = 0;
		int next_page = 1;

		for (size_t j = 0; j < e.nph; j++) {
			if (e.ph[j].type == PT_LOAD && e.ph[j].offset == l->off && e.ph[j].vaddr == l->vaddr)
				pf = e.ph[j].flags;
			if (e.ph[j].type == PT_LOAD && e.ph[j].offset != l->off &&
			    (e.ph[j].offset & ~0xfffull) == (l->off & ~0xfffull) + 0x1000)
				next_page = 0;
		}
		if (!pf)
			mismatch(t, path, "no PT_LOAD at offset %#llx", (unsigned long long)l->off);
		if (!l->filesz)
			continue;
		t->loads++;
		for (int b = 0; b < 1 + (e.type == ET_EXEC); b++) {
			uint64_t start = bases[b] + (l->vaddr & ~0xfffull), pgoff = l->off & ~0xfffull, bias = 1;

			if (elf_mapping_bias_prot(&e, start, pgoff, pf, &bias) || bias != bases[b])
				mismatch(t, path, "mapping of the PT_LOAD at %#llx: bias %#llx, not %#llx",
					 (unsigned long long)l->off, (unsigned long long)bias,
					 (unsigned long long)bases[b]);
			if (next_page && pgoff + 0x1000 < l->off + l->filesz &&
			    (elf_mapping_bias_prot(&e, start + 0x1000, pgoff + 0x1000, pf, &bias) || bias != bases[b]))
				mismatch(t, path, "a mapping of the PT_LOAD at %#llx from its second page: bias %#llx",
					 (unsigned long long)l->off, (unsigned long long)bias);
		}
	}
	print_message("[ ORACLE   ] %s (%s): %zu sections, %zu PT_LOADs, build id %s, %ld mismatches\n", path,
		      arch, e.nsh, r.nload, hex[0] ? hex : "none", t->mismatches - m0);
	t->files++;
	elf_file_close(&e);
	close(fd);
	readelf_free(&r);
}

static void headers_match_readelf(void **state)
{
	struct tally t = { 0 };

	(void)state;
	readelf_each(check_file, &t);
	if (t.mismatches > 20)
		print_message("(the first 20 mismatches shown)\n");
	print_message("[ ORACLE   ] %ld files: %ld sections, %ld PT_LOADs, %ld build ids\n", t.files, t.sections,
		      t.loads, t.ids);
	assert_int_equal(t.mismatches, 0);
	assert_true(t.files > 0 && t.sections > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(file_of_every_form),
		cmocka_unit_test(build_id_from_segment_or_section),
		cmocka_unit_test(mapping_bias_of_each_segment),
		cmocka_unit_test(hostile_headers_give_errors),
		cmocka_unit_test(real_files_cut_at_every_header),
		cmocka_unit_test(headers_match_readelf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
