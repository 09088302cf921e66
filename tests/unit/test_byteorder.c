/* test_byteorder.c: lib/byteorder.c, and every path that reads or writes a
 * register's or a core's words through it, on a big-endian twin of an arch
 * table: a path that ignored the arch's byte order would read its words
 * reversed. */
#include <elf.h>
#include <signal.h>

#include "testutil.h"
#include "arch.h"
#include "byteorder.h"
#include "core_read.h"
#include "core_write.h"
#include "elfrec.h"

static void words_in_either_order(void **state)
{
	unsigned char b[8];

	(void)state;
	put32(b, 0x11223344, ELFDATA2LSB);
	assert_memory_equal(b, "\x44\x33\x22\x11", 4);
	assert_int_equal(get32(b, ELFDATA2LSB), 0x11223344);
	assert_int_equal(get32(b, ELFDATA2MSB), 0x44332211);
	put32(b, 0x11223344, ELFDATA2MSB);
	assert_memory_equal(b, "\x11\x22\x33\x44", 4);
	assert_int_equal(get32(b, ELFDATA2MSB), 0x11223344);
	put16(b, 0xabcd, ELFDATA2MSB);
	assert_memory_equal(b, "\xab\xcd", 2);
	assert_int_equal(get16(b, ELFDATA2LSB), 0xcdab);
	put64(b, 0x0102030405060708ull, ELFDATA2MSB);
	assert_memory_equal(b, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	assert_true(get64(b, ELFDATA2MSB) == 0x0102030405060708ull);
	assert_true(get64(b, ELFDATA2LSB) == 0x0807060504030201ull);
	/* a word of the class's size: 4 or 8 bytes */
	word_put(b, 4, 0xfffffffe, ELFDATA2MSB);
	assert_true(word_get(b, 4, ELFDATA2MSB) == 0xfffffffe);
}

/* arch's table, every register of it and of its sets in big-endian order
 * (what a big-endian build of the same arch would be) */
static struct arch *big_endian_twin(const struct arch *a)
{
	struct arch *t = malloc(sizeof(*t));
	struct arch_reg *regs = malloc(a->nregs * sizeof(*regs));
	struct arch_regset *sets = malloc(a->nregsets * sizeof(*sets));

	*t = *a;
	t->byteorder = ELFDATA2MSB;
	for (int i = 0; i < a->nregs; i++)
		regs[i] = a->regs[i], regs[i].order = ELFDATA2MSB;
	t->regs = regs;
	for (int i = 0; i < a->nregsets; i++) {
		struct arch_reg *r = malloc((a->regsets[i].nregs + 1) * sizeof(*r));

		sets[i] = a->regsets[i];
		for (int j = 0; j < sets[i].nregs; j++)
			r[j] = sets[i].regs[j], r[j].order = ELFDATA2MSB;
		sets[i].regs = r;
	}
	t->regsets = sets;
	return t;
}

static void twin_free(struct arch *t)
{
	for (int i = 0; i < t->nregsets; i++)
		free((void *)t->regsets[i].regs);
	free((void *)t->regsets);
	free((void *)t->regs);
	free(t);
}

/* pc's bytes in each order; arch_reg_value and arch_reg_hex read the twin's
 * big-endian, the table's little-endian */
static void registers_in_the_arch_order(void **state)
{
	struct arch *be = big_endian_twin(&arch_aarch64);
	const struct arch_reg *pc = arch_reg_by_role(be, ROLE_PC), *pc_le = arch_reg_by_role(&arch_aarch64, ROLE_PC);
	const struct arch_regset *fp = arch_regset(be, NT_PRFPREG);
	unsigned char set[1024] = { 0 }, fpset[528] = { 0 };
	char hex[68];

	(void)state;
	assert_int_equal(pc->order, ELFDATA2MSB);
	put64(set + pc->off, 0x0000ffffa1b2c3d4ull, ELFDATA2MSB);
	assert_true(arch_reg_value(pc, set) == 0x0000ffffa1b2c3d4ull);
	assert_true(arch_reg_value(pc_le, set) == 0xd4c3b2a1ffff0000ull);
	assert_string_equal(arch_reg_hex(pc, set, hex), "0xffffa1b2c3d4");
	assert_string_equal(arch_reg_hex(pc_le, set, hex), "0xd4c3b2a1ffff0000");
	/* a 128-bit vector register: its most significant byte first */
	fpset[0] = 0x12, fpset[15] = 0x34;
	assert_string_equal(arch_reg_hex(&fp->regs[0], fpset, hex), "0x12000000000000000000000000000034");
	assert_string_equal(arch_reg_hex(&arch_regset(&arch_aarch64, NT_PRFPREG)->regs[0], fpset, hex),
			    "0x34000000000000000000000000000012");
	twin_free(be);
}

static char path[96];

static void set_path(void)
{
	snprintf(path, sizeof(path), "/tmp/procbox-test-be.%d", (int)getpid());
	unlink(path);
}

static void write_file(const void *buf, size_t len)
{
	int fd;

	set_path();
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	close(fd);
}

/* A big-endian 32-bit core written by hand, byte by byte: the reader takes
 * its header and its PT_LOAD as they are, for an arch of that byte order. */
static void big_endian_header_read(void **state)
{
	static const unsigned char core[52 + 32] = {
		0x7f, 'E', 'L', 'F', ELFCLASS32, ELFDATA2MSB, EV_CURRENT, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, ET_CORE, 0, EM_ARM, 0, 0, 0, 1,          /* e_type, e_machine, e_version */
		0, 0, 0, 0, 0, 0, 0, 52, 0, 0, 0, 0,        /* e_entry, e_phoff, e_shoff */
		0, 0, 0, 0, 0, 52, 0, 32, 0, 1, 0, 40, 0, 0, 0, 0, /* e_flags, ehsize, phentsize, phnum... */
		0, 0, 0, PT_LOAD, 0, 0, 0, 0, 0x00, 0x01, 0x20, 0x00, 0, 0, 0, 0, /* type offset vaddr paddr */
		0, 0, 0, 0, 0, 0, 0x30, 0x00, 0, 0, 0, PF_R | PF_W, 0, 0, 0x10, 0x00, /* filesz memsz flags align */
	};
	struct arch *be = big_endian_twin(&arch_armv7l);
	const struct arch *among[] = { be, NULL };
	struct elf_ehdr h;
	struct core c;
	int saved;

	(void)state;
	elf_rec_get(ELF_EHDR, (struct elf_form){ ELFCLASS32, ELFDATA2MSB }, core, &h);
	assert_int_equal(h.type, ET_CORE);
	assert_int_equal(h.machine, EM_ARM);
	assert_int_equal(h.phoff, 52);
	assert_int_equal(h.phentsize, 32);
	assert_int_equal(h.phnum, 1);
	write_file(core, sizeof(core));
	assert_int_equal(core_open_among(&c, path, among), 0);
	assert_ptr_equal(c.arch, be);
	assert_int_equal(c.nsegs, 1);
	assert_int_equal(c.segs[0].vaddr, 0x12000);
	assert_int_equal(c.segs[0].memsz, 0x3000);
	assert_int_equal(c.segs[0].filesz, 0);
	assert_int_equal(c.segs[0].flags, PF_R | PF_W);
	core_close(&c);
	/* procbox's own tables have no big-endian arm */
	saved = stderr_off();
	assert_int_equal(core_open(&c, path), -1);
	stderr_on(saved);
	unlink(path);
	twin_free(be);
}

static int pattern(void *ctx, const struct core_map *m, struct outfile *o)
{
	char page[4096];

	(void)ctx;
	memset(page, 0x5a, sizeof(page));
	return outfile_write(o, page, m->dump);
}

/* A core of a big-endian twin, 64- and 32-bit, written and read back: the
 * ELF header and program headers, NT_PRSTATUS (tid, cursig, a register,
 * pr_fpvalid), NT_PRPSINFO, NT_SIGINFO and NT_FILE each in the twin's byte
 * order, the note headers too; the auxv scanned in the twin's word size. */
static void big_endian_core_round_trip(void **state)
{
	const struct arch *arches[] = { &arch_aarch64, &arch_armv7l };

	(void)state;
	for (int k = 0; k < 2; k++) {
		struct arch *be = big_endian_twin(arches[k]);
		const struct arch *among[] = { be, NULL };
		struct elf_form f = ELF_FORM(be);
		unsigned w = elf_word(f);
		const struct arch_reg *pc = arch_reg_by_role(be, ROLE_PC);
		struct coredump cd = { .arch = be, .page_size = 4096 };
		struct core_map m = { .start = 0x10000, .end = 0x13000, .dump = 4096, .flags = PF_R | PF_W, .file = 1 };
		struct proc_facts p = { .pid = 4660, .ppid = 1, .pgrp = 4660, .sid = 4660, .state = 'S', .uid = 1000,
					.gid = 1000, .fname = "be-target" };
		struct thread_facts t = { .tid = 4661, .sigpend = 0x100, .utime = 2500000 };
		struct ntfile files = { 0 };
		unsigned char regs[512] = { 0 }, auxv[64] = { 0 }, *raw;
		struct core c;
		struct core_thread th;
		struct core_note n;
		struct core_file *cf;
		struct elf_prpsinfo i;
		struct elf_siginfo si;
		struct outfile o;
		uint64_t page;
		size_t pos = 0, len;

		word_put(regs + pc->off, pc->size, 0x12345678, ELFDATA2MSB);
		/* auxv: AT_PAGESZ 4096, AT_NULL, then what a 64-bit kernel adds */
		word_put(auxv, w, AT_PAGESZ, ELFDATA2MSB), word_put(auxv + w, w, 4096, ELFDATA2MSB);
		word_put(auxv + 4 * w, w, 99, ELFDATA2MSB);
		assert_int_equal(core_auxv_len(be, auxv, sizeof(auxv)), 4 * w);
		assert_int_equal(core_map_add(&cd, &m), 0);
		m.name = ntfile_add(&files, be, m.start, m.end, 2, "/lib/be.so");
		assert_int_equal(note_prstatus(&cd.notes, be, &p, &t, SIGSEGV, regs, 1), 0);
		assert_int_equal(note_prpsinfo(&cd.notes, be, &p), 0);
		assert_int_equal(note_siginfo(&cd.notes, be, SIGSEGV, 77, 1000), 0);
		assert_int_equal(note_file(&cd.notes, be, &files, 4096, 1, NT_FILE_LIMIT), 0);
		/* the first note's header: namesz 5 ("CORE"), big-endian */
		assert_memory_equal(cd.notes.p, "\0\0\0\5", 4);
		set_path();
		assert_int_equal(outfile_open(&o, path, 0), 0);
		assert_int_equal(core_write(&cd, &o, pattern, NULL), 0);
		assert_int_equal(outfile_close(&o), 0);

		raw = (unsigned char *)slurp(path, &len);
		assert_int_equal(raw[EI_DATA], ELFDATA2MSB);
		assert_int_equal(raw[18] << 8 | raw[19], be->machine); /* e_machine */
		free(raw);
		assert_int_equal(core_open_among(&c, path, among), 0);
		assert_ptr_equal(c.arch, be);
		assert_int_equal(c.nsegs, 1);
		assert_true(c.segs[0].vaddr == 0x10000 && c.segs[0].memsz == 0x3000 && c.segs[0].filesz == 4096);
		assert_int_equal(core_thread_next(&c, &pos, &th), 1);
		assert_int_equal(th.tid, 4661);
		assert_int_equal(th.cursig, SIGSEGV);
		assert_true(arch_reg_value(pc, th.pr_reg) == 0x12345678);
		assert_int_equal(get32(th.pr_reg + be->pr_reg_size, ELFDATA2MSB), 1); /* pr_fpvalid */
		assert_int_equal(core_thread_next(&c, &pos, &th), 0);
		assert_int_equal(core_note_find(&c, "CORE", NT_PRPSINFO, &n), 1);
		elf_rec_get(ELF_PRPSINFO, f, n.desc, &i);
		assert_true(i.pid == 4660 && i.uid == 1000 && i.sname == 'S' && !strcmp(i.fname, "be-target"));
		assert_int_equal(core_note_find(&c, "CORE", NT_SIGINFO, &n), 1);
		elf_rec_get(ELF_SIGINFO, f, n.desc, &si);
		assert_true(si.signo == SIGSEGV && si.pid == 77 && si.uid == 1000);
		assert_int_equal(core_files(&c, &cf, &page), 1);
		assert_true(cf[0].start == 0x10000 && cf[0].end == 0x13000 && cf[0].pgoff == 2 && page == 4096);
		assert_string_equal(cf[0].name, "/lib/be.so");
		free(cf);
		core_close(&c);
		unlink(path);
		ntfile_free(&files);
		coredump_free(&cd);
		twin_free(be);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(words_in_either_order),
		cmocka_unit_test(registers_in_the_arch_order),
		cmocka_unit_test(big_endian_header_read),
		cmocka_unit_test(big_endian_core_round_trip),
	};

	return cmocka_run_group_tests_name("byteorder", tests, NULL, NULL);
}
