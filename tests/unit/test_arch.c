/* test_arch.c: arch/ tables against the kernel's sizes, and against real
 * kernel cores of every arch decoded the way gdb-multiarch decoded them */
#include <elf.h>

#include "testutil.h"
#include "arch.h"
#include "core_read.h"

/* A note's size as expected.txt lists it ("note.N=CORE 0x1 NT_PRSTATUS 392"), or -1 */
static int expected_note_size(const char *exp, const char *type)
{
	char key[32], want[40];
	const char *v;

	snprintf(want, sizeof(want), " %s ", type);
	for (int k = 0; snprintf(key, sizeof(key), "note.%d", k), (v = kv_get(exp, key)); k++)
		if (strstr(v, want))
			return atoi(strstr(v, want) + strlen(want));
	return -1;
}

/* Each arch's table against what its kernel wrote, from each fixture's
 * expected.txt (an independent parse of the kernel's own core): e_machine,
 * ELF class, the NT_PRSTATUS and NT_PRPSINFO sizes, and pr_reg where the
 * kernel's struct elf_prstatus has it: after the common part (112 bytes in a
 * 64-bit core, 72 in a 32-bit one), up to the int pr_fpvalid that ends it
 * (padded to a long). */
static void tables_match_the_kernels_cores(void **state)
{
	char **cases = fixture_cases(), name[32];

	(void)state;
	for (char **k = cases; *k; k++) {
		char *exp = slurp(data_path("cores/%s/expected.txt", *k), NULL);
		const struct arch *a = arch_by_name(case_arch(*k, name, sizeof(name)));
		int c64 = !strcmp(kv_get(exp, "elf_class"), "ELFCLASS64");
		unsigned off = c64 ? 112 : 72, prstatus = expected_note_size(exp, "NT_PRSTATUS");

		if (!a)
			fail_msg("case %s: no arch named %s in arch_all[]", *k, name);
		assert_true(c64 || !strcmp(kv_get(exp, "elf_class"), "ELFCLASS32"));
		assert_int_equal(a->machine, atoi(kv_get(exp, "e_machine")));
		assert_int_equal(a->elfclass, c64 ? ELFCLASS64 : ELFCLASS32);
		assert_int_equal(a->prstatus_size, prstatus);
		assert_int_equal(a->prpsinfo_size, expected_note_size(exp, "NT_PRPSINFO"));
		assert_int_equal(a->pr_reg_off, off);
		assert_int_equal(a->pr_reg_size, prstatus - off - (c64 ? 8 : 4));
		free(exp);
		free(*k);
	}
	free(cases);
}

/* Every arch procbox knows has its fixture (a case named for it: a new arch
 * is not done without one), and a table whose registers fit its pr_reg. */
static void every_arch_is_whole(void **state)
{
	(void)state;
	for (const struct arch *const *p = arch_all; *p; p++) {
		const struct arch *a = *p;

		if (access(data_path("cores/%s/expected.txt", a->name), R_OK))
			fail_msg("%s: no fixture %s", a->name, data_path("cores/%s", a->name));
		assert_ptr_equal(arch_by_name(a->name), a);
		assert_int_equal(a->byteorder, ELFDATA2LSB);
		assert_ptr_equal(arch_by_elf(arch_all, a->machine, a->elfclass, a->byteorder), a);
		assert_null(arch_by_elf(arch_all, a->machine, a->elfclass, ELFDATA2MSB));
		assert_ptr_equal(arch_personality(a, a->pr_reg_size), a);
		/* every register lies inside pr_reg, none overlaps another; each
		 * register, of pr_reg and of the other sets, in the arch's order */
		for (int r = 0; r < a->nregs; r++) {
			assert_int_equal(a->regs[r].order, a->byteorder);
			assert_true(a->regs[r].off + a->regs[r].size <= a->pr_reg_size);
			assert_true(a->regs[r].size == (a->elfclass == ELFCLASS64 ? 8 : 4));
			for (int s = 0; s < r; s++)
				assert_true(a->regs[s].off != a->regs[r].off);
		}
		assert_non_null(arch_reg_by_role(a, ROLE_PC));
		assert_non_null(arch_reg_by_role(a, ROLE_SP));
		assert_non_null(arch_reg_by_role(a, ROLE_FP));
		assert_non_null(arch_reg_by_role(a, ROLE_RET));
		assert_non_null(arch_reg_by_role(a, ROLE_SYSNO));
		for (int s = 0; s < a->nregsets; s++)
			for (int r = 0; r < a->regsets[s].nregs; r++)
				assert_int_equal(a->regsets[s].regs[r].order, a->byteorder);
	}
	assert_null(arch_by_elf(arch_all, EM_ARM, ELFCLASS64, ELFDATA2LSB));
	assert_non_null(arch_host());
	assert_string_equal(arch_host()->name, PROCBOX_ARCH);
}

/* A task's register layout is its kernel's arch's or that arch's compat
 * arch's, by the size GETREGSET gave: never another arch's of that size. */
static void regset_sizes_name_the_host_or_its_compat(void **state)
{
	/* what s390x and mips64 tables would say: sizes procbox's arches have */
	struct arch s390x = { .name = "s390x", .machine = EM_S390, .elfclass = ELFCLASS64,
			      .byteorder = ELFDATA2MSB, .pr_reg_size = 216 };
	struct arch mips64 = { .name = "mips64", .machine = EM_MIPS, .elfclass = ELFCLASS64,
			       .byteorder = ELFDATA2MSB, .pr_reg_size = 360 };

	(void)state;
	assert_ptr_equal(arch_personality(&arch_x86_64, 216), &arch_x86_64);
	assert_ptr_equal(arch_personality(&arch_aarch64, 72), &arch_armv7l);
	assert_ptr_equal(arch_personality(&arch_aarch64, 272), &arch_aarch64);
	assert_ptr_equal(arch_personality(&arch_armv7l, 72), &arch_armv7l);
	assert_null(arch_personality(&arch_armv7l, 272));
	assert_null(arch_personality(&arch_x86_64, 68)); /* a 32-bit x86 task: i386, unknown */
	assert_null(arch_personality(&arch_x86_64, 100));
	/* a size only another arch has is refused, on every host */
	for (int h = 0; arch_all[h]; h++)
		for (int i = 0; arch_all[i]; i++) {
			const struct arch *host = arch_all[h], *a = arch_all[i];

			assert_ptr_equal(arch_personality(host, a->pr_reg_size),
					 a == host || a == host->compat ? a : NULL);
		}
	/* the collisions: each size read as the host's own layout */
	assert_ptr_equal(arch_personality(&s390x, 216), &s390x);
	assert_ptr_equal(arch_personality(&mips64, 360), &mips64);
	assert_ptr_equal(arch_personality(&arch_loongarch64, 360), &arch_loongarch64);
	assert_null(arch_personality(&mips64, 216));
}

/* gdb's "Thread N (LWP tid):" block in gdb.txt: does `name` have `value`?
 * Returns 1 match, 0 mismatch (reported), -1 register not shown by gdb. */
static int gdb_says(const char *gdb, long tid, const char *name, uint64_t value)
{
	char head[64];
	const char *p, *end;
	size_t nl = strlen(name);

	snprintf(head, sizeof(head), "(LWP %ld):\n", tid);
	p = strstr(gdb, head);
	if (!p)
		fail_msg("gdb.txt has no thread with LWP %ld", tid);
	p = strchr(p, '\n') + 1;
	end = strstr(p, "\n\n");
	if (!end)
		end = p + strlen(p);
	for (; p && p < end; p = strchr(p, '\n'), p = p ? p + 1 : p) {
		if (!strncmp(p, name, nl) && (p[nl] == ' ' || p[nl] == '\t')) {
			const char *v = p + nl + strspn(p + nl, " \t");
			uint64_t g;

			if (strncmp(v, "0x", 2))
				return -1; /* <unavailable> or a vector */
			g = strtoull(v, NULL, 16);
			if (g != value)
				print_error("tid %ld: %s = %#llx, gdb says %#llx\n", tid, name,
					    (unsigned long long)value, (unsigned long long)g);
			return g == value;
		}
	}
	return -1;
}

static int32_t le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Every NT_PRSTATUS of a real kernel core decodes to gdb's registers. */
static void check_case(void **state)
{
	const char *kase = *state;
	char want_arch[32];
	char *gdb = slurp(data_path("cores/%s/gdb.txt", kase), NULL);
	char *out = slurp(data_path("cores/%s/target.out", kase), NULL);
	struct core c;
	struct core_note n;
	size_t pos = 0;
	int threads = 0, prpsinfo = 0;

	assert_int_equal(core_open(&c, fixture_core(kase)), 0);
	assert_string_equal(c.arch->name, case_arch(kase, want_arch, sizeof(want_arch)));
	while (core_note_next(&c, &pos, &n) > 0) {
		const unsigned char *reg;
		long tid;
		int matched = 0;

		if (n.type == NT_PRPSINFO) {
			assert_int_equal(n.descsz, c.arch->prpsinfo_size);
			prpsinfo++;
		}
		if (n.type != NT_PRSTATUS)
			continue;
		assert_string_equal(n.name, "CORE");
		assert_int_equal(n.descsz, c.arch->prstatus_size);
		tid = le32(n.desc + 24 + (c.arch->elfclass == ELFCLASS64 ? 8 : 0)); /* pr_pid */
		reg = n.desc + c.arch->pr_reg_off;
		for (int r = 0; r < c.arch->nregs; r++) {
			int m = gdb_says(gdb, tid, c.arch->regs[r].name, arch_reg_value(&c.arch->regs[r], reg));

			assert_int_not_equal(m, 0);
			matched += m == 1;
		}
		/* gdb leaves out at most orig_rax/fs_base/gs_base (x86_64), orig_r0 (arm) */
		assert_true(matched >= c.arch->nregs - 3);
		if (threads++ == 0) {
			/* the crashing main thread holds the magic values in target.out */
			char names[256], values[512], *sn, *sv;
			const char *pc_want = kv_get(out, "spin_addr");
			uint64_t pc = arch_reg_value(arch_reg_by_role(c.arch, ROLE_PC), reg);
			uint64_t spin = strtoull(pc_want, NULL, 16);

			assert_int_equal(tid, atol(kv_get(out, "tid_main")));
			assert_true(pc >= spin && pc <= spin + 8);
			snprintf(names, sizeof(names), "%s", kv_get(out, "magic_regs"));
			snprintf(values, sizeof(values), "%s", kv_get(out, "magic_values"));
			for (char *rn = strtok_r(names, ",", &sn), *rv = strtok_r(values, ",", &sv); rn && rv;
			     rn = strtok_r(NULL, ",", &sn), rv = strtok_r(NULL, ",", &sv)) {
				const struct arch_reg *ar = arch_reg_by_name(c.arch, rn);

				if (!ar) { /* loongarch: target.out says s0..s8 = r23..r31 */
					char alias[16];

					assert_true(rn[0] == 's');
					snprintf(alias, sizeof(alias), "r%d", 23 + atoi(rn + 1));
					ar = arch_reg_by_name(c.arch, alias);
				}
				assert_non_null(ar);
				assert_true(arch_reg_value(ar, reg) == strtoull(rv, NULL, 16));
			}
		}
	}
	assert_int_equal(threads, 3);
	assert_int_equal(prpsinfo, 1);
	core_close(&c);
	free(gdb);
	free(out);
}

/* After each NT_PRSTATUS the kernel writes that thread's other register sets:
 * each must be in the arch's regset table, in the table's order, with its
 * owner name and (where fixed) size. */
static void check_regsets(const char *kase)
{
	struct core c;
	struct core_note n;
	size_t pos = 0;
	int last = -1, sets = 0;

	assert_int_equal(core_open(&c, fixture_core(kase)), 0);
	while (core_note_next(&c, &pos, &n) > 0) {
		const struct arch_regset *rs;

		if (n.type == NT_PRSTATUS) {
			last = -1;
			continue;
		}
		if (n.type == NT_PRPSINFO || n.type == NT_SIGINFO || n.type == NT_AUXV ||
		    n.type == NT_FILE || n.type == 0x205 /* NT_X86_XSAVE_LAYOUT, once per core */)
			continue;
		rs = arch_regset(c.arch, n.type);
		if (!rs)
			fail_msg("%s: note %#x (%s, %u bytes) not in the %s table", kase, n.type, n.name, n.descsz,
				 c.arch->name);
		assert_string_equal(n.name, rs->owner);
		assert_true(rs - c.arch->regsets > last);
		last = rs - c.arch->regsets;
		if (rs->size)
			assert_int_equal(n.descsz, rs->size);
		for (int i = 0; i < rs->nregs; i++)
			assert_true(rs->regs[i].off + rs->regs[i].size <= n.descsz || rs->type == NT_ARM_TLS);
		sets++;
	}
	assert_true(sets >= 3); /* at least one set per thread */
	core_close(&c);
}

static void regsets_in_kernel_order(void **state)
{
	char **cases = fixture_cases();

	(void)state;
	for (char **k = cases; *k; k++) {
		check_regsets(*k);
		free(*k);
	}
	free(cases);
}

static const struct arch_reg *set_reg(const struct arch_regset *rs, const char *name)
{
	for (int i = 0; i < rs->nregs; i++)
		if (!strcmp(rs->regs[i].name, name))
			return &rs->regs[i];
	fail_msg("no %s in the set", name);
	return NULL;
}

/* FXSAVE64 holds the x87 instruction and operand pointers as 64 bits at 8
 * and 16; gdb (i387_supply_fxsave) shows the low 32 bits as fioff/fooff and
 * the bytes from 12 and 20 as fiseg/foseg */
static void x87_pointers_split_as_gdb(void **state)
{
	const struct arch_regset *rs = arch_regset(&arch_x86_64, NT_PRFPREG);
	unsigned char fx[512] = { 0 };
	uint64_t fip = 0x00007fcb12345678ull, fdp = 0x00005566aabbccddull;

	(void)state;
	for (int i = 0; i < 8; i++)
		fx[8 + i] = fip >> 8 * i, fx[16 + i] = fdp >> 8 * i;
	assert_true(arch_reg_value(set_reg(rs, "fioff"), fx) == 0x12345678);
	assert_true(arch_reg_value(set_reg(rs, "fiseg"), fx) == 0x7fcb);
	assert_true(arch_reg_value(set_reg(rs, "fooff"), fx) == 0xaabbccdd);
	assert_true(arch_reg_value(set_reg(rs, "foseg"), fx) == 0x5566);
}

int main(void)
{
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(tables_match_the_kernels_cores),
		cmocka_unit_test(every_arch_is_whole),
		cmocka_unit_test(regset_sizes_name_the_host_or_its_compat),
		cmocka_unit_test(regsets_in_kernel_order),
		cmocka_unit_test(x87_pointers_split_as_gdb),
	};
	size_t n;
	/* then one test per fixture case: its threads' registers against gdb's */
	struct CMUnitTest *tests = tests_per_case(fixed, sizeof(fixed) / sizeof(fixed[0]), "core", check_case, &n);

	return _cmocka_run_group_tests("arch", tests, n, NULL, NULL);
}
