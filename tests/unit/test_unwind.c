/* test_unwind.c: the unwinder's step past a signal frame (lib/unwind.c,
 * arch/ARCH/unwind.c), for every arch that knows its sigreturn trampoline:
 * a hand-made kernel rt_sigframe under a trampoline, reached as the pc
 * itself or as a return address found on the stack. */
#include "testutil.h"
#include "byteorder.h"
#include "unwind.h"

enum { CODE = 0x400000, STACK = 0x7f0000, TRAMP = CODE + 0x40, INTERRUPTED = CODE + 0x10,
       OLD_SP = STACK + 0x2000 };

struct mem {
	uint8_t code[0x100], stack[0x1000];
};

static int mem_read(void *ctx, uint64_t addr, void *buf, size_t n)
{
	struct mem *m = ctx;

	if (addr >= CODE && addr - CODE <= sizeof(m->code) && n <= sizeof(m->code) - (addr - CODE))
		memcpy(buf, m->code + (addr - CODE), n);
	else if (addr >= STACK && addr - STACK <= sizeof(m->stack) && n <= sizeof(m->stack) - (addr - STACK))
		memcpy(buf, m->stack + (addr - STACK), n);
	else
		return -1;
	return 0;
}

static unsigned word_of(const struct arch *a)
{
	return a->elfclass == ELFCLASS64 ? 8 : 4;
}

static void put_word(const struct arch *a, uint8_t *p, uint64_t v)
{
	for (unsigned i = 0, w = word_of(a); i < w; i++)
		p[a->byteorder == ELFDATA2MSB ? w - 1 - i : i] = (uint8_t)(v >> 8 * i);
}

static void set_reg(const struct arch *a, uint8_t *pr_reg, enum reg_role role, uint64_t v)
{
	const struct arch_reg *r = arch_reg_by_role(a, role);

	assert_non_null(r);
	put_word(a, pr_reg + r->off, v);
}

/* The walk from pc and sp over memory m: its frames in f, how many */
static int walk_from(const struct arch *a, struct mem *m, uint64_t pc, uint64_t sp, struct frame *f, int max)
{
	char line[] = "400000-401000 r-xp 00000000 00:00 0\n7f0000-7f1000 rw-p 00000000 00:00 0 [stack]\n";
	uint8_t pr_reg[1024] = { 0 };
	struct maps maps;
	struct modules ms;
	struct unwinder u;
	int n;

	assert_true(a->pr_reg_size <= sizeof(pr_reg));
	set_reg(a, pr_reg, ROLE_PC, pc);
	set_reg(a, pr_reg, ROLE_SP, sp);
	assert_int_equal(maps_parse(&maps, strdup(line), "test"), 0);
	modules_init(&ms, a, &maps, 0, NULL, NULL);
	u = (struct unwinder){ .arch = a, .mods = &ms, .maps = &maps, .read = mem_read, .ctx = m, .scan_bytes = 4096 };
	n = unwind(&u, pr_reg, f, max);
	modules_free(&ms);
	maps_free(&maps);
	return n;
}

/* Trampoline k's bytes at TRAMP, and at sp the signal frame under it of a
 * task interrupted at INTERRUPTED with its sp at OLD_SP */
static void lay_out(const struct arch *a, int k, struct mem *m, uint64_t sp)
{
	const struct arch_unwind *au = a->unwind;
	uint8_t *sf = m->stack + (sp + au->sigret_at[k] - STACK);

	memset(m, 0, sizeof(*m));
	memcpy(m->code + (TRAMP - CODE), au->sigret[k], au->sigret_len[k]);
	put_word(a, sf + au->sig_pc, INTERRUPTED);
	for (int i = 0; i < au->nsigregs; i++) {
		const struct arch_sigrun *run = &au->sigregs[i];

		if (a->dwarf->sp >= run->reg && a->dwarf->sp < run->reg + run->count)
			put_word(a, sf + run->at + (a->dwarf->sp - run->reg) * (a->elfclass == ELFCLASS64 ? 8 : 4), OLD_SP);
	}
}

static void at_the_trampoline(void **state)
{
	(void)state;
	for (const struct arch *const *a = arch_all; *a; a++)
	for (int k = 0; k < SIGRET_MAX && (*a)->unwind->sigret_len[k]; k++) {
		struct mem m;
		struct frame f[4];
		int n;

		lay_out(*a, k, &m, STACK + 0x200);
		n = walk_from(*a, &m, TRAMP, STACK + 0x200, f, 4);
		printf("%s %d: %d frames, the second %s at %#llx sp %#llx\n", (*a)->name, k, n,
		       n > 1 ? frame_how_name[f[1].how] : "-", n > 1 ? (unsigned long long)f[1].pc : 0ull,
		       n > 1 ? (unsigned long long)f[1].sp : 0ull);
		assert_true(n >= 2);
		assert_int_equal(f[1].how, HOW_SIGNAL);
		assert_int_equal(f[1].pc, INTERRUPTED);
		assert_int_equal(f[1].sp, OLD_SP);
		assert_int_equal(f[1].caller, 0);
	}
}

/* A handler without tables: the trampoline is the first word on its stack
 * a return address could be (the scan), the signal frame above it (on
 * aarch64, where the scan's sp is a guess, 16 bytes on: the first place,
 * 16-aligned, under which a frame of executable pc is) */
static void a_return_to_the_trampoline(void **state)
{
	(void)state;
	for (const struct arch *const *a = arch_all; *a; a++)
	for (int k = 0; k < SIGRET_MAX && (*a)->unwind->sigret_len[k]; k++) {
		uint64_t sp = STACK + 0x200 - word_of(*a), above = (*a)->unwind->scan_sp_exact ? STACK + 0x200 : STACK + 0x210;
		struct mem m;
		struct frame f[4];
		int n;

		lay_out(*a, k, &m, above);
		put_word(*a, m.stack + (sp - STACK), TRAMP);
		n = walk_from(*a, &m, CODE + 8, sp, f, 4);
		printf("%s %d: %d frames\n", (*a)->name, k, n);
		assert_true(n >= 3);
		assert_int_equal(f[1].pc, TRAMP);
		assert_int_equal(f[1].sp, above);
		assert_int_equal(f[1].caller, 0);
		assert_int_equal(f[2].how, HOW_SIGNAL);
		assert_int_equal(f[2].pc, INTERRUPTED);
		assert_int_equal(f[2].sp, OLD_SP);
	}
}

/* Every arch whose signals return through a trampoline of a known shape
 * (all five: the 64-bit ones through the vDSO's, or musl's on arm64) */
static void every_arch_knows_its_trampoline(void **state)
{
	(void)state;
	for (const struct arch *const *a = arch_all; *a; a++) {
		printf("%s\n", (*a)->name);
		assert_true((*a)->unwind->sigret_len[0] > 0);
		assert_true((*a)->unwind->nsigregs > 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_arch_knows_its_trampoline),
		cmocka_unit_test(at_the_trampoline),
		cmocka_unit_test(a_return_to_the_trampoline),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
