/* test_core_read.c: lib/core_read.c on real kernel cores, damaged cores and PN_XNUM */
#include <elf.h>

#include "testutil.h"
#include "core_read.h"

/* the fixture cases (tests/data/cores/CASE), listed by main() */
static char **cases;

static int lines(const char *s)
{
	return count_lines(s);
}

/* One PT_LOAD per maps line, in order, with the same ranges (fixture README, point 5). */
static void real_cores_have_a_segment_per_mapping(void **state)
{
	(void)state;
	for (size_t i = 0; cases[i]; i++) {
		char *maps = slurp(data_path("cores/%s/maps", cases[i]), NULL);
		char *exp = slurp(data_path("cores/%s/expected.txt", cases[i]), NULL);
		const char *p = maps;
		struct core c;

		assert_int_equal(core_open(&c, fixture_core(cases[i])), 0);
		assert_int_equal(c.nsegs, lines(maps));
		assert_int_equal(c.nsegs, atoi(kv_get(exp, "pt_load")));
		for (size_t s = 0; s < c.nsegs; s++, p = strchr(p, '\n') + 1) {
			unsigned long long lo = strtoull(p, NULL, 16), hi = strtoull(strchr(p, '-') + 1, NULL, 16);

			assert_true(c.segs[s].vaddr == lo);
			assert_true(c.segs[s].memsz == hi - lo);
			assert_true(c.segs[s].filesz <= c.segs[s].memsz);
			assert_true(c.segs[s].offset + c.segs[s].filesz <= c.size);
		}
		core_close(&c);
		free(maps);
		free(exp);
	}
}

/* Note count, order and sizes equal the independent parse in expected.txt. */
static void real_cores_notes_match_expected(void **state)
{
	(void)state;
	for (size_t i = 0; cases[i]; i++) {
		char *exp = slurp(data_path("cores/%s/expected.txt", cases[i]), NULL);
		struct core c;
		struct core_note n;
		size_t pos = 0;
		int k = 0;

		assert_int_equal(core_open(&c, fixture_core(cases[i])), 0);
		while (core_note_next(&c, &pos, &n) > 0) {
			char key[32], want[96];
			const char *v;

			snprintf(key, sizeof(key), "note.%d", k++);
			v = kv_get(exp, key);
			assert_non_null(v);
			snprintf(want, sizeof(want), "%s %#x", n.name, n.type);
			assert_true(!strncmp(v, want, strlen(want)));
			assert_int_equal(atoi(strrchr(v, ' ') + 1), n.descsz);
		}
		assert_true(k > 5);
		assert_int_equal(pos, c.notes_size);
		core_close(&c);
		free(exp);
	}
}

/* Each thread's tid, signal and pc as the independent parse says
 * (expected.txt: thread.N), and its register sets: the notes between its
 * NT_PRSTATUS and the next that the arch's table has, in order. */
static void real_cores_threads_and_their_sets(void **state)
{
	(void)state;
	for (size_t i = 0; cases[i]; i++) {
		char *exp = slurp(data_path("cores/%s/expected.txt", cases[i]), NULL);
		const char *v;
		struct core c;
		struct core_thread t;
		struct core_note n;
		const struct arch_regset *rs;
		size_t pos = 0;
		int k = 0, note = 0;

		assert_int_equal(core_open(&c, fixture_core(cases[i])), 0);
		while (core_thread_next(&c, &pos, &t) == 1) {
			char key[32], want[96], owner[16];
			unsigned type;

			snprintf(key, sizeof(key), "thread.%d", k++);
			assert_non_null(v = kv_get(exp, key));
			snprintf(want, sizeof(want), "tid %d cursig %d pc %#llx", (int)t.tid, t.cursig,
				 (unsigned long long)arch_reg_value(arch_reg_by_role(c.arch, ROLE_PC), t.pr_reg));
			assert_string_equal(v, want);
			/* its NT_PRSTATUS in the notes, then the sets after it */
			do {
				snprintf(key, sizeof(key), "note.%d", note++);
				assert_non_null(v = kv_get(exp, key));
			} while (strtoul(strchr(v, ' ') + 1, NULL, 16) != NT_PRSTATUS);
			while ((rs = core_thread_set(&c, &t, &n))) {
				do { /* the notes the table does not have (NT_PRPSINFO, NT_AUXV, ...) */
					snprintf(key, sizeof(key), "note.%d", note++);
					assert_non_null(v = kv_get(exp, key));
					assert_int_equal(sscanf(v, "%15s %x", owner, &type), 2);
					assert_int_not_equal(type, NT_PRSTATUS);
				} while (!arch_regset(c.arch, type));
				assert_int_equal(rs->type, type);
				assert_int_equal(n.type, type);
				assert_string_equal(n.name, owner);
			}
			assert_null(core_thread_set(&c, &t, &n)); /* and stays at the end */
			/* none left out: no set of the table before the next thread */
			for (int m = note; snprintf(key, sizeof(key), "note.%d", m), (v = kv_get(exp, key)); m++) {
				assert_int_equal(sscanf(v, "%15s %x", owner, &type), 2);
				if (type == NT_PRSTATUS)
					break;
				assert_null(arch_regset(c.arch, type));
			}
		}
		assert_int_equal(k, atoi(kv_get(exp, "threads")));
		core_close(&c);
		free(exp);
	}
}

static char tmp[64];

static void write_tmp(const void *buf, size_t len)
{
	int fd;

	strcpy(tmp, "/tmp/procbox-coreXXXXXX");
	fd = mkstemp(tmp);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	close(fd);
}

static int open_tmp(struct core *c)
{
	int r = core_open(c, tmp);

	unlink(tmp);
	return r;
}

static void damaged_cores_are_refused(void **state)
{
	size_t len;
	char *core = slurp(fixture_core("aarch64"), &len);
	Elf64_Ehdr *e = (Elf64_Ehdr *)core;
	Elf64_Phdr *ph = (Elf64_Phdr *)(core + e->e_phoff);
	size_t cuts[] = { 0, 10, sizeof(*e), e->e_phoff + sizeof(*ph) * 3, ph[0].p_offset + 100 };
	struct core c;

	(void)state;
	assert_int_equal(ph[0].p_type, PT_NOTE);
	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		write_tmp(core, cuts[i]);
		assert_int_equal(open_tmp(&c), -1);
	}
	/* not a core: an ELF executable, and a text file */
	free(core);
	core = slurp(data_path("cores/aarch64/target"), &len);
	write_tmp(core, len);
	assert_int_equal(open_tmp(&c), -1);
	write_tmp("hello\n", 6);
	assert_int_equal(open_tmp(&c), -1);
	free(core);
}

/* A FIFO would block open() until a writer came: refused at once instead
 * (the alarm ends the test if it blocks). */
static void a_fifo_is_refused_without_blocking(void **state)
{
	char path[64] = "/tmp/procbox-fifoXXXXXX";
	struct core c;
	int saved;

	(void)state;
	assert_non_null(mkdtemp(path));
	strcat(path, "/core");
	assert_int_equal(mkfifo(path, 0600), 0);
	alarm(10);
	saved = stderr_off();
	assert_int_equal(core_open(&c, path), -1);
	stderr_on(saved);
	alarm(0);
	unlink(path);
	*strrchr(path, '/') = 0;
	rmdir(path);
}

static void lying_note_sizes_stop_the_walk(void **state)
{
	size_t len, pos = 0;
	char *core = slurp(fixture_core("armv7l"), &len);
	Elf32_Ehdr *e = (Elf32_Ehdr *)core;
	Elf32_Phdr *ph = (Elf32_Phdr *)(core + e->e_phoff);
	uint32_t *note = (uint32_t *)(core + ph[0].p_offset);
	struct core c;
	struct core_note n;

	(void)state;
	note[1] = 0xfffffff0; /* descsz of the first note */
	write_tmp(core, len);
	assert_int_equal(open_tmp(&c), 0);
	assert_int_equal(core_note_next(&c, &pos, &n), -1);
	core_close(&c);
	note[1] = 148;
	note[0] = ph[0].p_filesz - 8; /* name fits, name + desc do not */
	write_tmp(core, len);
	assert_int_equal(open_tmp(&c), 0);
	pos = 0;
	assert_int_equal(core_note_next(&c, &pos, &n), -1);
	core_close(&c);
	free(core);
}

/* More than 65534 segments: e_phnum = PN_XNUM, the count in section 0's sh_info. */
static void pn_xnum_counts_come_from_section_zero(void **state)
{
	const uint32_t nseg = 70000;
	size_t len = sizeof(Elf64_Ehdr) + sizeof(Elf64_Shdr) + nseg * sizeof(Elf64_Phdr);
	char *buf = calloc(1, len);
	Elf64_Ehdr *e = (Elf64_Ehdr *)buf;
	Elf64_Shdr *sh = (Elf64_Shdr *)(e + 1);
	Elf64_Phdr *ph = (Elf64_Phdr *)(sh + 1);
	struct core c;
	struct core_note n;
	size_t pos = 0;

	(void)state;
	memcpy(e->e_ident, ELFMAG, SELFMAG);
	e->e_ident[EI_CLASS] = ELFCLASS64;
	e->e_ident[EI_DATA] = ELFDATA2LSB;
	e->e_ident[EI_VERSION] = EV_CURRENT;
	e->e_type = ET_CORE;
	e->e_machine = EM_RISCV;
	e->e_phoff = (char *)ph - buf;
	e->e_phentsize = sizeof(*ph);
	e->e_phnum = PN_XNUM;
	e->e_shoff = (char *)sh - buf;
	e->e_shentsize = sizeof(*sh);
	e->e_shnum = 1;
	sh->sh_info = nseg;
	for (uint32_t i = 0; i < nseg; i++) {
		ph[i].p_type = PT_LOAD;
		ph[i].p_vaddr = 0x10000 + (uint64_t)i * 0x2000;
		ph[i].p_memsz = 0x1000;
	}
	write_tmp(buf, len);
	assert_int_equal(open_tmp(&c), 0);
	assert_string_equal(c.arch->name, "riscv64");
	assert_int_equal(c.nsegs, nseg);
	assert_true(c.segs[nseg - 1].vaddr == 0x10000 + (uint64_t)(nseg - 1) * 0x2000);
	assert_int_equal(core_note_next(&c, &pos, &n), 0); /* no PT_NOTE: no notes, and no UB */
	core_close(&c);

	/* a count that does not fit in the file is refused, not trusted */
	sh->sh_info = nseg + 1;
	write_tmp(buf, len);
	assert_int_equal(open_tmp(&c), -1);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_cores_have_a_segment_per_mapping),
		cmocka_unit_test(real_cores_notes_match_expected),
		cmocka_unit_test(real_cores_threads_and_their_sets),
		cmocka_unit_test(damaged_cores_are_refused),
		cmocka_unit_test(a_fifo_is_refused_without_blocking),
		cmocka_unit_test(lying_note_sizes_stop_the_walk),
		cmocka_unit_test(pn_xnum_counts_come_from_section_zero),
	};

	cases = fixture_cases();
	return cmocka_run_group_tests_name("core_read", tests, NULL, NULL);
}
