/* test_core_write.c: the core writer (lib/core_write.c), with the plan of
 * lib/dumprules.c. From each fixture's smaps, registers and auxv it rebuilds
 * the kernel's own core of that process and must get the same bytes, on
 * every arch. */
#include <elf.h>

#include "core_layout.h"
#include "core_read.h"
#include "core_write.h"
#include "dumprules.h"
#include "maps.h"
#include "smaps.h"
#include "testutil.h"

/* the fixture cases (tests/data/cores/CASE), listed by main() */
static char **cases;

/* the fixtures' target is the one executable file they map */
static int is_target(void *ctx, const struct region *r)
{
	size_t n = strlen(r->name);

	(void)ctx;
	return n >= 7 && !strcmp(r->name + n - 7, "/target");
}

/* the memory: the real core's bytes of the same mapping */
static int from_real(void *ctx, const struct core_map *m, struct outfile *o)
{
	const struct core *c = ctx;
	char buf[65536];

	for (size_t i = 0; i < c->nsegs; i++) {
		if (c->segs[i].vaddr != m->start)
			continue;
		for (uint64_t done = 0; done < m->dump;) {
			size_t n = m->dump - done < sizeof(buf) ? m->dump - done : sizeof(buf);

			assert_int_equal(pread(c->fd, buf, n, c->segs[i].offset + done), n);
			if (outfile_write(o, buf, n))
				return -1;
			done += n;
		}
		return 0;
	}
	fail_msg("no segment at %#llx in the real core", (unsigned long long)m->start);
	return -1;
}

static uint64_t us(int64_t sec, int64_t usec)
{
	return sec * 1000000 + usec;
}

/* the thread's fields out of a struct prstatus_head64 or _head32 */
#define THREAD_FROM(HEAD)                                                                                       \
	do {                                                                                                    \
		struct HEAD h;                                                                                  \
                                                                                                                \
		memcpy(&h, n->desc, sizeof(h));                                                                 \
		t = (struct thread_facts){ h.pr_pid, h.pr_sigpend, h.pr_sighold,                                 \
					  us(h.pr_utime.tv_sec, h.pr_utime.tv_usec),                            \
					  us(h.pr_stime.tv_sec, h.pr_stime.tv_usec),                            \
					  us(h.pr_cutime.tv_sec, h.pr_cutime.tv_usec),                          \
					  us(h.pr_cstime.tv_sec, h.pr_cstime.tv_usec) };                        \
		cursig = h.pr_cursig;                                                                           \
		assert_int_equal(h.pr_ppid, p->ppid);                                                           \
	} while (0)

/* NT_PRSTATUS again from its fields, as pcore fills it from /proc */
static void prstatus_again(struct notebuf *nb, const struct arch *a, const struct core_note *n, struct proc_facts *p)
{
	struct thread_facts t;
	int32_t fpvalid;
	int cursig;

	if (a->elfclass == ELFCLASS64)
		THREAD_FROM(prstatus_head64);
	else
		THREAD_FROM(prstatus_head32);
	memcpy(&fpvalid, n->desc + a->pr_reg_off + a->pr_reg_size, 4);
	assert_int_equal(note_prstatus(nb, a, p, &t, cursig, n->desc + a->pr_reg_off, fpvalid), 0);
}

/* NT_PRPSINFO's fields, as pcore reads them from /proc */
static void prpsinfo_fields(const struct arch *a, const struct core_note *n, struct proc_facts *p)
{
	if (a->elfclass == ELFCLASS64) {
		struct prpsinfo64 i;

		memcpy(&i, n->desc, sizeof(i));
		*p = (struct proc_facts){ i.pr_pid, i.pr_ppid, i.pr_pgrp, i.pr_sid, "RSDTZW"[(int)i.pr_state], i.pr_nice,
					 i.pr_flag, i.pr_uid, i.pr_gid, "", "" };
		memcpy(p->fname, i.pr_fname, 16), memcpy(p->psargs, i.pr_psargs, 80);
	} else {
		struct prpsinfo32_uid16 i;

		memcpy(&i, n->desc, sizeof(i));
		*p = (struct proc_facts){ i.pr_pid, i.pr_ppid, i.pr_pgrp, i.pr_sid, "RSDTZW"[(int)i.pr_state], i.pr_nice,
					 i.pr_flag, i.pr_uid, i.pr_gid, "", "" };
		memcpy(p->fname, i.pr_fname, 16), memcpy(p->psargs, i.pr_psargs, 80);
	}
}

/* the note just added equals the real one, byte for byte */
static void same_note(const struct notebuf *nb, size_t before, const struct core_note *n, const char *kase)
{
	size_t nlen = (strlen(n->name) + 1 + 3) & ~3u;

	if (nb->n - before != 12 + nlen + ((n->descsz + 3) & ~3u) ||
	    memcmp(nb->p + before + 12 + nlen, n->desc, n->descsz))
		fail_msg("%s: note type %#x differs from the kernel's", kase, n->type);
}

static void rebuild(const char *kase)
{
	struct core real;
	struct coredump cd = { 0 };
	struct ntfile files = { 0 };
	struct core_file *cf;
	struct core_note n;
	struct proc_facts p = { 0 };
	struct outfile o;
	uint64_t page;
	size_t pos = 0, auxv_len, real_len, mine_len, align;
	char *smaps = slurp(data_path("cores/%s/smaps", kase), NULL), *auxv, path[128], *mine, *realbytes;
	struct core_plan pl = { .cd = &cd, .files = &files, .filter = DUMP_FILTER_DEFAULT, .elf_header = is_target };

	assert_int_equal(core_open(&real, fixture_core(kase)), 0);
	assert_true(core_files(&real, &cf, &page) > 0);
	free(cf);
	cd.arch = real.arch, cd.page_size = page;

	/* the mappings, by the kernel's rules, from smaps */
	assert_int_equal(smaps_parse(smaps, "smaps", core_plan_region, &pl), 0);
	assert_int_equal(cd.nmap, real.nsegs);
	for (size_t i = 0; i < cd.nmap; i++) {
		const struct core_map *m = &cd.map[i];
		const struct core_seg *s = &real.segs[i];

		if (m->start != s->vaddr || m->end - m->start != s->memsz || m->flags != s->flags || m->dump != s->filesz)
			fail_msg("%s: PT_LOAD %zu: %#llx +%#llx flags %u filesz %#llx, the kernel's %#llx +%#llx %u %#llx", kase,
				 i, (unsigned long long)m->start, (unsigned long long)(m->end - m->start), m->flags,
				 (unsigned long long)m->dump, (unsigned long long)s->vaddr, (unsigned long long)s->memsz,
				 s->flags, (unsigned long long)s->filesz);
	}

	/* the notes in the kernel's order: ours where pcore makes them, the
	 * registers and siginfo passed through */
	assert_int_equal(core_note_find(&real, "CORE", NT_PRPSINFO, &n), 1);
	prpsinfo_fields(real.arch, &n, &p);
	auxv = slurp(data_path("cores/%s/auxv", kase), &auxv_len);
	while (core_note_next(&real, &pos, &n) == 1) {
		size_t before = cd.notes.n;

		switch (n.type) {
		case NT_PRSTATUS:
			prstatus_again(&cd.notes, real.arch, &n, &p);
			break;
		case NT_PRPSINFO:
			assert_int_equal(note_prpsinfo(&cd.notes, real.arch, &p), 0);
			break;
		case NT_AUXV:
			assert_int_equal(note_add(&cd.notes, real.arch, "CORE", NT_AUXV, auxv, core_auxv_len(real.arch, auxv, auxv_len)), 0);
			break;
		case 0x46494c45: /* NT_FILE */
			assert_int_equal(note_file(&cd.notes, real.arch, &files, page, cd.nmap, NT_FILE_LIMIT), 0);
			break;
		default:
			assert_int_equal(note_add(&cd.notes, real.arch, n.name, n.type, n.desc, n.descsz), 0);
		}
		same_note(&cd.notes, before, &n, kase);
	}
	assert_int_equal(cd.notes.n, real.notes_size);

	/* the whole file: the kernel's bytes */
	snprintf(path, sizeof(path), "/tmp/procbox-test-core.%d.%s", (int)getpid(), kase);
	unlink(path);
	assert_int_equal(outfile_open(&o, path, 0), 0);
	assert_int_equal(core_write(&cd, &o, from_real, &real), 0);
	assert_int_equal(outfile_close(&o), 0);
	mine = slurp(path, &mine_len);
	realbytes = slurp(fixture_core(kase), &real_len);
	assert_int_equal(mine_len, real_len);
	/* Linux 6.1 left the PT_NOTE's p_align 0; 6.12 writes 4, and so does pcore */
	align = real.arch->elfclass == ELFCLASS64 ? 64 + 48 : 52 + 28;
	if (!realbytes[align] && mine[align] == 4)
		mine[align] = 0;
	for (size_t i = 0; i < real_len; i++)
		if (mine[i] != realbytes[i])
			fail_msg("%s: the rebuilt core differs from the kernel's at byte %#zx", kase, i);
	unlink(path);
	free(mine), free(realbytes), free(smaps), free(auxv);
	ntfile_free(&files);
	coredump_free(&cd);
	core_close(&real);
}

static void test_rebuild_the_kernels_cores(void **state)
{
	(void)state;
	for (size_t i = 0; cases[i]; i++)
		rebuild(cases[i]);
}

static void test_psargs(void **state)
{
	char ps[80], longer[200];
	(void)state;
	core_psargs(ps, "/fx/target\0" "60", 14);
	assert_string_equal(ps, "/fx/target 60 ");
	memset(longer, 'a', sizeof(longer));
	core_psargs(ps, longer, sizeof(longer));
	assert_int_equal(strlen(ps), 79);
}

/* The kernel leaves NT_FILE out when its estimate (64 bytes a mapping)
 * reaches the limit. */
static void test_nt_file_limit(void **state)
{
	struct ntfile f = { 0 };
	struct notebuf nb = { 0 };
	(void)state;
	assert_true(ntfile_add(&f, &arch_x86_64, 0x1000, 0x2000, 0, "/lib/x") != NO_NAME);
	assert_int_equal(note_file(&nb, &arch_x86_64, &f, 4096, 65535, NT_FILE_LIMIT), 0);
	assert_int_equal(nb.n, 12 + 8 + 8 + 8 + 24 + 8); /* header, "CORE", count, page, triple, name */
	nb.n = 0;
	assert_int_equal(note_file(&nb, &arch_x86_64, &f, 4096, 65536, NT_FILE_LIMIT), 0);
	assert_int_equal(nb.n, 0);
	ntfile_free(&f);
	free(nb.p);
}

/* PN_XNUM: 0xffff in e_phnum, the count in section 0's sh_info, 32- and 64-bit */
static int no_data(void *ctx, const struct core_map *m, struct outfile *o)
{
	(void)ctx, (void)m, (void)o;
	fail_msg("nothing to dump");
	return -1;
}

static void test_pn_xnum(void **state)
{
	const struct arch *arches[] = { &arch_aarch64, &arch_armv7l };
	(void)state;
	for (int k = 0; k < 2; k++) {
		struct coredump cd = { .arch = arches[k], .page_size = 4096 };
		struct outfile o;
		struct core c;
		char path[96];

		for (uint64_t i = 0; i < 70000; i++) {
			struct core_map m = { .start = i * 8192, .end = i * 8192 + 4096, .flags = PF_R };

			assert_int_equal(core_map_add(&cd, &m), 0);
		}
		assert_int_equal(note_add(&cd.notes, cd.arch, "CORE", 1, "x", 1), 0);
		snprintf(path, sizeof(path), "/tmp/procbox-test-xnum.%d", (int)getpid());
		unlink(path);
		assert_int_equal(outfile_open(&o, path, 0), 0);
		assert_int_equal(core_write(&cd, &o, no_data, NULL), 0);
		assert_int_equal(outfile_close(&o), 0);
		assert_int_equal(core_open(&c, path), 0);
		assert_int_equal(c.nsegs, 70000);
		assert_int_equal(c.segs[69999].vaddr, 69999 * 8192);
		assert_ptr_equal(c.arch, arches[k]);
		core_close(&c);
		unlink(path);
		coredump_free(&cd);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rebuild_the_kernels_cores),
		cmocka_unit_test(test_psargs),
		cmocka_unit_test(test_nt_file_limit),
		cmocka_unit_test(test_pn_xnum),
	};
	cases = fixture_cases();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
