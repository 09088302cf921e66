/* test_exidx.c: the Arm EHABI unwinder (lib/exidx.c). Hand-made tables of
 * every model and instructions of every class, in both byte orders;
 * hostile tables; every entry of real 32-bit Arm files against binutils'
 * readelf -u (PROCBOX_EXIDX_ORACLE, made by the Makefile on every arch):
 * the function, the model, each instruction as decoded, and what running
 * the instructions does to the registers as readelf's listing says; and,
 * built for armv7l, a walk up this test's own stack by its own
 * .ARM.exidx (the Makefile's TEST_CFLAGS_test_exidx). */
#include "exidx.h"
#include "elfutil.h"

#define IDX_ADDR 0x20000u /* where the test tables are */
#define TAB_ADDR 0x30000u

/* ---- tables by hand ---- */

struct tables {
	uint8_t idx[256], tab[1200];
	size_t nidx, ntab;
	int be;
};

static void put32(uint8_t *p, uint32_t v, int be)
{
	for (int i = 0; i < 4; i++)
		p[be ? 3 - i : i] = (uint8_t)(v >> 8 * i);
}

static uint32_t prel(uint32_t target, uint32_t where)
{
	return (target - where) & 0x7fffffff;
}

/* An .ARM.exidx entry for the function at fn: word is 1, an inline entry
 * (bit 31), or 0 and the extab entry is at tab_off */
static void add_entry(struct tables *t, uint32_t fn, uint32_t word, size_t tab_off)
{
	uint32_t at = IDX_ADDR + (uint32_t)t->nidx;

	assert_true(t->nidx + 8 <= sizeof(t->idx));
	put32(t->idx + t->nidx, prel(fn, at), t->be);
	put32(t->idx + t->nidx + 4, word ? word : prel(TAB_ADDR + (uint32_t)tab_off, at + 4), t->be);
	t->nidx += 8;
}

/* A word of .ARM.extab; returns its offset */
static size_t add_word(struct tables *t, uint32_t w)
{
	size_t at = t->ntab;

	assert_true(t->ntab + 4 <= sizeof(t->tab));
	put32(t->tab + t->ntab, w, t->be);
	t->ntab += 4;
	return at;
}

static void open_tables(struct exidx *x, struct tables *t, uint32_t bias)
{
	struct exidx_section idx = { t->idx, t->nidx, IDX_ADDR + bias };
	struct exidx_section tab = { t->tab, t->ntab, TAB_ADDR + bias };

	assert_int_equal(exidx_open(x, &idx, &tab, t->be), 0);
}

static void expect_ops(const struct exidx_entry *e, const uint8_t *ops, size_t n)
{
	assert_int_equal(e->nops, n);
	assert_memory_equal(e->ops, ops, n);
}
#define EXPECT_OPS(E, ...) expect_ops(E, (const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ }))

static void lookup_finds_the_covering_entry(void **state)
{
	(void)state;
	for (int be = 0; be < 2; be++) {
		for (uint32_t bias = 0; bias <= 0x40000000; bias += 0x40000000) {
			static struct tables t;
			struct exidx x;
			struct exidx_entry e;
			size_t i = 99;
			/* pcs, and the entry covering each (-1: none) */
			static const uint32_t pcs[] = { 0x7fff, 0x8000, 0x80ff, 0x8100, 0x8101, 0x81ff,
							0x8250, 0x8300, 0x80000000 };
			static const int want[] = { -1, 0, 0, 1, 1, 1, 2, 3, 3 };

			memset(&t, 0, sizeof(t));
			t.be = be;
			add_entry(&t, 0x8000, 0x80a8b0b0, 0);
			add_entry(&t, 0x8101, 0x80b0b0b0, 0); /* a Thumb function's bit */
			add_entry(&t, 0x8200, 1, 0);
			add_entry(&t, 0x8300, 0x80b0b0b0, 0);
			open_tables(&x, &t, bias);
			assert_int_equal(x.n, 4);
			for (size_t k = 0; k < sizeof(pcs) / sizeof(pcs[0]); k++) {
				int r = exidx_find(&x, pcs[k] + bias, &i);

				if (want[k] < 0) {
					assert_int_equal(r, EXIDX_E_NOENTRY);
					continue;
				}
				assert_int_equal(r, 0);
				assert_int_equal(i, want[k]);
			}
			assert_int_equal(exidx_entry(&x, 1, &e), 0);
			assert_int_equal(e.fn, 0x8101 + bias);
			assert_int_equal(e.end, 0x8200 + bias);
			assert_int_equal(exidx_entry(&x, 3, &e), 0);
			assert_int_equal(e.end, 1ull << 32);
			assert_int_equal(exidx_entry(&x, 4, &e), EXIDX_E_NOENTRY);
		}
	}
	/* an empty table has no entry for anything */
	struct exidx x;
	struct exidx_section none = { NULL, 0, IDX_ADDR };
	size_t i;
	assert_int_equal(exidx_open(&x, &none, NULL, 0), 0);
	assert_int_equal(exidx_find(&x, 0x8000, &i), EXIDX_E_NOENTRY);
}

/* EXIDX_CANTUNWIND, inline, extab compact 0, 1 and 2 with more words, a
 * generic personality with and without GNU's layout, reserved routines */
static void entries_decode_every_model(void **state)
{
	(void)state;
	for (int be = 0; be < 2; be++) {
		static struct tables t;
		struct exidx x;
		struct exidx_entry e;
		size_t p0, p1, p2, g, r3;

		memset(&t, 0, sizeof(t));
		t.be = be;
		p0 = add_word(&t, 0x80028400);             /* compact 0 in extab */
		p1 = add_word(&t, 0x8102b108);             /* compact 1, 2 more words */
		add_word(&t, 0x840000a8);
		add_word(&t, 0xb2817fb0);
		p2 = add_word(&t, 0x8201c980);             /* compact 2, 1 more */
		add_word(&t, 0x97b0b0b0);
		g = add_word(&t, prel(0x9abc, TAB_ADDR + (uint32_t)t.ntab)); /* a routine at 0x9abc */
		add_word(&t, 0x01a9b0b0);                  /* GNU: 1 more word */
		add_word(&t, 0x0102b0b0);
		r3 = add_word(&t, 0x83b0b0b0);             /* routine 3: reserved */
		add_entry(&t, 0x1000, 1, 0);
		add_entry(&t, 0x1100, 0x80a8b0b0, 0);
		add_entry(&t, 0x1200, 0, p0);
		add_entry(&t, 0x1300, 0, p1);
		add_entry(&t, 0x1400, 0, p2);
		add_entry(&t, 0x1500, 0, g);
		add_entry(&t, 0x1600, 0, r3);
		add_entry(&t, 0x1700, 0x81b0b0b0, 0);      /* inline but routine 1: no room */
		open_tables(&x, &t, 0);

		assert_int_equal(exidx_entry(&x, 0, &e), 0);
		assert_int_equal(e.kind, EXIDX_CANTUNWIND);
		assert_int_equal(e.nops, 0);
		assert_int_equal(exidx_entry(&x, 1, &e), 0);
		assert_int_equal(e.kind, EXIDX_COMPACT);
		assert_int_equal(e.index, 0);
		assert_int_equal(e.extab, 0);
		assert_int_equal(e.word, 0x80a8b0b0);
		EXPECT_OPS(&e, 0xa8, 0xb0, 0xb0);
		assert_int_equal(exidx_entry(&x, 2, &e), 0);
		assert_int_equal(e.extab, TAB_ADDR + p0);
		assert_int_equal(e.index, 0);
		EXPECT_OPS(&e, 0x02, 0x84, 0x00);
		assert_int_equal(exidx_entry(&x, 3, &e), 0);
		assert_int_equal(e.index, 1);
		EXPECT_OPS(&e, 0xb1, 0x08, 0x84, 0x00, 0x00, 0xa8, 0xb2, 0x81, 0x7f, 0xb0);
		assert_int_equal(exidx_entry(&x, 4, &e), 0);
		assert_int_equal(e.index, 2);
		EXPECT_OPS(&e, 0xc9, 0x80, 0x97, 0xb0, 0xb0, 0xb0);
		assert_int_equal(exidx_entry(&x, 5, &e), 0);
		assert_int_equal(e.kind, EXIDX_GENERIC);
		assert_int_equal(e.personality, 0x9abc);
		assert_int_equal(e.nops, 0);
		assert_int_equal(exidx_entry(&x, 6, &e), EXIDX_E_UNSUPPORTED);
		assert_int_equal(exidx_entry(&x, 7, &e), EXIDX_E_BAD);
		x.gnu_personality = 1;
		assert_int_equal(exidx_entry(&x, 5, &e), 0);
		assert_int_equal(e.personality, 0x9abc);
		EXPECT_OPS(&e, 0xa9, 0xb0, 0xb0, 0x01, 0x02, 0xb0, 0xb0);
	}
}

/* ---- instructions ---- */

struct insn_case {
	uint8_t bytes[8], nbytes;
	int len;                  /* or the error */
	uint8_t op, first, count;
	uint16_t mask;
	uint32_t n;
};

static void instructions_decode(void **state)
{
	static const struct insn_case cases[] = {
		{ { 0x00 }, 1, 1, EXIDX_OP_VSP_ADD, 0, 0, 0, 4 },
		{ { 0x3f }, 1, 1, EXIDX_OP_VSP_ADD, 0, 0, 0, 256 },
		{ { 0x40 }, 1, 1, EXIDX_OP_VSP_SUB, 0, 0, 0, 4 },
		{ { 0x7f }, 1, 1, EXIDX_OP_VSP_SUB, 0, 0, 0, 256 },
		{ { 0x80, 0x00 }, 2, 2, EXIDX_OP_REFUSE, 0, 0, 0, 0 },
		{ { 0x80, 0x01 }, 2, 2, EXIDX_OP_POP, 0, 0, 0x0010, 4 },
		{ { 0x8f, 0xff }, 2, 2, EXIDX_OP_POP, 0, 0, 0xfff0, 48 },
		{ { 0x8a, 0x00 }, 2, 2, EXIDX_OP_POP, 0, 0, 0xa000, 8 },
		{ { 0x90 }, 1, 1, EXIDX_OP_VSP_REG, 0, 0, 0, 0 },
		{ { 0x97 }, 1, 1, EXIDX_OP_VSP_REG, 0, 0, 0, 7 },
		{ { 0x9e }, 1, 1, EXIDX_OP_VSP_REG, 0, 0, 0, 14 },
		{ { 0x9d }, 1, 1, EXIDX_OP_SPARE, 0, 0, 0, 0 },
		{ { 0x9f }, 1, 1, EXIDX_OP_SPARE, 0, 0, 0, 0 },
		{ { 0xa0 }, 1, 1, EXIDX_OP_POP, 0, 0, 0x0010, 4 },
		{ { 0xa7 }, 1, 1, EXIDX_OP_POP, 0, 0, 0x0ff0, 32 },
		{ { 0xa8 }, 1, 1, EXIDX_OP_POP, 0, 0, 0x4010, 8 },
		{ { 0xaf }, 1, 1, EXIDX_OP_POP, 0, 0, 0x4ff0, 36 },
		{ { 0xb0 }, 1, 1, EXIDX_OP_FINISH, 0, 0, 0, 0 },
		{ { 0xb1, 0x01 }, 2, 2, EXIDX_OP_POP, 0, 0, 0x0001, 4 },
		{ { 0xb1, 0x0f }, 2, 2, EXIDX_OP_POP, 0, 0, 0x000f, 16 },
		{ { 0xb1, 0x00 }, 2, 2, EXIDX_OP_SPARE, 0, 0, 0, 0 },
		{ { 0xb1, 0x10 }, 2, 2, EXIDX_OP_SPARE, 0, 0, 0x10, 0 },
		{ { 0xb2, 0x00 }, 2, 2, EXIDX_OP_VSP_ADD, 0, 0, 0, 0x204 },
		{ { 0xb2, 0x81, 0x01 }, 3, 3, EXIDX_OP_VSP_ADD, 0, 0, 0, 0x204 + 129 * 4 },
		{ { 0xb2, 0xff, 0xff, 0xff, 0xff, 0x01 }, 6, 6, EXIDX_OP_VSP_ADD, 0, 0, 0, 0x204 + 0x1fffffffu * 4 },
		{ { 0xb3, 0x12 }, 2, 2, EXIDX_OP_POP_VFP, 1, 3, 0, 28 },
		{ { 0xb4 }, 1, 1, EXIDX_OP_SPARE, 0, 0, 0, 0 },
		{ { 0xb7 }, 1, 1, EXIDX_OP_SPARE, 0, 0, 0, 0 },
		{ { 0xb8 }, 1, 1, EXIDX_OP_POP_VFP, 8, 1, 0, 12 },
		{ { 0xbf }, 1, 1, EXIDX_OP_POP_VFP, 8, 8, 0, 68 },
		{ { 0xc0 }, 1, 1, EXIDX_OP_POP_WMMX, 10, 1, 0, 8 },
		{ { 0xc5 }, 1, 1, EXIDX_OP_POP_WMMX, 10, 6, 0, 48 },
		{ { 0xc6, 0x23 }, 2, 2, EXIDX_OP_POP_WMMX, 2, 4, 0, 32 },
		{ { 0xc7, 0x00 }, 2, 2, EXIDX_OP_SPARE, 0, 0, 0, 0 },
		{ { 0xc7, 0x0b }, 2, 2, EXIDX_OP_POP_WCGR, 0, 0, 0x0b, 12 },
		{ { 0xc7, 0x10 }, 2, 2, EXIDX_OP_SPARE, 0, 0, 0x10, 0 },
		{ { 0xc8, 0x12 }, 2, 2, EXIDX_OP_POP_VFP, 17, 3, 0, 24 },
		{ { 0xc9, 0x0f }, 2, 2, EXIDX_OP_POP_VFP, 0, 16, 0, 128 },
		{ { 0xca }, 1, 1, EXIDX_OP_SPARE, 0, 0, 0, 0 },
		{ { 0xcf }, 1, 1, EXIDX_OP_SPARE, 0, 0, 0, 0 },
		{ { 0xd0 }, 1, 1, EXIDX_OP_POP_VFP, 8, 1, 0, 8 },
		{ { 0xd7 }, 1, 1, EXIDX_OP_POP_VFP, 8, 8, 0, 64 },
		{ { 0xd8 }, 1, 1, EXIDX_OP_SPARE, 0, 0, 0, 0 },
		{ { 0xff }, 1, 1, EXIDX_OP_SPARE, 0, 0, 0, 0 },
		/* errors: operand bytes missing; uleb128s too long or too large */
		{ { 0x84 }, 1, EXIDX_E_TRUNCATED, 0, 0, 0, 0, 0 },
		{ { 0xb1 }, 1, EXIDX_E_TRUNCATED, 0, 0, 0, 0, 0 },
		{ { 0xc9 }, 1, EXIDX_E_TRUNCATED, 0, 0, 0, 0, 0 },
		{ { 0xb2 }, 1, EXIDX_E_TRUNCATED, 0, 0, 0, 0, 0 },
		{ { 0xb2, 0x80, 0x80 }, 3, EXIDX_E_TRUNCATED, 0, 0, 0, 0, 0 },
		{ { 0xb2, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }, 7, EXIDX_E_BAD, 0, 0, 0, 0, 0 },
		{ { 0xb2, 0xff, 0xff, 0xff, 0xff, 0x03 }, 6, EXIDX_E_BAD, 0, 0, 0, 0, 0 }, /* vsp + 2^32 + 0x200 */
	};

	(void)state;
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		const struct insn_case *c = &cases[k];
		struct exidx_insn in;
		int r = exidx_insn(c->bytes, c->nbytes, &in);

		if (r != c->len)
			fail_msg("case %zu (%#x): %d, want %d", k, c->bytes[0], r, c->len);
		if (r < 0)
			continue;
		if (in.op != c->op || in.len != r || in.first != c->first || in.count != c->count ||
		    in.mask != c->mask || in.n != c->n)
			fail_msg("case %zu (%#x): op %u len %u first %u count %u mask %#x n %u", k, c->bytes[0],
				 in.op, in.len, in.first, in.count, in.mask, in.n);
	}
	struct exidx_insn in;
	assert_int_equal(exidx_insn(NULL, 0, &in), EXIDX_E_TRUNCATED);
}

/* ---- running instructions on a stack in an array ---- */

struct fake_mem {
	uint32_t base;
	uint8_t bytes[2048];
	int be;
	unsigned reads;
};

static int fake_read(void *ctx, uint64_t addr, void *buf, size_t n)
{
	struct fake_mem *m = ctx;

	m->reads++;
	if (addr < m->base || addr - m->base > sizeof(m->bytes) || n > sizeof(m->bytes) - (addr - m->base))
		return -1;
	memcpy(buf, m->bytes + (addr - m->base), n);
	return 0;
}

/* word k of the stack holds 0x1000 + k */
static void fake_fill(struct fake_mem *m, uint32_t base, int be)
{
	memset(m, 0, sizeof(*m));
	m->base = base;
	m->be = be;
	for (uint32_t k = 0; k < sizeof(m->bytes) / 4; k++)
		put32(m->bytes + 4 * k, 0x1000 + k, be);
}

#define STACK 0x7ff00000u

/* r0-r15 = 0x100 + n, sp at STACK */
static void regs_init(struct cfi_regs *r)
{
	memset(r, 0, sizeof(*r));
	for (unsigned k = 0; k < 16; k++)
		cfi_reg_set(r, k, 0x100 + k);
	cfi_reg_set(r, 13, STACK);
	r->pc = 0x100 + 15;
}

static int run(struct cfi_regs *r, struct fake_mem *m, const uint8_t *ops, size_t n)
{
	return exidx_run(ops, n, m->be, r, fake_read, m);
}
#define RUN(R, M, ...) run(R, M, (const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ }))

static void run_executes_each_class(void **state)
{
	(void)state;
	for (int be = 0; be < 2; be++) {
		struct fake_mem m;
		struct cfi_regs r, before;

		fake_fill(&m, STACK, be);
		/* vsp + 12; pop r4 r5 r14; pc from lr */
		regs_init(&r);
		assert_int_equal(RUN(&r, &m, 0x02, 0xa9, 0xb0), 1);
		assert_int_equal(r.r[4], 0x1003);
		assert_int_equal(r.r[5], 0x1004);
		assert_int_equal(r.r[14], 0x1005);
		assert_int_equal(r.pc, 0x1005);
		assert_int_equal(r.r[15], 0x1005);
		assert_int_equal(r.r[13], STACK + 24);
		assert_int_equal(r.r[6], 0x106);
		/* vsp = r7; pop r7 r14 (8x mask); vsp - 8, implicit finish */
		regs_init(&r);
		cfi_reg_set(&r, 7, STACK + 0x40);
		assert_int_equal(RUN(&r, &m, 0x97, 0x84, 0x08, 0x41), 1);
		assert_int_equal(r.r[7], 0x1010);
		assert_int_equal(r.r[14], 0x1011);
		assert_int_equal(r.r[13], STACK + 0x40);
		/* pop r13 and r15: sp is the value popped, pc the other */
		regs_init(&r);
		assert_int_equal(RUN(&r, &m, 0x8a, 0x00, 0xb0), 1);
		assert_int_equal(r.r[13], 0x1000);
		assert_int_equal(r.pc, 0x1001);
		assert_int_equal(r.r[14], 0x10e);
		/* pop r0-r3; b2 uleb128: vsp + 0x204 + 4 * 3; pop r4 from there */
		regs_init(&r);
		assert_int_equal(RUN(&r, &m, 0xb1, 0x0f, 0xb2, 0x03, 0x80, 0x01, 0xb0), 1);
		assert_int_equal(r.r[0], 0x1000);
		assert_int_equal(r.r[3], 0x1003);
		assert_int_equal(r.r[4], 0x1000 + (16 + 0x210) / 4);
		assert_int_equal(r.r[13], STACK + 16 + 0x210 + 4);
		/* the pops vsp skips: FSTMFDX d0-d1 (20), VPUSH d16 (8), d8 (8),
		 * FSTMFDX d8 (12), wR0 (8), wCGR0 (4), wR10 (8) */
		regs_init(&r);
		assert_int_equal(RUN(&r, &m, 0xb3, 0x01, 0xc8, 0x00, 0xd0, 0xb8, 0xc6, 0x00, 0xc7, 0x01, 0xc0,
				     0xa8), 1);
		assert_int_equal(r.r[13], STACK + 68 + 8);
		assert_int_equal(r.r[4], 0x1000 + 17);
		assert_int_equal(r.pc, 0x1000 + 18);
		/* refused, spare, VFP or wMMX registers that do not exist: regs untouched */
		regs_init(&r);
		before = r;
		assert_int_equal(RUN(&r, &m, 0x02, 0x80, 0x00, 0xa8), 0);
		assert_int_equal(RUN(&r, &m, 0x02, 0x9d, 0xb0), EXIDX_E_BAD);
		assert_int_equal(RUN(&r, &m, 0xb1, 0x00), EXIDX_E_BAD);
		assert_int_equal(RUN(&r, &m, 0xc8, 0xff), EXIDX_E_BAD);
		assert_int_equal(RUN(&r, &m, 0xc6, 0xf1), EXIDX_E_BAD);
		assert_int_equal(RUN(&r, &m, 0xb4), EXIDX_E_BAD);
		assert_int_equal(RUN(&r, &m, 0x84), EXIDX_E_TRUNCATED);
		/* memory or registers unknown */
		assert_int_equal(RUN(&r, &m, 0xb2, 0x7f, 0xb2, 0x7f, 0xa8), EXIDX_E_READ); /* past the stack */
		cfi_reg_set(&r, 13, 0xfffffffc);
		assert_int_equal(RUN(&r, &m, 0xa8), EXIDX_E_READ);
		cfi_reg_set(&r, 13, STACK);
		assert_int_equal(exidx_run((const uint8_t[]){ 0xa8 }, 1, be, &r, NULL, NULL), EXIDX_E_READ);
		r.valid[0] &= ~(1ull << 5);
		assert_int_equal(RUN(&r, &m, 0x95, 0xb0), EXIDX_E_NOREG);
		r.valid[0] &= ~(1ull << 14);
		assert_int_equal(RUN(&r, &m, 0x01, 0xb0), EXIDX_E_NOREG);
		r.valid[0] &= ~(1ull << 13);
		assert_int_equal(RUN(&r, &m, 0xb0), EXIDX_E_NOREG);
		r.valid[0] = before.valid[0];
		assert_memory_equal(&r, &before, sizeof(r));
		/* no lr, but pc popped: fine; lr stays unknown */
		r.valid[0] &= ~(1ull << 14);
		assert_int_equal(RUN(&r, &m, 0x88, 0x00), 1);
		assert_int_equal(r.pc, 0x1000);
		assert_false(cfi_reg_valid(&r, 14));
		/* an empty list is a finish */
		regs_init(&r);
		assert_int_equal(run(&r, &m, NULL, 0), 1);
		assert_int_equal(r.pc, 0x10e);
		assert_int_equal(r.r[13], STACK);
	}
}

/* ---- steps through a table ---- */

static void step_walks_frames(void **state)
{
	(void)state;
	for (int be = 0; be < 2; be++) {
		static struct tables t;
		struct exidx x;
		struct cfi_regs r, before;
		struct fake_mem m;
		size_t g;

		memset(&t, 0, sizeof(t));
		t.be = be;
		g = add_word(&t, prel(0x9abc, TAB_ADDR));
		add_word(&t, 0x00a8b0b0);
		add_entry(&t, 0x1000, 1, 0);                  /* outermost */
		add_entry(&t, 0x1100, 0x8001a8b0, 0);         /* vsp + 8, pop r4 lr */
		add_entry(&t, 0x1201, 0x80a9b0b0, 0);         /* Thumb: pop r4 r5 lr */
		add_entry(&t, 0x1300, 0x80b0b0b0, 0);         /* a leaf */
		add_entry(&t, 0x1400, 0x808000b0, 0);         /* refuses */
		add_entry(&t, 0x1500, 0, g);                  /* __gxx_personality_v0, say */
		open_tables(&x, &t, 0);
		fake_fill(&m, STACK, be);
		/* the stack: 0x1201's frame, r4 r5 lr = 0x1100 (the call was the
		 * last instruction of the function before 0x1100); then 0x1100's
		 * own: 8 bytes, r4, lr = 0x1020 */
		put32(m.bytes + 8, 0x1100, be);
		put32(m.bytes + 24, 0x1020, be);
		regs_init(&r);
		r.pc = 0x1211;
		assert_int_equal(exidx_step(&x, &r, fake_read, &m), 1);
		assert_int_equal(r.pc, 0x1100);
		assert_int_equal(r.r[4], 0x1000);
		assert_int_equal(r.r[5], 0x1001);
		assert_int_equal(r.r[13], STACK + 12);
		assert_int_equal(r.cfa, STACK + 12);
		assert_true(r.caller);
		/* 0x1100 returned to looks up 0x10ff: the function at 0x1000 */
		before = r;
		assert_int_equal(exidx_step(&x, &r, fake_read, &m), 0);
		assert_memory_equal(&r, &before, sizeof(r));
		r.caller = 0; /* as if interrupted there: 0x1100's own frame */
		assert_int_equal(exidx_step(&x, &r, fake_read, &m), 1);
		assert_int_equal(r.r[4], 0x1005);
		assert_int_equal(r.pc, 0x1020);
		assert_int_equal(r.r[13], STACK + 28);
		assert_int_equal(exidx_step(&x, &r, fake_read, &m), 0); /* in 0x1000: cannot unwind */
		/* a leaf whose lr is its own pc: the frame would not move */
		regs_init(&r);
		r.pc = 0x1310;
		cfi_reg_set(&r, 14, 0x1310);
		assert_int_equal(exidx_step(&x, &r, fake_read, &m), EXIDX_E_LOOP);
		cfi_reg_set(&r, 14, 0); /* a return address of 0: the end */
		assert_int_equal(exidx_step(&x, &r, fake_read, &m), 0);
		r.pc = 0x1410;
		assert_int_equal(exidx_step(&x, &r, fake_read, &m), 0);
		r.pc = 0xf00;
		assert_int_equal(exidx_step(&x, &r, fake_read, &m), EXIDX_E_NOENTRY);
		/* a personality routine: refused unless taken as GNU's */
		regs_init(&r);
		r.pc = 0x1510;
		assert_int_equal(exidx_step(&x, &r, fake_read, &m), EXIDX_E_UNSUPPORTED);
		x.gnu_personality = 1;
		assert_int_equal(exidx_step(&x, &r, fake_read, &m), 1);
		assert_int_equal(r.pc, 0x1001);
	}
}

/* ---- hostile tables ---- */

static void hostile_tables_give_errors(void **state)
{
	static struct tables t;
	struct exidx x;
	struct exidx_entry e;
	struct exidx_section idx, tab;
	struct cfi_regs r;
	struct fake_mem m;
	size_t p;

	(void)state;
	memset(&t, 0, sizeof(t));
	add_entry(&t, 0x2000, 1, 0);
	add_entry(&t, 0x1000, 1, 0);
	idx = (struct exidx_section){ t.idx, t.nidx, IDX_ADDR };
	assert_int_equal(exidx_open(&x, &idx, NULL, 0), EXIDX_E_BAD);   /* out of order */
	assert_int_equal(x.n, 0);
	idx.size = 12;
	assert_int_equal(exidx_open(&x, &idx, NULL, 0), EXIDX_E_TRUNCATED);
	t.idx[3] |= 0x80; /* bit 31 of a function's word */
	idx = (struct exidx_section){ t.idx, 8, IDX_ADDR };
	assert_int_equal(exidx_open(&x, &idx, NULL, 0), EXIDX_E_BAD);
	idx = (struct exidx_section){ NULL, 8, IDX_ADDR };
	assert_int_equal(exidx_open(&x, &idx, NULL, 0), EXIDX_E_BAD);

	/* extab pointers outside, entries past the end, endless uleb128s */
	memset(&t, 0, sizeof(t));
	p = add_word(&t, 0x81ff0000 | 0xb2ff);        /* 255 words of 0xff */
	for (int k = 0; k < 255; k++)
		add_word(&t, 0xffffffff);
	size_t g = add_word(&t, 0x00001000);          /* GNU: 9 more words, none */
	add_word(&t, 0x09b0b0b0);
	size_t last = add_word(&t, 0x81050000);       /* 5 more words: the buffer ends */
	add_entry(&t, 0x1000, 0, last);
	add_entry(&t, 0x1100, 0, p);
	add_entry(&t, 0x1200, 0, sizeof(t.tab) + 64); /* past the buffer */
	add_entry(&t, 0x1300, prel(TAB_ADDR - 4, IDX_ADDR + 8 * 3 + 4), 0); /* before it */
	add_entry(&t, 0x1400, 0, g);
	add_entry(&t, 0x1500, 0, last + 2);           /* 2 bytes of a word */
	open_tables(&x, &t, 0);
	x.gnu_personality = 1;
	assert_int_equal(exidx_entry(&x, 0, &e), EXIDX_E_TRUNCATED);
	assert_int_equal(exidx_entry(&x, 1, &e), 0);
	assert_int_equal(e.nops, 2 + 255 * 4);
	assert_int_equal(exidx_entry(&x, 2, &e), EXIDX_E_BAD);
	assert_int_equal(exidx_entry(&x, 3, &e), EXIDX_E_BAD);
	assert_int_equal(exidx_entry(&x, 4, &e), EXIDX_E_TRUNCATED);
	assert_int_equal(exidx_entry(&x, 5, &e), EXIDX_E_TRUNCATED);
	fake_fill(&m, STACK, 0);
	regs_init(&r);
	r.pc = 0x1100;
	assert_int_equal(exidx_step(&x, &r, fake_read, &m), EXIDX_E_BAD);
	r.pc = 0x1000;
	assert_int_equal(exidx_step(&x, &r, fake_read, &m), EXIDX_E_TRUNCATED);
	/* no extab given at all */
	tab = (struct exidx_section){ NULL, 0, 0 };
	idx = (struct exidx_section){ t.idx, t.nidx, IDX_ADDR };
	assert_int_equal(exidx_open(&x, &idx, &tab, 0), 0);
	assert_int_equal(exidx_entry(&x, 1, &e), EXIDX_E_BAD);
}

/* Every prefix of a good table, every byte of it and of its extab
 * corrupted, and random tables: an answer or an error, never a crash or a
 * read outside (the copies are exactly their size, for SANITIZE=1) */
static void damaged_tables_give_errors(void **state)
{
	static struct tables t;
	static const uint8_t vals[] = { 0xff, 0x00, 0x80, 0x7f, 0xb2 };
	uint32_t seed = 2024;

	(void)state;
	memset(&t, 0, sizeof(t));
	size_t p1 = add_word(&t, 0x8102b108);
	add_word(&t, 0x840000a8);
	add_word(&t, 0xb2817fb0);
	size_t g = add_word(&t, prel(0x9abc, TAB_ADDR + (uint32_t)t.ntab));
	add_word(&t, 0x01a9b0b0);
	add_word(&t, 0x0102b0b0);
	add_entry(&t, 0x1000, 0x80a8b0b0, 0);
	add_entry(&t, 0x1100, 0, p1);
	add_entry(&t, 0x1200, 0, g);
	add_entry(&t, 0x1300, 1, 0);
	for (int which = 0; which < 2; which++) {
		size_t n = which ? t.ntab : t.nidx;

		for (size_t len = 0; len <= n; len++) {
			for (size_t at = 0; at <= len; at++) {
				for (size_t v = 0; v < (at < len ? sizeof(vals) : 1); v++) {
					uint8_t *copy = malloc(len ? len : 1);
					struct exidx_section idx = { t.idx, t.nidx, IDX_ADDR }, tab = { t.tab, t.ntab, TAB_ADDR };
					struct exidx x;
					struct exidx_entry e;
					struct cfi_regs r;
					struct fake_mem m;
					size_t i;

					memcpy(copy, which ? t.tab : t.idx, len);
					if (at < len)
						copy[at] = vals[v];
					if (which)
						tab.data = copy, tab.size = len;
					else
						idx.data = copy, idx.size = len;
					fake_fill(&m, STACK, 0);
					for (int gnu = 0; gnu < 2; gnu++) {
						if (exidx_open(&x, &idx, &tab, 0))
							continue;
						x.gnu_personality = (uint8_t)gnu;
						for (size_t k = 0; k < x.n; k++)
							exidx_entry(&x, k, &e);
						for (uint32_t pc = 0xff0; pc < 0x1400; pc += 0x80) {
							int rr;

							regs_init(&r);
							r.pc = pc;
							rr = exidx_step(&x, &r, fake_read, &m);
							assert_true(rr >= EXIDX_E_LOOP && rr <= 1);
							if (!exidx_find(&x, pc, &i))
								assert_true(i < x.n);
						}
					}
					free(copy);
				}
			}
		}
	}
	for (int iter = 0; iter < 3000; iter++) {
		size_t ni = 8 * (size_t)(iter % 12), nt = (size_t)(iter % 97);
		uint8_t *bi = malloc(ni ? ni : 1), *bt = malloc(nt ? nt : 1);
		struct exidx_section idx = { bi, ni, IDX_ADDR }, tab = { bt, nt, IDX_ADDR + ni };
		struct exidx x;
		struct exidx_entry e;
		struct cfi_regs r;
		struct fake_mem m;

		for (size_t i = 0; i < ni + nt; i++) {
			seed = seed * 1103515245 + 12345;
			if (i < ni)
				bi[i] = (uint8_t)(seed >> 16);
			else
				bt[i - ni] = (uint8_t)(seed >> 16);
		}
		/* small, sorted function offsets more often than not */
		for (size_t i = 0; iter % 3 && i < ni; i += 8)
			put32(bi + i, (uint32_t)(0x100 - i), iter & 1);
		if (!exidx_open(&x, &idx, &tab, iter & 1)) {
			x.gnu_personality = iter >> 2 & 1;
			fake_fill(&m, STACK, iter & 1);
			for (size_t k = 0; k < x.n; k++) {
				if (exidx_entry(&x, k, &e))
					continue;
				assert_true(e.nops <= EXIDX_MAX_OPS);
				regs_init(&r);
				exidx_run(e.ops, e.nops, iter & 1, &r, fake_read, &m);
				regs_init(&r);
				r.pc = e.fn;
				exidx_step(&x, &r, fake_read, &m);
			}
		}
		free(bi);
		free(bt);
	}
}

/* ---- the readelf oracle ---- */

/* An instruction as readelf -u shows it, from our decoding (bytes[0]
 * chooses only between readelf's words for an instruction not executed) */
static const char *insn_text(const struct exidx_insn *in, uint8_t op)
{
	static char buf[160];
	size_t n = 0;
	const char *sep = "";

#define OUT(...) (n += (size_t)snprintf(buf + n, sizeof(buf) - n, __VA_ARGS__))
	switch (in->op) {
	case EXIDX_OP_VSP_ADD: OUT("vsp = vsp + %u", in->n); break;
	case EXIDX_OP_VSP_SUB: OUT("vsp = vsp - %u", in->n); break;
	case EXIDX_OP_REFUSE: OUT("Refuse to unwind"); break;
	case EXIDX_OP_VSP_REG: OUT("vsp = r%u", in->n); break;
	case EXIDX_OP_FINISH: OUT("finish"); break;
	case EXIDX_OP_POP:
	case EXIDX_OP_POP_WCGR:
		OUT("pop {");
		for (unsigned k = 0; k < 16; k++) {
			if (!(in->mask >> k & 1))
				continue;
			OUT("%s%s%u", sep, in->op == EXIDX_OP_POP ? "r" : "wCGR", k);
			sep = ", ";
		}
		OUT("}");
		break;
	case EXIDX_OP_POP_VFP:
	case EXIDX_OP_POP_WMMX: {
		const char *r = in->op == EXIDX_OP_POP_VFP ? "D" : "wR";

		OUT("pop {%s%u", r, in->first);
		if (in->count > 1)
			OUT("-%s%u", r, in->first + in->count - 1);
		OUT("}");
		break;
	}
	default:
		OUT("%s", op == 0x9d || op == 0x9f ? "[Reserved]" : op == 0xb1 || op == 0xc7 ? "[Spare]" :
			  "[unsupported opcode]");
	}
#undef OUT
	return buf;
}

/* One instruction line of readelf's: its bytes and its text */
struct want_op {
	uint8_t bytes[12], nbytes;
	char text[96];
};

/* One entry of readelf's listing */
struct want {
	uint64_t fn, word, extab, personality;
	int kind;        /* -1 none yet, or enum exidx_kind */
	int index;       /* the compact model's; -1 none shown */
	int has_personality;
	int nops;
	struct want_op ops[400];
	char line[200];
};

struct oracle {
	const struct elf *e;
	struct exidx x, x_gnu, x_bias;
	int open;
	size_t next;     /* the entry readelf shows next */
	long entries, insns, runs, mismatches, ambiguous, assumed;
};

#define BIAS 0x40000000u /* where x_bias is loaded */

static void mismatch(struct oracle *o, const struct want *w, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void mismatch(struct oracle *o, const struct want *w, const char *fmt, ...)
{
	va_list ap;
	char msg[400];

	if (o->mismatches++ >= 20)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	print_message("MISMATCH %s: entry %zu \"%s\": %s\n", o->e->path, o->next, w->line, msg);
}

/* The stack a run reads: every word a function of its address */
static uint32_t mem_word(uint32_t addr)
{
	return (addr * 2654435761u) ^ 0x5a5a0000u;
}

static int any_read(void *ctx, uint64_t addr, void *buf, size_t n)
{
	const struct elf *e = ctx;

	for (size_t k = 0; k + 4 <= n; k += 4) {
		uint32_t v = mem_word((uint32_t)(addr + k));

		for (int i = 0; i < 4; i++)
			((uint8_t *)buf)[k + (size_t)(e->be ? 3 - i : i)] = (uint8_t)(v >> 8 * i);
	}
	return n % 4 ? -1 : 0;
}

#define RUN_SP 0x7ff00000u

/* What readelf's lines say the registers become: 1 finished, 0 refused,
 * -1 a line not to be run (spare, reserved). rN for "pop {...}", D and wR
 * registers only move vsp, 4 more for FSTMFDX (b3, b8-bf). */
static int simulate(const struct want *w, uint32_t *r, uint32_t *pc)
{
	uint32_t vsp = r[13];
	int pc_set = 0;

	for (int k = 0; k < w->nops; k++) {
		const struct want_op *op = &w->ops[k];
		const char *t = op->text;
		unsigned a, b;

		if (!strcmp(t, "finish"))
			break;
		if (!strcmp(t, "Refuse to unwind"))
			return 0;
		if (sscanf(t, "vsp = vsp + %u", &a) == 1) {
			vsp += a;
		} else if (sscanf(t, "vsp = vsp - %u", &a) == 1) {
			vsp -= a;
		} else if (sscanf(t, "vsp = r%u", &a) == 1) {
			vsp = r[a];
		} else if (!strncmp(t, "pop {r", 6)) {
			uint32_t vals[16];
			unsigned regs[16], n = 0;

			for (const char *p = t + 5; (p = strchr(p, 'r')) && n < 16; p++)
				regs[n++] = (unsigned)atoi(p + 1);
			for (unsigned i = 0; i < n; i++)
				vals[i] = mem_word(vsp + 4 * i);
			for (unsigned i = 0; i < n; i++) {
				r[regs[i]] = vals[i];
				pc_set |= regs[i] == 15;
			}
			vsp += 4 * n;
			for (unsigned i = 0; i < n; i++)
				if (regs[i] == 13)
					vsp = vals[i];
		} else if (sscanf(t, "pop {D%u-D%u}", &a, &b) == 2 || sscanf(t, "pop {D%u}", &a) == 1) {
			if (!strchr(t, '-'))
				b = a;
			vsp += 8 * (b - a + 1) + (op->bytes[0] == 0xb3 || (op->bytes[0] & 0xf8) == 0xb8 ? 4 : 0);
		} else if (sscanf(t, "pop {wR%u-wR%u}", &a, &b) == 2 || sscanf(t, "pop {wR%u}", &a) == 1) {
			if (!strchr(t, '-'))
				b = a;
			vsp += 8 * (b - a + 1);
		} else if (!strncmp(t, "pop {wCGR", 9)) {
			for (const char *p = t; (p = strstr(p, "wCGR")); p++)
				vsp += 4;
		} else {
			return -1;
		}
	}
	if (!pc_set)
		r[15] = r[14];
	r[13] = vsp;
	*pc = r[15];
	return 1;
}

/* Our instructions against readelf's lines, then our run against its */
static void compare_ops(struct oracle *o, const struct want *w, const struct exidx_entry *e)
{
	size_t at = 0;
	int k = 0;

	while (at < e->nops) {
		struct exidx_insn in;
		int len = exidx_insn(e->ops + at, e->nops - at, &in);
		const char *text = len < 0 ? "[Truncated opcode]" : insn_text(&in, e->ops[at]);
		size_t nb = len < 0 ? e->nops - at : (size_t)len;

		o->insns++;
		if (k == w->nops) {
			mismatch(o, w, "instruction %d (%#x) %s: readelf shows no more", k, e->ops[at], text);
			return;
		}
		if (nb != w->ops[k].nbytes || memcmp(e->ops + at, w->ops[k].bytes, nb) || strcmp(text, w->ops[k].text)) {
			mismatch(o, w, "instruction %d: %u bytes from %#x, \"%s\"; readelf's %u from %#x, \"%s\"", k,
				 (unsigned)nb, e->ops[at], text, w->ops[k].nbytes, w->ops[k].bytes[0], w->ops[k].text);
			return;
		}
		at += nb;
		k++;
	}
	if (k != w->nops) {
		mismatch(o, w, "%d instructions, readelf shows %d", k, w->nops);
		return;
	}

	/* run them: every register as readelf's lines move it */
	struct cfi_regs regs = { 0 };
	uint32_t r[16], pc = 0;
	int want, got;

	for (unsigned i = 0; i < 16; i++) {
		r[i] = 0x10000000u + 0x1000u * i;
		cfi_reg_set(&regs, i, r[i]);
	}
	r[13] = RUN_SP;
	cfi_reg_set(&regs, 13, RUN_SP);
	want = simulate(w, r, &pc);
	got = exidx_run(e->ops, e->nops, o->e->be, &regs, any_read, (void *)o->e);
	o->runs++;
	if (want < 0) {
		if (got >= 0)
			mismatch(o, w, "ran (%d) what readelf calls unsupported", got);
		return;
	}
	if (got != want) {
		mismatch(o, w, "run: %s, readelf's listing %s", got < 0 ? exidx_strerror(got) : got ? "done" : "refused",
			 want ? "done" : "refused");
		return;
	}
	if (!got)
		return;
	for (unsigned i = 0; i < 16; i++)
		if (regs.r[i] != r[i])
			mismatch(o, w, "run: r%u = %#llx, readelf's listing %#x", i, (unsigned long long)regs.r[i], r[i]);
	if (regs.pc != pc)
		mismatch(o, w, "run: pc = %#llx, readelf's listing %#x", (unsigned long long)regs.pc, pc);
}

static void check_lookup(struct oracle *o, const struct want *w, struct exidx *x, uint64_t pc, uint64_t bias)
{
	size_t i;
	int r = exidx_find(x, pc + bias, &i);

	if (r)
		mismatch(o, w, "look-up of %#llx%s: %s", (unsigned long long)pc, bias ? " loaded elsewhere" : "",
			 exidx_strerror(r));
	else if (i != o->next)
		o->ambiguous++; /* entries of one address: the last is found */
}

static void check_entry(struct oracle *o, struct want *w)
{
	struct exidx_entry e, eb;
	int r;

	if (w->kind < 0)
		return;
	o->entries++;
	if (o->next >= o->x.n) {
		mismatch(o, w, "past our %zu entries", o->x.n);
		return;
	}
	r = exidx_entry(&o->x, o->next, &e);
	if (r) {
		mismatch(o, w, "%s", exidx_strerror(r));
		return;
	}
	if (e.fn != w->fn)
		mismatch(o, w, "function %#llx", (unsigned long long)e.fn);
	if (e.kind != w->kind || (w->kind == EXIDX_COMPACT && !w->extab && e.word != w->word) ||
	    e.extab != w->extab)
		mismatch(o, w, "kind %d word %#x extab %#llx", e.kind, e.word, (unsigned long long)e.extab);
	if (w->index >= 0 && (e.kind != EXIDX_COMPACT || e.index != w->index))
		mismatch(o, w, "compact model %d, readelf's %d", e.index, w->index);
	if (w->has_personality && (e.kind != EXIDX_GENERIC || e.personality != w->personality))
		mismatch(o, w, "personality routine %#llx", (unsigned long long)e.personality);
	if (e.end > (e.fn & ~1ull)) {
		/* the last entry holds to the end of the address space: not past it loaded elsewhere */
		uint64_t last = e.end >> 32 ? e.fn + 0x1000 : e.end - 1;

		check_lookup(o, w, &o->x, e.fn, 0);
		check_lookup(o, w, &o->x, last, 0);
		check_lookup(o, w, &o->x_bias, e.fn, BIAS);
		check_lookup(o, w, &o->x_bias, last, BIAS);
	}
	if (exidx_entry(&o->x_bias, o->next, &eb) || eb.fn != e.fn + BIAS ||
	    eb.extab != (e.extab ? e.extab + BIAS : 0) || eb.nops != e.nops ||
	    eb.personality != (e.personality ? e.personality + BIAS : 0))
		mismatch(o, w, "loaded elsewhere, the entry differs");
	if (e.kind == EXIDX_GENERIC) {
		/* readelf shows a routine's instructions when it knows the routine
		 * by name for a GNU one; else ours are taken on trust */
		r = exidx_entry(&o->x_gnu, o->next, &e);
		if (!w->nops) {
			o->assumed++;
			return;
		}
		if (r) {
			mismatch(o, w, "as GNU's: %s", exidx_strerror(r));
			return;
		}
	}
	if (e.kind != EXIDX_CANTUNWIND)
		compare_ops(o, w, &e);
}

/* A section's table from the ELF file, with its .ARM.extab */
static int elf_exidx(const struct elf *e, uint64_t bias, struct exidx *x)
{
	uint64_t off, size, addr, toff = 0, tsize = 0, taddr = 0;
	struct exidx_section idx, tab;

	if (!elf_section(e, ".ARM.exidx", &off, &size, &addr))
		return 0;
	elf_section(e, ".ARM.extab", &toff, &tsize, &taddr);
	idx = (struct exidx_section){ e->data + off, size, addr + bias };
	tab = (struct exidx_section){ e->data + toff, tsize, taddr + bias };
	return exidx_open(x, &idx, &tab, e->be) == 0;
}

/* "  0xNN 0xNN text": the bytes, then the text */
static void parse_op(struct want_op *op, const char *line)
{
	const char *p = line;
	unsigned b;
	int used;

	op->nbytes = 0;
	while (*p == ' ')
		p++;
	while (op->nbytes < sizeof(op->bytes) && sscanf(p, "0x%2x%n", &b, &used) == 1 && (p[used] == ' ' || !p[used])) {
		op->bytes[op->nbytes++] = (uint8_t)b;
		p += used;
		while (*p == ' ')
			p++;
	}
	snprintf(op->text, sizeof(op->text), "%s", p);
}

static void oracle_file(struct oracle *o, const char *elf_path, const char *u_path)
{
	static struct elf e;
	static struct want w;
	char *text = slurp(u_path, NULL), *line, *save = NULL;
	long sections = 0;

	elf_load(&e, elf_path);
	o->e = &e;
	o->open = 0;
	w.kind = -1;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned long long v, v2;
		unsigned long n;
		char sec[64];
		const char *colon;

		if (sscanf(line, "Unwind section '%63[^']' at offset %llx contains %lu entries", sec, &v, &n) == 3) {
			check_entry(o, &w);
			w.kind = -1;
			/* linked files have one table; .ARM.exidx.* of objects are not ours */
			if (sections++ || strcmp(sec, ".ARM.exidx")) {
				mismatch(o, &w, "a table we do not read: %s", sec);
				o->open = 0;
				continue;
			}
			o->open = elf_exidx(&e, 0, &o->x) && elf_exidx(&e, 0, &o->x_gnu) && elf_exidx(&e, BIAS, &o->x_bias);
			o->x_gnu.gnu_personality = 1;
			o->next = 0;
			if (!o->open)
				mismatch(o, &w, "a table readelf reads we cannot open");
			else if (o->x.n != n)
				mismatch(o, &w, "%zu entries, readelf's %lu", o->x.n, n);
			continue;
		}
		if (!o->open)
			continue;
		/* "0xFN <symbol>: ...": the last ": " (a symbol's name may hold one) */
		colon = NULL;
		for (const char *c = strstr(line, ": "); c; c = strstr(c + 1, ": "))
			colon = c;
		if (!strncmp(line, "0x", 2) && colon) {
			if (w.kind >= 0) {
				check_entry(o, &w);
				o->next++;
			}
			memset(&w, 0, offsetof(struct want, ops));
			w.index = -1;
			snprintf(w.line, sizeof(w.line), "%s", line);
			w.fn = strtoull(line, NULL, 16);
			colon += 2;
			if (sscanf(colon, "0x%llx", &v) == 1 && strstr(colon, "[cantunwind]")) {
				w.kind = EXIDX_CANTUNWIND;
			} else if (sscanf(colon, "@0x%llx", &v) == 1) {
				w.kind = EXIDX_COMPACT; /* or generic, as the next line says */
				w.extab = v;
			} else if (sscanf(colon, "0x%llx", &v) == 1) {
				w.kind = EXIDX_COMPACT;
				w.word = v;
			} else {
				fail_msg("%s: %s", u_path, line);
			}
			continue;
		}
		if (w.kind < 0 || strncmp(line, "  ", 2))
			continue;
		if (sscanf(line, "  Compact model index: %llu", &v) == 1) {
			w.index = (int)v;
		} else if (sscanf(line, "  Personality routine: 0x%llx", &v2) == 1) {
			w.kind = EXIDX_GENERIC;
			w.has_personality = 1;
			w.personality = v2;
		} else if (!strncmp(line, "  0x", 4)) {
			if (w.nops == (int)(sizeof(w.ops) / sizeof(w.ops[0])))
				fail_msg("%s: more instructions than we hold: %s", u_path, w.line);
			parse_op(&w.ops[w.nops++], line);
		} else {
			mismatch(o, &w, "a line we do not know: %s", line);
		}
	}
	if (o->open && w.kind >= 0) {
		check_entry(o, &w);
		o->next++;
	}
	if (o->open && o->next != o->x.n)
		mismatch(o, &w, "readelf showed %zu entries of our %zu", o->next, o->x.n);
	free(text);
	free(e.data);
}

static void decoding_matches_readelf(void **state)
{
	const char *list = getenv("PROCBOX_EXIDX_ORACLE");
	char *text, *line, *save = NULL;
	static struct oracle o;
	long entries = 0;
	int absent = 0;

	(void)state;
	if (!list) {
		print_message("[  SKIP    ] PROCBOX_EXIDX_ORACLE unset: make check-unit sets it\n");
		skip();
	}
	text = slurp(list, NULL);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char elf_path[512], u_path[512];
		long m = o.mismatches;

		if (sscanf(line, "absent %511s", elf_path) == 1) {
			print_message("[  SKIP    ] %s: absent (armv7l builds: make ARCH=armv7l check-unit;"
				      " libraries: the armhf cross compiler's packages)\n", elf_path);
			absent++;
			continue;
		}
		assert_int_equal(sscanf(line, "%511s %511s", elf_path, u_path), 2);
		o.entries = o.insns = o.runs = o.ambiguous = o.assumed = 0;
		oracle_file(&o, elf_path, u_path);
		print_message("[ ORACLE   ] %s: %ld entries, %ld instructions, %ld runs, %ld mismatches%s%s\n",
			      elf_path, o.entries, o.insns, o.runs, o.mismatches - m,
			      o.ambiguous ? ", some functions sharing an address" : "",
			      o.assumed ? ", personality routines' data taken as GNU's" : "");
		entries += o.entries;
	}
	free(text);
	if (o.mismatches > 20)
		print_message("(the first 20 mismatches shown)\n");
	assert_int_equal(o.mismatches, 0);
	if (!entries) {
		print_message("[  SKIP    ] no 32-bit Arm file to compare (%d absent)\n", absent);
		skip();
	}
}

/* ---- a walk up this test's own stack (armv7l) ---- */

#if defined(__arm__) /* reading pc gives the instruction's address + 4 (Thumb) or + 8: the nops */
#define HERE(pc, sp) __asm__ volatile("mov %0, sp\n\tmov %1, pc\n\tnop\n\tnop" : "=r"(sp), "=r"(pc))
#else
#define HERE(pc, sp) ((pc) = 0, (sp) = 0)
#endif
/* The frame pointer of the code: r7 in Thumb, r11 in Arm */
#if defined(__thumb__)
#define FP_REG 7
#else
#define FP_REG 11
#endif

struct walk {
	uintptr_t pc, sp, fp, lr, top; /* top: no frame of the walk lies above */
	int steps, err;
	uint64_t ret[3], begin[3];
	volatile int sink;
};

/* The function holding addr by the symbol table (not by the unwind
 * table: ld merges the entries of neighbours that unwind alike), or 0 */
static uint64_t func_at(const struct elf *e, uint64_t addr, uint64_t bias)
{
	uint64_t off, size, a;

	assert_false(e->cls64);
	if (!elf_section(e, ".symtab", &off, &size, &a))
		fail_msg("%s: no symbol table", e->path);
	for (uint64_t s = off; s + 16 <= off + size; s += 16) {
		uint64_t value = (elf_get(e, s + 4, 4) & ~1ull) + bias, n = elf_get(e, s + 8, 4);

		if ((elf_get(e, s + 12, 1) & 0xf) == STT_FUNC && value <= addr && addr - value < n)
			return value;
	}
	return 0;
}

static void walk(struct walk *w)
{
	static struct elf e;
	struct exidx x;
	struct cfi_regs r = { 0 };
	struct self_mem m = { w->sp, w->top };
	uint64_t bias;

	elf_load(&e, "/proc/self/exe");
	bias = self_bias(&e);
	if (!elf_exidx(&e, bias, &x))
		fail_msg("/proc/self/exe: no .ARM.exidx, or one we cannot open");
	r.pc = w->pc;
	cfi_reg_set(&r, 13, w->sp);
	cfi_reg_set(&r, FP_REG, w->fp);
	cfi_reg_set(&r, 14, w->lr);
	for (w->steps = 0; w->steps < 3; w->steps++) {
		w->err = exidx_step(&x, &r, self_read, &m);
		if (w->err != 1)
			break;
		w->err = 0;
		w->ret[w->steps] = r.pc;
		w->begin[w->steps] = func_at(&e, (r.pc & ~1ull) - 1, bias);
	}
	free(e.data);
}

/* c takes its registers and walks while a, b and c are live; work after
 * each call keeps it a call, not a jump */
static __attribute__((noipa)) int chain_c(struct walk *w)
{
	uintptr_t pc, sp;

	HERE(pc, sp);
	w->pc = pc, w->sp = sp;
	w->fp = (uintptr_t)__builtin_frame_address(0);
	w->lr = (uintptr_t)__builtin_return_address(0);
	walk(w);
	return w->sink + 1;
}

static __attribute__((noipa)) int chain_b(struct walk *w)
{
	int r = chain_c(w);

	w->sink += r;
	return r + 2;
}

static __attribute__((noipa)) int chain_a(struct walk *w)
{
	int r = chain_b(w);

	w->sink += r;
	return r + 3;
}

static uint64_t code_addr(void (*fn)(void))
{
	return (uintptr_t)fn & ~(uintptr_t)1;
}

static void unwinds_its_own_stack(void **state)
{
	static struct walk w;
	volatile char mark = 0;
	uint64_t want[3] = { code_addr((void (*)(void))chain_b), code_addr((void (*)(void))chain_a),
			     code_addr((void (*)(void))unwinds_its_own_stack) };

	(void)state;
	if (strcmp(arch_host()->name, "armv7l")) {
		print_message("[  SKIP    ] EHABI tables are 32-bit Arm's: this test is built for %s\n",
			      arch_host()->name);
		skip();
	}
	memset(&w, 0, sizeof(w));
	w.top = (uintptr_t)&mark;
	assert_int_equal(chain_a(&w), 6 + w.sink - w.sink);
	if (w.err)
		fail_msg("step %d: %s", w.steps + 1, exidx_strerror(w.err));
	assert_int_equal(w.steps, 3);
	for (int i = 0; i < 3; i++) {
		print_message("[ WALK     ] frame %d: return address %#llx in the function at %#llx\n", i + 1,
			      (unsigned long long)w.ret[i], (unsigned long long)w.begin[i]);
		assert_int_equal(w.begin[i], want[i]);
		assert_true(w.ret[i] > want[i]);
	}
	(void)mark;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lookup_finds_the_covering_entry),
		cmocka_unit_test(entries_decode_every_model),
		cmocka_unit_test(instructions_decode),
		cmocka_unit_test(run_executes_each_class),
		cmocka_unit_test(step_walks_frames),
		cmocka_unit_test(hostile_tables_give_errors),
		cmocka_unit_test(damaged_tables_give_errors),
		cmocka_unit_test(decoding_matches_readelf),
		cmocka_unit_test(unwinds_its_own_stack),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
