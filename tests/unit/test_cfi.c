/* test_cfi.c: the CFI engine (lib/cfi.c, lib/dwarf_expr.c, arch/ARCH/dwarf.c).
 * Hand-assembled CIEs and FDEs with known rows, in both byte orders and
 * classes; hostile inputs; every FDE of real ELF files of this arch against
 * binutils' readelf -wF (PROCBOX_CFI_ORACLE, made by the Makefile); and a
 * walk up this test's own stack. Built with unwind tables (the Makefile's
 * TEST_CFLAGS_test_cfi) for that walk. */
#include "cfi.h"
#include "elfutil.h"

/* ---- a small assembler for CFI bytes ---- */

struct asmb {
	uint8_t b[16384];
	size_t n;
	int be;
};

static void put(struct asmb *a, uint64_t v, unsigned k)
{
	assert_true(a->n + k <= sizeof(a->b));
	for (unsigned i = 0; i < k; i++)
		a->b[a->n + (a->be ? k - 1 - i : i)] = (uint8_t)(v >> 8 * i);
	a->n += k;
}

static void uleb(struct asmb *a, uint64_t v)
{
	do {
		uint8_t b = v & 0x7f;

		v >>= 7;
		put(a, b | (v ? 0x80 : 0), 1);
	} while (v);
}

static void sleb(struct asmb *a, int64_t v)
{
	for (;;) {
		uint8_t b = v & 0x7f;

		v >>= 7;
		if ((v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40))) {
			put(a, b, 1);
			return;
		}
		put(a, b | 0x80, 1);
	}
}

static void bytes(struct asmb *a, const uint8_t *p, size_t k)
{
	assert_true(a->n + k <= sizeof(a->b));
	memcpy(a->b + a->n, p, k);
	a->n += k;
}
#define INS(A, ...) bytes(A, (const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ }))

/* An entry's length field (32-bit DWARF): patched by entry_end */
static size_t entry_begin(struct asmb *a)
{
	size_t at = a->n;

	put(a, 0, 4);
	return at;
}

static void entry_end(struct asmb *a, size_t at, unsigned align)
{
	size_t save;

	while ((a->n - at) % align)
		put(a, 0, 1); /* DW_CFA_nop */
	save = a->n;
	a->n = at;
	put(a, save - at - 4, 4);
	a->n = save;
}

#define SEC_ADDR 0x10000u /* where the test sections are */
#define DATA_BASE 0x8000u

/* A value in a DW_EH_PE_* encoding, written at the assembler's position */
static void put_enc(struct asmb *a, uint8_t enc, uint64_t v, unsigned asz)
{
	uint64_t here = SEC_ADDR + a->n;

	if ((enc & 0x70) == 0x10)
		v -= here;
	else if ((enc & 0x70) == 0x30)
		v -= DATA_BASE;
	switch (enc & 0x0f) {
	case 0x00: case 0x08: put(a, v, asz); break;
	case 0x01: uleb(a, v); break;
	case 0x09: sleb(a, (int64_t)v); break;
	case 0x02: case 0x0a: put(a, v, 2); break;
	case 0x03: case 0x0b: put(a, v, 4); break;
	case 0x04: case 0x0c: put(a, v, 8); break;
	default: fail_msg("encoding %#x", enc);
	}
}

/* An .eh_frame CIE "zR" (code 1, data -8, ra 16: x86_64's) whose initial
 * row is CFA = r7 + 8, r16 at CFA - 8 */
static size_t eh_cie(struct asmb *a, uint8_t fde_enc)
{
	size_t at = entry_begin(a);

	put(a, 0, 4);          /* CIE id */
	INS(a, 1, 'z', 'R', 0); /* version, augmentation */
	uleb(a, 1);
	sleb(a, -8);
	put(a, 16, 1);
	uleb(a, 1);
	put(a, fde_enc, 1);
	INS(a, 0x0c, 7, 8, 0x80 | 16, 1); /* def_cfa r7+8; offset r16 at cfa-8 */
	entry_end(a, at, 4);
	return at;
}

static size_t eh_fde(struct asmb *a, size_t cie, uint8_t enc, uint64_t pc, uint64_t range,
		     const uint8_t *insns, size_t n)
{
	size_t at = entry_begin(a);

	put(a, a->n - cie, 4);
	put_enc(a, enc, pc, 8);
	put_enc(a, enc & 0x0f, range, 8);
	uleb(a, 0); /* augmentation data */
	bytes(a, insns, n);
	entry_end(a, at, 4);
	return at;
}

static void open_sec(struct cfi *c, struct asmb *a, int debug_frame, unsigned asz)
{
	struct cfi_section s = { a->b, a->n, SEC_ADDR, 0, DATA_BASE, (uint8_t)debug_frame, (uint8_t)asz,
				 (uint8_t)a->be };

	assert_int_equal(cfi_open(c, &s), 0);
}

static void row_for(struct cfi *c, uint64_t pc, struct cfi_row *row)
{
	struct cfi_fde f;

	assert_int_equal(cfi_find(c, pc, &f), 0);
	assert_int_equal(cfi_row_at(c, &f, pc, row), 0);
}

static void expect_rule(const struct cfi_row *row, unsigned reg, int kind, int64_t n)
{
	struct cfi_rule r = cfi_row_rule(row, reg);

	assert_int_equal(r.kind, kind);
	if (kind == CFI_OFFSET || kind == CFI_VAL_OFFSET || kind == CFI_REGISTER)
		assert_int_equal(r.n, n);
}

/* ---- rows of hand-assembled CFI ---- */

/* push rbp; mov rsp,rbp; ...; a prologue's CFI as GCC writes it */
static const uint8_t prologue[] = {
	0x41, 0x0e, 16, 0x86, 2, /* +1: cfa_offset 16; rbp at cfa-16 */
	0x43, 0x0d, 6,           /* +3: cfa_register rbp */
	0x6a, 0x0c, 7, 8,        /* +42: def_cfa rsp+8 */
};

static void rows_follow_the_instructions(void **state)
{
	static struct asmb a;
	struct cfi c;
	struct cfi_row row;

	(void)state;
	memset(&a, 0, sizeof(a));
	size_t cie = eh_cie(&a, 0x1b);
	eh_fde(&a, cie, 0x1b, 0x401000, 0x40, prologue, sizeof(prologue));
	open_sec(&c, &a, 0, 8);

	row_for(&c, 0x401000, &row);
	assert_int_equal(row.loc, 0x401000);
	assert_int_equal(row.end, 0x401001);
	assert_int_equal(row.cfa.kind, CFI_CFA_REG);
	assert_int_equal(row.cfa.reg, 7);
	assert_int_equal(row.cfa.n, 8);
	expect_rule(&row, 16, CFI_OFFSET, -8);
	expect_rule(&row, 6, CFI_UNSET, 0);

	row_for(&c, 0x401003, &row);
	assert_int_equal(row.loc, 0x401001);
	assert_int_equal(row.end, 0x401004);
	assert_int_equal(row.cfa.reg, 7);
	assert_int_equal(row.cfa.n, 16);
	expect_rule(&row, 6, CFI_OFFSET, -16);

	row_for(&c, 0x401004, &row);
	assert_int_equal(row.cfa.reg, 6);
	assert_int_equal(row.cfa.n, 16);
	assert_int_equal(row.end, 0x40102e);

	row_for(&c, 0x40103f, &row);
	assert_int_equal(row.loc, 0x40102e);
	assert_int_equal(row.end, 0x401040);
	assert_int_equal(row.cfa.reg, 7);
	assert_int_equal(row.cfa.n, 8);
	expect_rule(&row, 6, CFI_OFFSET, -16);

	struct cfi_fde f;
	assert_int_equal(cfi_find(&c, 0x401040, &f), CFI_E_NOFDE);
	assert_int_equal(cfi_find(&c, 0x400fff, &f), CFI_E_NOFDE);
	cfi_close(&c);
}

/* Every pointer encoding of an FDE's pc, each way of being relative */
static void every_pointer_encoding_decodes(void **state)
{
	static const uint8_t formats[] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x09, 0x0a, 0x0b, 0x0c };
	static const uint8_t apps[] = { 0x00, 0x10, 0x30 };

	(void)state;
	for (size_t i = 0; i < sizeof(formats); i++) {
		for (size_t j = 0; j < sizeof(apps); j++) {
			for (int be = 0; be < 2; be++) {
				static struct asmb a;
				uint8_t enc = formats[i] | apps[j];
				/* within reach of 2-byte formats */
				uint64_t pc = formats[i] != 0x02 && formats[i] != 0x0a ? 0x10234 :
					      apps[j] == 0x10 ? 0x10234 : apps[j] == 0x30 ? 0x9234 : 0x7000;
				struct cfi c;
				struct cfi_fde f;
				uint64_t off = 0;
				int r;

				memset(&a, 0, sizeof(a));
				a.be = be;
				size_t cie = eh_cie(&a, enc);
				eh_fde(&a, cie, enc, pc, 0x20, (const uint8_t[]){ 0 }, 1);
				open_sec(&c, &a, 0, 8);
				assert_int_equal(cfi_entry(&c, &off, &f), 2);
				assert_int_equal(f.cie.fde_enc, enc);
				r = cfi_entry(&c, &off, &f);
				if (r != 1 || f.pc_begin != pc)
					fail_msg("encoding %#x (%s-endian): %s, pc %#llx", enc, be ? "big" : "little",
						 cfi_strerror(r), (unsigned long long)f.pc_begin);
				assert_int_equal(f.pc_end, pc + 0x20);
				assert_int_equal(cfi_find(&c, pc + 0x1f, &f), 0);
				cfi_close(&c);
			}
		}
	}
}

/* 'P' (an indirect personality), 'L' (a funcrel LSDA), 'S', 'B', 'G';
 * absptr with a bias; datarel refused without a data base */
static void augmentations_are_read(void **state)
{
	static struct asmb a;
	struct cfi c;
	struct cfi_fde f;
	uint64_t off = 0;
	size_t at, cie;

	(void)state;
	memset(&a, 0, sizeof(a));
	cie = at = entry_begin(&a);
	put(&a, 0, 4);
	INS(&a, 3, 'z', 'P', 'L', 'R', 'S', 'B', 'G', 0);
	uleb(&a, 4);
	sleb(&a, -4);
	uleb(&a, 30); /* version 3: a ULEB128 return column */
	size_t len_at = a.n;
	put(&a, 0, 1); /* augmentation data length, patched */
	put(&a, 0x9b, 1);
	put_enc(&a, 0x9b, 0x20000, 8); /* indirect|pcrel|sdata4 */
	put(&a, 0x40 | 0x03, 1);        /* LSDA: funcrel udata4 */
	put(&a, 0x00, 1);               /* FDEs: absptr */
	a.b[len_at] = (uint8_t)(a.n - len_at - 1);
	INS(&a, 0x0c, 31, 0);
	entry_end(&a, at, 8);
	at = entry_begin(&a);
	put(&a, a.n - cie, 4);
	put(&a, 0x1000, 8);
	put(&a, 0x100, 8);
	uleb(&a, 4);
	put(&a, 0x40, 4); /* LSDA at the function + 0x40 */
	entry_end(&a, at, 8);

	struct cfi_section s = { a.b, a.n, SEC_ADDR, 0x555500000000, 0, 0, 8, 0 };
	assert_int_equal(cfi_open(&c, &s), 0);
	assert_int_equal(cfi_entry(&c, &off, &f), 2);
	assert_int_equal(cfi_entry(&c, &off, &f), 1);
	assert_string_equal(f.cie.augmentation, "zPLRSBG");
	assert_int_equal(f.cie.version, 3);
	assert_int_equal(f.cie.ra_column, 30);
	assert_int_equal(f.cie.code_align, 4);
	assert_int_equal(f.cie.data_align, -4);
	assert_int_equal(f.cie.personality_enc, 0x9b);
	assert_int_equal(f.cie.personality, 0x20000);
	assert_true(f.cie.signal_frame && f.cie.b_key && f.cie.mte_tagged && f.cie.has_z);
	assert_int_equal(f.pc_begin, 0x555500001000);
	assert_int_equal(f.pc_end, 0x555500001100);
	assert_int_equal(f.lsda, 0x555500001040);
	cfi_close(&c);

	/* datarel without a base: refused, not guessed */
	memset(&a, 0, sizeof(a));
	cie = eh_cie(&a, 0x3b);
	eh_fde(&a, cie, 0x3b, 0x9000, 0x10, (const uint8_t[]){ 0 }, 1);
	struct cfi_section s2 = { a.b, a.n, SEC_ADDR, 0, 0, 0, 8, 0 };
	off = 0;
	assert_int_equal(cfi_open(&c, &s2), 0);
	assert_int_equal(cfi_entry(&c, &off, &f), 2);
	assert_int_equal(cfi_entry(&c, &off, &f), CFI_E_UNSUPPORTED);
	cfi_close(&c);
}

/* .debug_frame: CIE id 0xffffffff and 64-bit DWARF, version 1, 3 and 4
 * (address and segment sizes in the CIE), 32-bit and big-endian */
static void debug_frame_in_every_form(void **state)
{
	(void)state;
	for (int form = 0; form < 6; form++) {
		static struct asmb a;
		int dw64 = form & 1, be = form >= 4, version = form < 2 ? 1 : form < 4 ? 4 : 3;
		unsigned asz = form >= 4 ? 4 : 8, lsz = dw64 ? 8 : 4;
		struct cfi c;
		struct cfi_row row;
		size_t cie_len_at, fde_len_at, cie_end;

		memset(&a, 0, sizeof(a));
		a.be = be;
		/* CIE */
		if (dw64)
			put(&a, 0xffffffff, 4);
		cie_len_at = a.n;
		put(&a, 0, lsz);
		put(&a, ~0ull, lsz);
		put(&a, (uint64_t)version, 1);
		put(&a, 0, 1); /* "" */
		if (version == 4)
			INS(&a, (uint8_t)asz, 0);
		uleb(&a, 2);
		sleb(&a, -4);
		if (version == 1)
			put(&a, 14, 1);
		else
			uleb(&a, 14);
		INS(&a, 0x0c, 13, 0);
		cie_end = a.n;
		a.n = cie_len_at;
		put(&a, cie_end - cie_len_at - lsz, lsz);
		a.n = cie_end;
		/* FDE: the CIE by its section offset */
		if (dw64)
			put(&a, 0xffffffff, 4);
		fde_len_at = a.n;
		put(&a, 0, lsz);
		put(&a, 0, lsz);
		put(&a, 0x8000, asz);
		put(&a, 0x40, asz);
		INS(&a, 0x42, 0x0e, 16, 0x8e, 1, 0x84, 2); /* +4: cfa 16; r14 at -4; r4 at -8 */
		size_t end = a.n;
		a.n = fde_len_at;
		put(&a, end - fde_len_at - lsz, lsz);
		a.n = end;

		struct cfi_section s = { a.b, a.n, 0, 0x100000, 0, 1, (uint8_t)asz, (uint8_t)be };
		assert_int_equal(cfi_open(&c, &s), 0);
		row_for(&c, 0x108004, &row);
		assert_int_equal(row.loc, 0x108004);
		assert_int_equal(row.cfa.reg, 13);
		assert_int_equal(row.cfa.n, 16);
		expect_rule(&row, 14, CFI_OFFSET, -4);
		expect_rule(&row, 4, CFI_OFFSET, -8);
		row_for(&c, 0x108003, &row);
		assert_int_equal(row.cfa.n, 0);
		cfi_close(&c);
	}
}

/* remember/restore state, negate_ra_state, args_size, the _sf and val forms */
static void state_stack_and_gnu_operations(void **state)
{
	static struct asmb a;
	struct cfi c;
	struct cfi_row row;
	static const uint8_t insns[] = {
		0x2d,                /* negate_ra_state: signed */
		0x41, 0x0e, 32, 0x9d, 4, 0x9e, 3, /* +1: cfa 32; x29 at -32, x30 at -24 */
		0x2e, 16,            /* args_size 16 */
		0x41, 0x0a,          /* +1: remember */
		0xdd, 0xde, 0x0e, 0, 0x2d, /* restore x29 x30; cfa 0; negate (unsigned) */
		0x41, 0x0b,          /* +1: restore_state */
		0x2f, 19, 2,         /* x19 at cfa+16 (negative_offset_extended with data -8) */
		0x14, 20, 1,         /* x20 = cfa-8 (val_offset) */
		0x15, 21, 0x7e,      /* x21 = cfa+16 (val_offset_sf -2) */
		0x11, 22, 0x7f,      /* x22 at cfa+8 (offset_extended_sf -1) */
		0x09, 23, 24,        /* x23 in x24 */
		0x08, 25, 0x07, 26,  /* same x25, undefined x26 */
		0x13, 0x7c,          /* cfa_offset_sf -4: 32 */
	};

	(void)state;
	memset(&a, 0, sizeof(a));
	size_t cie = eh_cie(&a, 0x1b);
	eh_fde(&a, cie, 0x1b, 0x2000, 0x10, insns, sizeof(insns));
	open_sec(&c, &a, 0, 8);

	row_for(&c, 0x2000, &row);
	assert_int_equal(row.ra_signed, 1);
	row_for(&c, 0x2001, &row);
	assert_int_equal(row.cfa.n, 32);
	assert_int_equal(row.args_size, 16);
	expect_rule(&row, 29, CFI_OFFSET, -32);
	row_for(&c, 0x2002, &row);
	assert_int_equal(row.cfa.n, 0);
	assert_int_equal(row.ra_signed, 0);
	expect_rule(&row, 29, CFI_UNSET, 0);
	expect_rule(&row, 30, CFI_UNSET, 0);
	row_for(&c, 0x2003, &row);
	assert_int_equal(row.loc, 0x2003);
	assert_int_equal(row.cfa.n, 32);
	assert_int_equal(row.ra_signed, 1);
	expect_rule(&row, 29, CFI_OFFSET, -32);
	expect_rule(&row, 30, CFI_OFFSET, -24);
	expect_rule(&row, 19, CFI_OFFSET, 16);
	expect_rule(&row, 20, CFI_VAL_OFFSET, -8);
	expect_rule(&row, 21, CFI_VAL_OFFSET, 16);
	expect_rule(&row, 22, CFI_OFFSET, 8);
	expect_rule(&row, 23, CFI_REGISTER, 24);
	expect_rule(&row, 25, CFI_SAME, 0);
	expect_rule(&row, 26, CFI_UNDEFINED, 0);
	cfi_close(&c);
}

/* ---- stepping over a stack in an array ---- */

struct fake_mem {
	uint64_t base;
	uint8_t bytes[256];
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

static void fake_put(struct fake_mem *m, uint64_t addr, uint64_t v, unsigned k)
{
	for (unsigned i = 0; i < k; i++)
		m->bytes[addr - m->base + (m->be ? k - 1 - i : i)] = (uint8_t)(v >> 8 * i);
}

static void step_recovers_the_caller(void **state)
{
	static struct asmb a;
	struct cfi c;
	struct cfi_regs r = { 0 };
	struct fake_mem m = { .base = 0x7fff0000 };
	const struct arch_dwarf *d = &arch_x86_64_dwarf;

	(void)state;
	memset(&a, 0, sizeof(a));
	size_t cie = eh_cie(&a, 0x1b);
	/* rbx at cfa-24, rbp at cfa-16; r12 = rbp's value; r13 by an expression:
	 * saved at *(rsp + 8) - 8 ... the CFA pushed, then DW_OP_lit8 DW_OP_minus */
	static const uint8_t insns[] = {
		0x41, 0x0e, 24, 0x83, 3, 0x86, 2,
		0x09, 12, 6,
		0x10, 13, 2, 0x38, 0x1c,
		0x16, 14, 3, 0x75, 0x10, 0x06, /* r14 = *(rdi + 16) (val_expression) */
	};
	eh_fde(&a, cie, 0x1b, 0x5000, 0x100, insns, sizeof(insns));
	open_sec(&c, &a, 0, 8);

	/* the callee at 0x5010 with rsp = base + 0x40: the CFA is base + 0x58 */
	fake_put(&m, m.base + 0x40, 0x1111, 8);      /* cfa-24: rbx */
	fake_put(&m, m.base + 0x48, 0x2222, 8);      /* cfa-16: rbp */
	fake_put(&m, m.base + 0x50, 0x6789, 8);      /* cfa-8: the return address, r13 */
	fake_put(&m, m.base + 0x10, 0x4444, 8);      /* where rdi + 16 points */
	r.pc = 0x5010;
	cfi_reg_set(&r, 7, m.base + 0x40);
	cfi_reg_set(&r, 6, 0xb0b0);
	cfi_reg_set(&r, 5, m.base);
	cfi_reg_set(&r, 0, 0xaaaa);
	assert_int_equal(cfi_step(&c, d, &r, fake_read, &m), 1);
	assert_int_equal(r.pc, 0x6789);
	assert_int_equal(r.cfa, m.base + 0x58);
	assert_int_equal(r.r[7], m.base + 0x58);
	assert_int_equal(r.r[3], 0x1111);
	assert_int_equal(r.r[6], 0x2222);
	assert_int_equal(r.r[12], 0xb0b0);
	assert_int_equal(r.r[13], 0x6789);
	assert_int_equal(r.r[14], 0x4444);
	assert_true(cfi_reg_valid(&r, 0)); /* no rule: kept */
	assert_true(r.caller);
	assert_false(cfi_reg_valid(&r, 9));

	/* the caller's pc 0x5000 + 1 looks up 0x5000: the same FDE, first row; a
	 * stack that cannot be read is an error, the registers untouched */
	struct cfi_regs before;
	r.pc = 0x5001;
	cfi_reg_set(&r, 7, 0x10);
	before = r;
	assert_int_equal(cfi_step(&c, d, &r, fake_read, &m), CFI_E_READ);
	assert_memory_equal(&r, &before, sizeof(r));
	/* no FDE: said so */
	r.pc = 0x9000;
	assert_int_equal(cfi_step(&c, d, &r, fake_read, &m), CFI_E_NOFDE);
	/* the CFA's register unknown */
	r.pc = 0x5010;
	r.valid[0] &= ~(1ull << 7);
	assert_int_equal(cfi_step(&c, d, &r, fake_read, &m), CFI_E_NOREG);
	cfi_close(&c);
}

/* An undefined return address ends the walk; a frame that would not move is refused */
static void step_ends_and_refuses_loops(void **state)
{
	static struct asmb a;
	struct cfi c;
	struct cfi_regs r = { 0 };
	struct fake_mem m = { .base = 0x1000, .be = 1 };

	(void)state;
	memset(&a, 0, sizeof(a));
	a.be = 1;
	size_t cie = eh_cie(&a, 0x1b);
	eh_fde(&a, cie, 0x1b, 0x100, 0x10, (const uint8_t[]){ 0x07, 16 }, 2);
	/* a frame whose return address is itself and whose CFA is its sp */
	eh_fde(&a, cie, 0x1b, 0x200, 0x10, (const uint8_t[]){ 0x0e, 0, 0x16, 16, 2, 0x70, 0x0 }, 7);
	open_sec(&c, &a, 0, 8);
	r.pc = 0x104;
	cfi_reg_set(&r, 7, 0x1000);
	assert_int_equal(cfi_step(&c, &arch_x86_64_dwarf, &r, fake_read, &m), 0);
	r.pc = 0x204;
	r.cfa = 0x1000;
	cfi_reg_set(&r, 0, 0x204);
	assert_int_equal(cfi_step(&c, &arch_x86_64_dwarf, &r, fake_read, &m), CFI_E_LOOP);
	cfi_close(&c);
}

/* The negated-RA state reaches the step's result; a 32-bit big-endian stack */
static void step_32bit_big_endian_signed_ra(void **state)
{
	static struct asmb a;
	struct cfi c;
	struct cfi_regs r = { 0 };
	struct fake_mem m = { .base = 0x8000, .be = 1 };
	size_t at;

	(void)state;
	memset(&a, 0, sizeof(a));
	a.be = 1;
	at = entry_begin(&a);
	put(&a, ~0ull, 4);
	INS(&a, 1, 0, 2, 0x7c, 14, 0x0c, 13, 0); /* "" cf=2 df=-4 ra=14; cfa r13 */
	entry_end(&a, at, 4);
	at = entry_begin(&a);
	put(&a, 0, 4);
	put(&a, 0x3000, 4);
	put(&a, 0x100, 4);
	INS(&a, 0x2d, 0x42, 0x0e, 8, 0x8e, 1, 0x8b, 2); /* +4: cfa 8; lr at -4; r11 at -8 */
	entry_end(&a, at, 4);
	struct cfi_section s = { a.b, a.n, 0, 0, 0, 1, 4, 1 };
	assert_int_equal(cfi_open(&c, &s), 0);
	fake_put(&m, 0x8000, 0xfeedf00d, 4);
	fake_put(&m, 0x8004, 0x3457, 4);
	r.pc = 0x3010;
	cfi_reg_set(&r, 13, 0x8000);
	assert_int_equal(cfi_step(&c, &arch_armv7l_dwarf, &r, fake_read, &m), 1);
	assert_int_equal(r.pc, 0x3457);
	assert_int_equal(r.r[11], 0xfeedf00d);
	assert_int_equal(r.r[13], 0x8008);
	assert_int_equal(r.ra_signed, 1);
	cfi_close(&c);
}

/* ---- .eh_frame_hdr ---- */

static void hdr_table_and_index_agree(void **state)
{
	static struct asmb a, h;
	struct cfi with, without;
	struct cfi_fde f1, f2;
	uint64_t pcs[] = { 0x3000, 0x1000, 0x2000, 0x5000 };
	size_t offs[4];

	(void)state;
	memset(&a, 0, sizeof(a));
	memset(&h, 0, sizeof(h));
	size_t cie = eh_cie(&a, 0x1b);
	for (int i = 0; i < 4; i++)
		offs[i] = eh_fde(&a, cie, 0x1b, pcs[i], 0x100, (const uint8_t[]){ 0 }, 1);
	put(&a, 0, 4); /* terminator */
	/* the header sits at 0x20000: version, eh_frame_ptr pcrel sdata4,
	 * count udata4, table datarel sdata4 */
	INS(&h, 1, 0x1b, 0x03, 0x3b);
	put(&h, SEC_ADDR - (0x20000 + 4), 4);
	put(&h, 4, 4);
	int order[] = { 1, 2, 0, 3 };
	for (int i = 0; i < 4; i++) {
		put(&h, pcs[order[i]] - 0x20000, 4);
		put(&h, SEC_ADDR + offs[order[i]] - 0x20000, 4);
	}
	open_sec(&with, &a, 0, 8);
	open_sec(&without, &a, 0, 8);
	assert_int_equal(cfi_use_hdr(&with, h.b, h.n, 0x20000), 0);
	for (uint64_t pc = 0x800; pc < 0x5200; pc += 0x40) {
		int r1 = cfi_find(&with, pc, &f1), r2 = cfi_find(&without, pc, &f2);

		assert_int_equal(r1, r2);
		if (!r1)
			assert_int_equal(f1.offset, f2.offset);
		assert_int_equal(r1 == 0, pc >= 0x1000 && pc < 0x5100 && pc % 0x1000 < 0x100 && pc / 0x1000 != 4);
	}
	/* out of order, or describing another .eh_frame: refused */
	struct cfi bad;
	open_sec(&bad, &a, 0, 8);
	memcpy(h.b + 12, h.b + 28, 4); /* the first entry's location: the third's */
	assert_int_equal(cfi_use_hdr(&bad, h.b, h.n, 0x20000), CFI_E_BAD);
	assert_int_equal(cfi_use_hdr(&bad, h.b, h.n, 0x20004), CFI_E_BAD);
	assert_int_equal(cfi_use_hdr(&bad, h.b, 10, 0x20000), CFI_E_TRUNCATED);
	assert_int_equal(cfi_find(&bad, 0x2010, &f1), 0);
	cfi_close(&with);
	cfi_close(&without);
	cfi_close(&bad);
}

/* ---- expressions ---- */

static int expr(const uint8_t *e, size_t n, unsigned asz, uint64_t *out)
{
	static struct cfi_regs regs;
	static struct fake_mem m = { .base = 0x1000 };
	struct dwarf_expr_env env = { &regs, fake_read, &m, (uint8_t)asz, 0 };

	cfi_reg_set(&regs, 3, 0x1000);
	fake_put(&m, 0x1008, 0x0123456789abcdefull, 8);
	return dwarf_expr_eval(e, n, &env, NULL, out);
}
#define EXPR(ASZ, OUT, ...) expr((const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ }), ASZ, OUT)

static void expressions_evaluate(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(EXPR(8, &v, 0x73, 8, 0x06), 0); /* *(rbx + 8) */
	assert_int_equal(v, 0x0123456789abcdefull);
	assert_int_equal(EXPR(8, &v, 0x73, 8, 0x94, 2), 0); /* 2 bytes of it */
	assert_int_equal(v, 0xcdef);
	assert_int_equal(EXPR(4, &v, 0x73, 8, 0x06), 0);
	assert_int_equal(v, 0x89abcdef);
	assert_int_equal(EXPR(8, &v, 0x35, 0x33, 0x1c), 0); /* 5 - 3 */
	assert_int_equal(v, 2);
	assert_int_equal(EXPR(4, &v, 0x33, 0x35, 0x1c), 0); /* 3 - 5, 32-bit */
	assert_int_equal(v, 0xfffffffe);
	assert_int_equal(EXPR(8, &v, 0x11, 0x79, 0x32, 0x1b), 0); /* -7 / 2 */
	assert_int_equal((int64_t)v, -3);
	assert_int_equal(EXPR(8, &v, 0x37, 0x33, 0x1d), 0); /* 7 % 3 */
	assert_int_equal(v, 1);
	assert_int_equal(EXPR(8, &v, 0x31, 0x08, 70, 0x24), 0); /* 1 << 70 */
	assert_int_equal(v, 0);
	assert_int_equal(EXPR(8, &v, 0x11, 0x40, 0x34, 0x26), 0); /* -64 >> 4 */
	assert_int_equal((int64_t)v, -4);
	assert_int_equal(EXPR(8, &v, 0x31, 0x32, 0x33, 0x17, 0x15, 2), 0); /* 1 2 3, rot: 3 1 2, pick 2 */
	assert_int_equal(v, 3);
	assert_int_equal(EXPR(8, &v, 0x31, 0x32, 0x33, 0x17, 0x13, 0x14), 0); /* rot, drop, over */
	assert_int_equal(v, 3);
	assert_int_equal(EXPR(8, &v, 0x31, 0x32, 0x16, 0x13), 0); /* swap, drop */
	assert_int_equal(v, 2);
	assert_int_equal(EXPR(8, &v, 0x11, 0x7f, 0x19, 0x23, 0x80, 0x01), 0); /* |-1| + 128 */
	assert_int_equal(v, 129);
	assert_int_equal(EXPR(8, &v, 0x0d, 0xff, 0xff, 0xff, 0xff, 0x1f, 0x20), 0); /* ~-(-1) */
	assert_int_equal(v, ~1ull);
	/* a counted loop: 5 times add 2 (bra back while the counter is not 0) */
	assert_int_equal(EXPR(8, &v, 0x30, 0x35, /* acc 0, n 5 */
			      0x16, 0x32, 0x22, 0x16, 0x31, 0x1c, /* acc += 2; n -= 1 */
			      0x12, 0x28, 0xf6, 0xff, 0x13), 0);
	assert_int_equal(v, 10);
	assert_int_equal(EXPR(8, &v, 0x33, 0x33, 0x29, 0x33, 0x34, 0x2d, 0x22), 0); /* eq + lt */
	assert_int_equal(v, 2);
	assert_int_equal(EXPR(8, &v, 0x0e, 1, 2, 3, 4, 5, 6, 7, 8, 0x96), 0);
	assert_int_equal(v, 0x0807060504030201ull);
	assert_int_equal(EXPR(8, &v, 0x92, 3, 0x7f), 0); /* bregx rbx - 1 */
	assert_int_equal(v, 0xfff);
}

static void expressions_refuse_hostile_input(void **state)
{
	uint64_t v;
	uint8_t dups[200];

	(void)state;
	assert_int_equal(EXPR(8, &v, 0x2f, 0xfd, 0xff), CFI_E_LIMIT);  /* skip -3: itself */
	assert_int_equal(EXPR(8, &v, 0x2f, 0x10, 0x00), CFI_E_BAD);    /* past the end */
	assert_int_equal(EXPR(8, &v, 0x2f, 0x00, 0x80), CFI_E_BAD);    /* before the start */
	assert_int_equal(EXPR(8, &v, 0x31, 0x30, 0x1b), CFI_E_BAD);    /* / 0 */
	assert_int_equal(EXPR(8, &v, 0x31, 0x30, 0x1d), CFI_E_BAD);    /* % 0 */
	assert_int_equal(EXPR(8, &v, 0x22), CFI_E_BAD);                /* empty stack */
	assert_int_equal(EXPR(8, &v, 0x31, 0x15, 1), CFI_E_BAD);       /* pick too deep */
	assert_int_equal(EXPR(8, &v, 0x96), CFI_E_BAD);                /* no value */
	assert_int_equal(EXPR(8, &v, 0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f),
			 CFI_E_TRUNCATED); /* a ULEB128 past 64 bits */
	assert_int_equal(EXPR(8, &v, 0x0e, 1, 2), CFI_E_TRUNCATED);
	assert_int_equal(EXPR(8, &v, 0x74, 0), CFI_E_NOREG);           /* rsi unknown */
	assert_int_equal(EXPR(8, &v, 0x92, 0x80, 0x08, 0), CFI_E_NOREG); /* bregx 1024 */
	assert_int_equal(EXPR(8, &v, 0x30, 0x06), CFI_E_READ);
	assert_int_equal(EXPR(8, &v, 0x30, 0x94, 9), CFI_E_BAD);
	assert_int_equal(EXPR(8, &v, 0x50), CFI_E_UNSUPPORTED);        /* DW_OP_reg0 */
	assert_int_equal(EXPR(8, &v, 0x31, 0x11, 0x7f, 0x1b), 0);      /* 1 / -1 */
	assert_int_equal((int64_t)v, -1);
	/* 8 bytes min / -1: wraps, no trap */
	assert_int_equal(EXPR(8, &v, 0x0e, 0, 0, 0, 0, 0, 0, 0, 0x80, 0x11, 0x7f, 0x1b), 0);
	assert_int_equal(v, 0x8000000000000000ull);
	dups[0] = 0x30;
	memset(dups + 1, 0x12, sizeof(dups) - 1);
	assert_int_equal(expr(dups, sizeof(dups), 8, &v), CFI_E_LIMIT); /* the stack's bound */
}

/* ---- hostile CFI ---- */

/* Every prefix of a good section, every single-byte corruption of it: an
 * error or an answer, never a crash, an endless walk or a read outside */
static void damaged_sections_give_errors(void **state)
{
	static struct asmb a;
	static const uint8_t insns[] = { 0x41, 0x0e, 16, 0x86, 2, 0x0a, 0x41, 0x0b, 0x0f, 2, 0x77, 8,
					 0x10, 3, 2, 0x73, 0 };
	size_t n;
	uint8_t *copy;

	(void)state;
	memset(&a, 0, sizeof(a));
	size_t cie = eh_cie(&a, 0x1b);
	eh_fde(&a, cie, 0x1b, 0x7000, 0x40, insns, sizeof(insns));
	eh_fde(&a, cie, 0x1b, 0x7040, 0x40, insns, sizeof(insns));
	n = a.n;
	for (size_t len = 0; len <= n; len++) {
		for (size_t at = 0; at <= len; at++) {
			for (int v = 0; v < (at < len ? 3 : 1); v++) {
				static const uint8_t vals[] = { 0xff, 0x00, 0x80 };
				struct cfi_section s = { NULL, len, SEC_ADDR, 0, 0, 0, 8, 0 };
				struct cfi c;
				struct cfi_fde f;
				struct cfi_row row;
				struct cfi_regs r = { 0 };
				struct fake_mem m = { .base = 0x1000 };
				uint64_t off = 0;

				copy = malloc(len ? len : 1); /* exactly len: a read past it is ASan's */
				memcpy(copy, a.b, len);
				if (at < len)
					copy[at] = vals[v];
				s.data = copy;
				assert_int_equal(cfi_open(&c, &s), 0);
				for (int i = 0; i < 100 && off < len; i++) {
					uint64_t before = off;

					if (cfi_entry(&c, &off, &f) == 1) {
						cfi_row_at(&c, &f, f.pc_begin, &row);
						cfi_row_at(&c, &f, f.pc_end - 1, &row);
					}
					assert_true(off > before);
				}
				r.pc = 0x7020;
				cfi_reg_set(&r, 7, 0x1000);
				cfi_reg_set(&r, 3, 0x1000);
				cfi_step(&c, &arch_x86_64_dwarf, &r, fake_read, &m);
				cfi_close(&c);
				free(copy);
			}
		}
	}
}

static int row_error(const uint8_t *insns, size_t len)
{
	static struct asmb a;
	struct cfi c;
	struct cfi_fde f;
	struct cfi_row row;
	int r;

	memset(&a, 0, sizeof(a));
	size_t cie = eh_cie(&a, 0x1b);
	eh_fde(&a, cie, 0x1b, 0x20000, 0x1000, insns, len);
	open_sec(&c, &a, 0, 8);
	assert_int_equal(cfi_find(&c, 0x20000, &f), 0);
	r = cfi_row_at(&c, &f, 0x20fff, &row);
	cfi_close(&c);
	return r;
}
#define ROW_ERROR(...) row_error((const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ }))

static void hostile_instructions_give_errors(void **state)
{
	uint8_t many[400];
	size_t n = 0;

	(void)state;
	/* a ULEB128 of 11 bytes */
	assert_int_equal(ROW_ERROR(0x0e, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01),
			 CFI_E_TRUNCATED);
	assert_int_equal(ROW_ERROR(0x0b), CFI_E_BAD);               /* restore_state, nothing remembered */
	assert_int_equal(ROW_ERROR(0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a), CFI_E_LIMIT);
	assert_int_equal(ROW_ERROR(0x0f, 0x40, 1), CFI_E_TRUNCATED); /* an expression past the end */
	assert_int_equal(ROW_ERROR(0x05, 0x80, 0x80, 0x04, 1), CFI_E_BAD); /* register 65536 */
	assert_int_equal(ROW_ERROR(0x3f), CFI_E_UNSUPPORTED);
	assert_int_equal(ROW_ERROR(0x01, 0, 0xff, 0xff, 0xff), CFI_E_BAD); /* set_loc backwards (pcrel) */
	assert_int_equal(ROW_ERROR(0x0f, 1, 0x30, 0x0e, 8), CFI_E_BAD); /* an offset for an expression CFA */
	/* remember and restore a thousand times: bounded, and fine */
	for (int i = 0; i < 100; i++)
		many[n++] = 0x0a, many[n++] = 0x0b;
	assert_int_equal(row_error(many, n), 0);
	/* more registers than a row holds */
	n = 0;
	for (int i = 0; i <= CFI_MAX_RULES; i++)
		many[n++] = 0x08, many[n++] = (uint8_t)(i + 20);
	assert_int_equal(row_error(many, n), CFI_E_LIMIT);
}

static void hostile_entries_give_errors(void **state)
{
	static struct asmb a;
	struct cfi c;
	struct cfi_fde f;
	uint64_t off;

	(void)state;
	/* a 64-bit length far past the end */
	memset(&a, 0, sizeof(a));
	put(&a, 0xffffffff, 4);
	put(&a, 0x7fffffffffffffffull, 8);
	put(&a, 0, 8);
	open_sec(&c, &a, 0, 8);
	off = 0;
	assert_int_equal(cfi_entry(&c, &off, &f), CFI_E_TRUNCATED);
	assert_int_equal(off, a.n);
	/* an FDE whose CIE pointer points at itself, past the start, at an FDE */
	memset(&a, 0, sizeof(a));
	size_t cie = eh_cie(&a, 0x1b);
	size_t at = entry_begin(&a);
	put(&a, 0, 4);
	a.b[at + 4] = 4; /* id = 4: points at its own length field */
	put(&a, 0, 8);
	entry_end(&a, at, 4);
	size_t at2 = entry_begin(&a);
	put(&a, 0x10000, 4); /* before the section */
	put(&a, 0, 8);
	entry_end(&a, at2, 4);
	size_t at3 = entry_begin(&a);
	put(&a, a.n - at, 4); /* at the first FDE */
	put(&a, 0, 8);
	entry_end(&a, at3, 4);
	(void)cie;
	open_sec(&c, &a, 0, 8);
	off = at;
	assert_int_equal(cfi_entry(&c, &off, &f), CFI_E_BAD);
	assert_int_equal(off, at2);
	assert_int_equal(cfi_entry(&c, &off, &f), CFI_E_BAD);
	assert_int_equal(cfi_entry(&c, &off, &f), CFI_E_BAD);
	assert_int_equal(cfi_find(&c, 0, &f), CFI_E_NOFDE);
	cfi_close(&c);
	/* CIE versions we do not know, an augmentation without 'z' */
	for (int k = 0; k < 2; k++) {
		memset(&a, 0, sizeof(a));
		at = entry_begin(&a);
		put(&a, 0, 4);
		if (k == 0)
			INS(&a, 2, 0, 1, 0x78, 16);
		else
			INS(&a, 1, 'x', 0, 1, 0x78, 16);
		entry_end(&a, at, 4);
		open_sec(&c, &a, 0, 8);
		off = 0;
		assert_int_equal(cfi_entry(&c, &off, &f), CFI_E_UNSUPPORTED);
		cfi_close(&c);
	}
}

/* Random bytes under a fixed seed, parsed as every kind of section */
static void random_sections_give_errors(void **state)
{
	uint32_t seed = 12345;

	(void)state;
	for (int iter = 0; iter < 3000; iter++) {
		size_t len = 16 + iter % 200;
		uint8_t *buf = malloc(len);
		struct cfi_section s = { buf, len, SEC_ADDR, 0, DATA_BASE, (uint8_t)(iter & 1),
					 (uint8_t)(iter & 2 ? 4 : 8), (uint8_t)(iter >> 2 & 1) };
		struct cfi c;
		struct cfi_fde f;
		struct cfi_row row;
		uint64_t off = 0;

		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245 + 12345;
			buf[i] = (uint8_t)(seed >> 16);
		}
		/* plausible lengths more often than not */
		if (iter % 3)
			memcpy(buf, &(uint32_t){ (uint32_t)(len - 4) }, 4);
		assert_int_equal(cfi_open(&c, &s), 0);
		while (off < len) {
			uint64_t before = off;

			if (cfi_entry(&c, &off, &f) == 1)
				cfi_row_at(&c, &f, f.pc_begin + (f.pc_end - f.pc_begin) / 2, &row);
			assert_true(off > before);
		}
		cfi_find(&c, seed, &f);
		cfi_close(&c);
		free(buf);
	}
}

/* ---- arch/ARCH/dwarf.c ---- */

static void dwarf_numbers_name_real_registers(void **state)
{
	(void)state;
	for (int i = 0; arch_all[i]; i++) {
		const struct arch *a = arch_all[i];
		const struct arch_dwarf *d = a->dwarf;
		const struct arch_reg *sp, *fp, *ra;

		assert_non_null(d);
		sp = arch_dwarf_reg(a, d->sp);
		fp = arch_dwarf_reg(a, d->fp);
		ra = arch_dwarf_reg(a, d->ra);
		assert_non_null(sp);
		assert_non_null(fp);
		assert_non_null(ra);
		assert_int_equal(sp->role, ROLE_SP);
		assert_int_equal(fp->role, ROLE_FP);
		/* the return address column: the link register, or x86_64's rip */
		assert_true(ra->role == ROLE_LR || (ra->role == ROLE_PC && d->pc == d->ra));
		if (d->pc != ARCH_DWARF_NONE)
			assert_int_equal(arch_dwarf_reg(a, d->pc)->role, ROLE_PC);
		for (unsigned n = 0; n < d->nnames; n++) {
			const struct arch_reg *r = arch_dwarf_reg(a, n);

			/* only riscv64's x0 has no slot */
			if (!r) {
				assert_string_equal(a->name, "riscv64");
				assert_int_equal(n, 0);
				continue;
			}
			for (unsigned m = 0; m < n; m++)
				assert_ptr_not_equal(arch_dwarf_reg(a, m), r);
		}
		assert_null(arch_dwarf_reg(a, d->nnames));
		assert_true(d->sp < CFI_NREGS && d->ra < CFI_NREGS);
	}
	/* the psABIs' numbers, written down apart from arch/ */
	assert_string_equal(arch_dwarf_reg(&arch_x86_64, 3)->name, "rbx");
	assert_string_equal(arch_dwarf_reg(&arch_x86_64, 16)->name, "rip");
	assert_string_equal(arch_dwarf_reg(&arch_aarch64, 31)->name, "sp");
	assert_string_equal(arch_dwarf_reg(&arch_armv7l, 14)->name, "lr");
	assert_string_equal(arch_dwarf_reg(&arch_riscv64, 8)->name, "fp");
	assert_string_equal(arch_dwarf_reg(&arch_loongarch64, 22)->name, "r22");
}

/* ---- the readelf oracle ---- */

/* A section's CFI, with .eh_frame_hdr's table when hdr */
static int elf_cfi(const struct elf *e, const char *name, uint64_t bias, int hdr, struct cfi *c)
{
	uint64_t off, size, addr, hoff, hsize, haddr;
	struct cfi_section s = { 0 };

	if (!elf_section(e, name, &off, &size, &addr))
		return 0;
	s.data = e->data + off, s.size = size, s.addr = addr + bias, s.bias = bias;
	s.debug_frame = !strcmp(name, ".debug_frame");
	s.addr_size = e->cls64 ? 8 : 4;
	s.big_endian = (uint8_t)e->be;
	assert_int_equal(cfi_open(c, &s), 0);
	if (hdr && elf_section(e, ".eh_frame_hdr", &hoff, &hsize, &haddr))
		assert_int_equal(cfi_use_hdr(c, e->data + hoff, hsize, haddr + bias), 0);
	return 1;
}

/* readelf's names of the DWARF registers (binutils' dwarf.c), which -wF
 * uses for its columns; others it calls rN. Names, not numbers, are the
 * oracle's: these tables only translate them. */
static const char *const readelf_x86_64[] = {
	"rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp", "r8", "r9", "r10", "r11", "r12",
	"r13", "r14", "r15", "rip", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
	"xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15",
};
static const char *const readelf_aarch64[] = {
	"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
	"x14", "x15", "x16", "x17", "x18", "x19", "x20", "x21", "x22", "x23", "x24", "x25", "x26",
	"x27", "x28", "x29", "x30", "sp", [64] = "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7",
	"v8", "v9", "v10", "v11", "v12", "v13", "v14", "v15", "v16", "v17", "v18", "v19", "v20",
	"v21", "v22", "v23", "v24", "v25", "v26", "v27", "v28", "v29", "v30", "v31",
};
static const char *const readelf_riscv64[] = {
	"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4",
	"a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4",
	"t5", "t6", "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0",
	"fa1", "fa2", "fa3", "fa4", "fa5", "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7",
	"fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};
static const char *const readelf_loongarch64[] = {
	"$zero", "$ra", "$tp", "$sp", "$a0", "$a1", "$a2", "$a3", "$a4", "$a5", "$a6", "$a7",
	"$t0", "$t1", "$t2", "$t3", "$t4", "$t5", "$t6", "$t7", "$t8", "$r21", "$fp", "$s0",
	"$s1", "$s2", "$s3", "$s4", "$s5", "$s6", "$s7", "$s8", "$fa0", "$fa1", "$fa2", "$fa3",
	"$fa4", "$fa5", "$fa6", "$fa7", "$ft0", "$ft1", "$ft2", "$ft3", "$ft4", "$ft5", "$ft6",
	"$ft7", "$ft8", "$ft9", "$ft10", "$ft11", "$ft12", "$ft13", "$ft14", "$ft15", "$fs0",
	"$fs1", "$fs2", "$fs3", "$fs4", "$fs5", "$fs6", "$fs7",
};

struct names {
	const char *const *tab;
	unsigned n;
};

static struct names readelf_names(unsigned machine)
{
#define T(X) (struct names){ X, sizeof(X) / sizeof(X[0]) }
	switch (machine) {
	case EM_X86_64: return T(readelf_x86_64);
	case EM_AARCH64: return T(readelf_aarch64);
	case EM_RISCV: return T(readelf_riscv64);
	case 258: return T(readelf_loongarch64);
	}
	return (struct names){ NULL, 0 };
#undef T
}

static const char *regname(struct names nm, unsigned r, int with_number)
{
	static char buf[4][48];
	static int k;

	k = (k + 1) % 4;
	if (r < nm.n && nm.tab[r]) {
		if (with_number)
			snprintf(buf[k], sizeof(buf[k]), "r%u (%s)", r, nm.tab[r]);
		else
			snprintf(buf[k], sizeof(buf[k]), "%s", nm.tab[r]);
	} else {
		snprintf(buf[k], sizeof(buf[k]), "r%u", r);
	}
	return buf[k];
}

#define MAX_COLS 80

struct oracle_row {
	uint64_t loc;
	char cfa[32];
	char cells[MAX_COLS][24];
};

/* One CIE's or FDE's block of readelf -wF output */
struct block {
	int kind; /* 0 none, 1 CIE, 2 FDE */
	uint64_t off, cie, pc_begin, pc_end;
	char aug[32];
	unsigned long long cf, ra;
	long long df;
	int ncols;
	char colnames[MAX_COLS][24];
	int nrows;
	struct oracle_row *rows;
};

/* A column's register: readelf calls the return address column "ra" and
 * names the others, so that on riscv64 (x1 is "ra" too) a name may stand for
 * two numbers; columns come in increasing order: the first above prev. */
static int regnum(struct names nm, const char *name, unsigned ra, int prev)
{
	unsigned r;
	char tail;
	int best = -1;

	if (!strcmp(name, "ra") && (int)ra > prev)
		best = (int)ra;
	for (unsigned i = 0; i < nm.n; i++)
		if (nm.tab[i] && !strcmp(nm.tab[i], name) && (int)i > prev && (best < 0 || (int)i < best))
			best = (int)i;
	if (best < 0 && sscanf(name, "r%u%c", &r, &tail) == 1)
		best = (int)r;
	return best;
}

static void column_regs(struct names nm, const struct block *cols, unsigned ra, int *out)
{
	for (int i = 0; i < cols->ncols; i++)
		out[i] = regnum(nm, cols->colnames[i], ra, i ? out[i - 1] : -1);
}

/* A rule as readelf -wF prints it */
static const char *rule_text(struct names nm, struct cfi_rule r)
{
	static char buf[4][48];
	static int k;

	k = (k + 1) % 4;
	switch (r.kind) {
	case CFI_UNSET:
	case CFI_UNDEFINED: return "u";
	case CFI_SAME: return "s";
	case CFI_OFFSET: snprintf(buf[k], sizeof(buf[k]), "c%+d", (int)r.n); break;
	case CFI_VAL_OFFSET: snprintf(buf[k], sizeof(buf[k]), "v%+d", (int)r.n); break;
	case CFI_REGISTER: return regname(nm, (unsigned)r.n, 1);
	case CFI_EXPR: return "exp";
	case CFI_VAL_EXPR: return "vexp";
	case CFI_CFA_REG: snprintf(buf[k], sizeof(buf[k]), "%s%+d", regname(nm, r.reg, 0), (int)r.n); break;
	case CFI_CFA_EXPR: return "exp";
	default: return "?";
	}
	return buf[k];
}

struct oracle {
	const struct elf *e;
	struct names nm;
	/* the section's CFI; with .eh_frame_hdr's table; with both, loaded
	 * elsewhere (a shared library's case) */
	struct cfi c, c_hdr, c_bias;
	int open, has_hdr;
	char sec[32];
	struct block *cies; /* for FDEs that readelf prints without rows */
	int ncies;
	long fdes, section_fdes, rows, mismatches, ambiguous;
	char seen[64]; /* the sections compared */
};

static void mismatch(struct oracle *o, const struct block *b, uint64_t pc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void mismatch(struct oracle *o, const struct block *b, uint64_t pc, const char *fmt, ...)
{
	va_list ap;
	char msg[400];

	if (o->mismatches++ >= 20)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	print_message("MISMATCH %s %s entry %#llx pc %#llx: %s\n", o->e->path, o->sec,
		      (unsigned long long)b->off, (unsigned long long)pc, msg);
}

/* Our row at pc against readelf's row want, under cols' columns; the row's
 * extent too unless loc is ~0 */
static void compare_row(struct oracle *o, const struct block *b, const struct block *cols, unsigned ra,
			const struct cfi_fde *f, const struct oracle_row *want, uint64_t pc, uint64_t loc,
			uint64_t end)
{
	struct cfi_row row;
	int r = cfi_row_at(&o->c, f, pc, &row), regs[MAX_COLS];

	o->rows++;
	column_regs(o->nm, cols, ra, regs);
	if (r) {
		mismatch(o, b, pc, "%s", cfi_strerror(r));
		return;
	}
	if (loc != ~0ull && (row.loc != loc || row.end != end))
		mismatch(o, b, pc, "row [%#llx, %#llx), readelf's [%#llx, %#llx)", (unsigned long long)row.loc,
			 (unsigned long long)row.end, (unsigned long long)loc, (unsigned long long)end);
	if (strcmp(rule_text(o->nm, row.cfa), want->cfa))
		mismatch(o, b, pc, "CFA %s, readelf's %s", rule_text(o->nm, row.cfa), want->cfa);
	for (int i = 0; i < cols->ncols; i++) {
		int n = regs[i];
		const char *ours = n < 0 ? "?" : rule_text(o->nm, cfi_row_rule(&row, (unsigned)n));

		if (strcmp(ours, want->cells[i]))
			mismatch(o, b, pc, "%s: %s, readelf's %s", cols->colnames[i], ours, want->cells[i]);
	}
	for (unsigned i = 0; i < row.nrules; i++) {
		int shown = 0;

		for (int j = 0; j < cols->ncols; j++)
			shown |= regs[j] == row.rules[i].reg;
		if (!shown && row.rules[i].kind != CFI_UNSET)
			mismatch(o, b, pc, "a rule for r%u (%s) that readelf does not show", row.rules[i].reg,
				 rule_text(o->nm, row.rules[i]));
	}
}

#define BIAS(cls64) ((cls64) ? 0x7f0000000000ull : 0x40000000ull) /* where c_bias is loaded */

/* The FDE's look-up by pc: itself, or (FDEs overlapping) one covering pc */
static void check_find(struct oracle *o, struct cfi *c, const struct block *b, uint64_t pc)
{
	struct cfi_fde g;
	int r;

	if (c == &o->c_bias)
		pc += BIAS(c->s.addr_size == 8);
	r = cfi_find(c, pc, &g);
	if (r)
		mismatch(o, b, pc, "look-up%s: %s", c == &o->c_hdr ? " by .eh_frame_hdr" : c == &o->c_bias ? " with a load bias" : "",
			 cfi_strerror(r));
	else if (g.offset != b->off)
		o->ambiguous++;
}

static void check_fde(struct oracle *o, struct block *b)
{
	struct cfi_fde f;
	uint64_t off = b->off;
	const struct block *cie = NULL;
	int r = cfi_entry(&o->c, &off, &f);

	o->fdes++;
	o->section_fdes++;
	if (r != 1) {
		mismatch(o, b, b->pc_begin, "an FDE readelf reads: %s", r < 0 ? cfi_strerror(r) : "not an FDE");
		return;
	}
	if (f.pc_begin != b->pc_begin || f.pc_end != b->pc_end || f.cie.offset != b->cie)
		mismatch(o, b, f.pc_begin, "pc=%#llx..%#llx cie=%#llx, readelf's pc=%#llx..%#llx cie=%#llx",
			 (unsigned long long)f.pc_begin, (unsigned long long)f.pc_end,
			 (unsigned long long)f.cie.offset, (unsigned long long)b->pc_begin,
			 (unsigned long long)b->pc_end, (unsigned long long)b->cie);
	if (f.pc_begin == f.pc_end)
		return;
	check_find(o, &o->c, b, f.pc_begin);
	check_find(o, &o->c, b, f.pc_end - 1);
	check_find(o, &o->c_bias, b, f.pc_begin);
	check_find(o, &o->c_bias, b, f.pc_end - 1);
	if (o->has_hdr) {
		check_find(o, &o->c_hdr, b, f.pc_begin);
		check_find(o, &o->c_hdr, b, f.pc_end - 1);
	}
	if (!b->nrows) {
		/* only nops: readelf shows no row, the CIE's holds */
		for (int i = 0; i < o->ncies; i++)
			if (o->cies[i].off == b->cie)
				cie = &o->cies[i];
		if (!cie || !cie->nrows)
			return;
		compare_row(o, b, cie, f.cie.ra_column, &f, &cie->rows[cie->nrows - 1], f.pc_begin, ~0ull, 0);
		compare_row(o, b, cie, f.cie.ra_column, &f, &cie->rows[cie->nrows - 1], f.pc_end - 1, ~0ull, 0);
		return;
	}
	for (int i = 0; i < b->nrows; i++) {
		uint64_t loc = b->rows[i].loc, next = f.pc_end;
		int later = 0;

		for (int j = i + 1; j < b->nrows; j++)
			if (b->rows[j].loc == loc)
				later = 1;
			else if (b->rows[j].loc > loc && b->rows[j].loc < next)
				next = b->rows[j].loc;
		if (later || loc < f.pc_begin || loc >= f.pc_end)
			continue;
		compare_row(o, b, b, f.cie.ra_column, &f, &b->rows[i], loc, loc, next);
		if (next - 1 > loc)
			compare_row(o, b, b, f.cie.ra_column, &f, &b->rows[i], next - 1, loc, next);
	}
}

static void check_cie(struct oracle *o, struct block *b)
{
	struct cfi_fde f;
	uint64_t off = b->off;
	int r = cfi_entry(&o->c, &off, &f);

	if (r != 2) {
		mismatch(o, b, 0, "a CIE readelf reads: %s", r < 0 ? cfi_strerror(r) : "not a CIE");
		return;
	}
	if (strcmp(f.cie.augmentation, b->aug) || f.cie.code_align != b->cf || f.cie.data_align != b->df ||
	    f.cie.ra_column != b->ra)
		mismatch(o, b, 0, "CIE \"%s\" cf=%llu df=%lld ra=%u, readelf's \"%s\" cf=%llu df=%lld ra=%llu",
			 f.cie.augmentation, (unsigned long long)f.cie.code_align, (long long)f.cie.data_align,
			 f.cie.ra_column, b->aug, b->cf, b->df, b->ra);
	/* its initial row: the CIE's instructions alone */
	f.insns_len = 0;
	f.pc_begin = 0;
	f.pc_end = ~0ull;
	if (b->nrows)
		compare_row(o, b, b, f.cie.ra_column, &f, &b->rows[b->nrows - 1], 0, ~0ull, 0);
	o->cies = realloc(o->cies, (o->ncies + 1) * sizeof(*o->cies));
	o->cies[o->ncies++] = *b;
	b->rows = NULL; /* the copy has them */
}

/* Every FDE of the section readelf showed, and no more */
static void close_section(struct oracle *o)
{
	uint64_t off = 0;
	long ours = 0;
	struct cfi_fde f;
	struct block none = { 0 };

	if (!o->open)
		return;
	while (off < o->c.s.size) {
		uint64_t before = off;

		ours += cfi_entry(&o->c, &off, &f) == 1;
		if (off <= before)
			break;
	}
	if (ours != o->section_fdes)
		mismatch(o, &none, 0, "%ld FDEs, readelf shows %ld", ours, o->section_fdes);
	cfi_close(&o->c);
	cfi_close(&o->c_bias);
	if (o->has_hdr)
		cfi_close(&o->c_hdr);
	for (int i = 0; i < o->ncies; i++)
		free(o->cies[i].rows);
	free(o->cies);
	o->cies = NULL;
	o->ncies = 0;
	o->open = o->has_hdr = 0;
	o->section_fdes = 0;
}

static void end_block(struct oracle *o, struct block *b)
{
	if (b->kind == 1)
		check_cie(o, b);
	else if (b->kind == 2)
		check_fde(o, b);
	free(b->rows);
	memset(b, 0, sizeof(*b));
}

/* Whitespace-separated cells, "r9 (r9)" (a register rule) being one */
static int split_cells(char *line, char cells[][24], int max)
{
	int n = 0;

	for (char *t = strtok(line, " \n"); t; t = strtok(NULL, " \n")) {
		if (t[0] == '(' && n > 0 && cells[n - 1][0] == 'r') {
			size_t l = strlen(cells[n - 1]);

			snprintf(cells[n - 1] + l, 24 - l, " %s", t);
			continue;
		}
		if (n == max)
			return -1;
		snprintf(cells[n++], 24, "%s", t);
	}
	return n;
}

static void oracle_file(struct oracle *o, const char *elf_path, const char *wf_path)
{
	static struct elf e;
	char *text = slurp(wf_path, NULL), *line, *save = NULL;
	struct block b = { 0 };
	static char cells[MAX_COLS + 2][24];

	elf_load(&e, elf_path);
	o->e = &e;
	o->nm = readelf_names(e.machine);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned long long off, len, id, cie, lo, hi;
		char kind[8], sec[32];
		int n;

		if (sscanf(line, "Contents of the %31s section", sec) == 1) {
			end_block(o, &b);
			close_section(o);
			snprintf(o->sec, sizeof(o->sec), "%s", sec);
			if (strlen(o->seen) + strlen(sec) + 2 < sizeof(o->seen))
				strcat(strcat(o->seen, " "), sec);
			o->open = elf_cfi(&e, sec, 0, 0, &o->c);
			o->has_hdr = o->open && !strcmp(sec, ".eh_frame") && elf_cfi(&e, sec, 0, 1, &o->c_hdr) &&
				     o->c_hdr.hdr_table;
			if (o->open)
				elf_cfi(&e, sec, BIAS(e.cls64), !strcmp(sec, ".eh_frame"), &o->c_bias);
			if (!o->open)
				mismatch(o, &b, 0, "readelf shows a section we cannot find");
			continue;
		}
		if (!o->open)
			continue;
		if (strstr(line, "ZERO terminator")) {
			end_block(o, &b);
			continue;
		}
		if (sscanf(line, "%llx %llx %llx %7s", &off, &len, &id, kind) == 4 &&
		    (!strcmp(kind, "CIE") || !strcmp(kind, "FDE"))) {
			end_block(o, &b);
			b.off = off;
			if (!strcmp(kind, "FDE")) {
				b.kind = 2;
				if (sscanf(strstr(line, "FDE"), "FDE cie=%llx pc=%llx..%llx", &cie, &lo, &hi) != 3)
					fail_msg("%s: %s", wf_path, line);
				b.cie = cie, b.pc_begin = lo, b.pc_end = hi;
			} else {
				char *q = strchr(line, '"'), *q2 = q ? strchr(q + 1, '"') : NULL;

				b.kind = 1;
				if (!q2 || sscanf(q2 + 1, " cf=%llu df=%lld ra=%llu", &b.cf, &b.df, &b.ra) != 3)
					fail_msg("%s: %s", wf_path, line);
				snprintf(b.aug, sizeof(b.aug), "%.*s", (int)(q2 - q - 1), q + 1);
			}
			continue;
		}
		if (!b.kind)
			continue;
		if (!strncmp(line, "   LOC", 6)) {
			n = split_cells(line, cells, MAX_COLS + 2);
			assert_true(n >= 2 && !strcmp(cells[1], "CFA"));
			b.ncols = n - 2;
			memcpy(b.colnames, cells[2], sizeof(cells[0]) * (size_t)b.ncols);
			continue;
		}
		if (sscanf(line, "%llx ", &off) == 1 && strlen(line) > 8 && line[strspn(line, "0123456789abcdef")] == ' ') {
			struct oracle_row *row;

			n = split_cells(line, cells, MAX_COLS + 2);
			if (n != b.ncols + 2)
				fail_msg("%s: a row of %d cells under %d columns: %s", wf_path, n, b.ncols, line);
			b.rows = realloc(b.rows, (size_t)(b.nrows + 1) * sizeof(*b.rows));
			row = &b.rows[b.nrows++];
			row->loc = off;
			snprintf(row->cfa, sizeof(row->cfa), "%s", cells[1]);
			memcpy(row->cells, cells[2], sizeof(cells[0]) * (size_t)b.ncols);
		}
	}
	end_block(o, &b);
	close_section(o);
	free(text);
	free(e.data);
}

static void rows_match_readelf(void **state)
{
	const char *list = getenv("PROCBOX_CFI_ORACLE");
	char *text, *line, *save = NULL;
	static struct oracle o;
	long fdes = 0;

	(void)state;
	if (!list) {
		print_message("[  SKIP    ] PROCBOX_CFI_ORACLE unset: make check-unit sets it\n");
		skip();
	}
	text = slurp(list, NULL);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char elf_path[512], wf_path[512];
		long m = o.mismatches;

		assert_int_equal(sscanf(line, "%511s %511s", elf_path, wf_path), 2);
		o.fdes = o.rows = o.ambiguous = 0;
		o.seen[0] = 0;
		oracle_file(&o, elf_path, wf_path);
		print_message("[ ORACLE   ] %s (%s): %ld FDEs, %ld rows, %ld mismatches%s\n", elf_path,
			      o.seen[0] ? o.seen + 1 : "no CFI", o.fdes, o.rows, o.mismatches - m,
			      o.ambiguous ? ", some pcs in overlapping FDEs" : "");
		fdes += o.fdes;
	}
	free(text);
	if (o.mismatches > 20)
		print_message("(the first 20 mismatches shown)\n");
	assert_int_equal(o.mismatches, 0);
	assert_true(fdes > 0);
}

/* ---- a walk up this test's own stack ---- */

/* The pc and sp at one instruction, in one statement: the row of that pc
 * holds for that sp. The only arch-specific lines of the test. */
#if defined(__x86_64__)
#define HERE(pc, sp) __asm__ volatile("mov %%rsp, %0\n\tlea 0(%%rip), %1" : "=r"(sp), "=r"(pc))
#elif defined(__aarch64__)
#define HERE(pc, sp) __asm__ volatile("mov %0, sp\n\tadr %1, ." : "=r"(sp), "=r"(pc))
#elif defined(__arm__) /* reading pc gives the instruction's address + 4 (Thumb) or + 8: the nops */
#define HERE(pc, sp) __asm__ volatile("mov %0, sp\n\tmov %1, pc\n\tnop\n\tnop" : "=r"(sp), "=r"(pc))
#elif defined(__riscv)
#define HERE(pc, sp) __asm__ volatile("mv %0, sp\n\tauipc %1, 0" : "=r"(sp), "=r"(pc))
#elif defined(__loongarch__)
#define HERE(pc, sp) __asm__ volatile("move %0, $sp\n\tpcaddi %1, 0" : "=r"(sp), "=r"(pc))
#endif
/* The frame pointer's DWARF number: arch's, but r7 in Thumb code */
#if defined(__thumb__)
#define FP_REG 7
#else
#define FP_REG arch_host()->dwarf->fp
#endif

struct walk {
	uintptr_t pc, sp, fp, lr, top; /* top: no frame of the walk lies above */
	int steps, err;
	uint64_t ret[3], begin[3];
	volatile int sink;
};

static void walk(struct walk *w)
{
	static struct elf e;
	const struct arch_dwarf *d = arch_host()->dwarf;
	struct cfi eh = { 0 }, dbg = { 0 }, *c;
	struct cfi_regs r = { 0 };
	struct self_mem m = { w->sp, w->top };
	struct cfi_fde f;
	uint64_t bias;
	int have_eh, have_dbg;

	elf_load(&e, "/proc/self/exe");
	bias = self_bias(&e);
	have_eh = elf_cfi(&e, ".eh_frame", bias, 1, &eh);
	have_dbg = elf_cfi(&e, ".debug_frame", bias, 0, &dbg);
	r.pc = w->pc;
	cfi_reg_set(&r, d->sp, w->sp);
	cfi_reg_set(&r, FP_REG, w->fp);
	cfi_reg_set(&r, d->ra, d->ra == d->pc ? w->pc : w->lr);
	for (w->steps = 0; w->steps < 3; w->steps++) {
		uint64_t pc = r.pc & (d->thumb ? ~1ull : ~0ull);

		if (r.caller)
			pc--;
		c = have_eh && !cfi_find(&eh, pc, &f) ? &eh : &dbg;
		if (!have_dbg && c == &dbg) {
			w->err = CFI_E_NOFDE;
			break;
		}
		w->err = cfi_step(c, d, &r, self_read, &m);
		if (w->err != 1)
			break;
		w->err = 0;
		w->ret[w->steps] = r.pc;
		pc = (r.pc & (d->thumb ? ~1ull : ~0ull)) - 1;
		if (!(have_eh && !cfi_find(&eh, pc, &f)) && !(have_dbg && !cfi_find(&dbg, pc, &f)))
			break;
		w->begin[w->steps] = f.pc_begin;
	}
	if (have_eh)
		cfi_close(&eh);
	if (have_dbg)
		cfi_close(&dbg);
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
	return (uintptr_t)fn & (arch_host()->dwarf->thumb ? ~(uintptr_t)1 : ~(uintptr_t)0);
}

static void unwinds_its_own_stack(void **state)
{
	static struct walk w;
	volatile char mark = 0;
	uint64_t want[3] = { code_addr((void (*)(void))chain_b), code_addr((void (*)(void))chain_a),
			     code_addr((void (*)(void))unwinds_its_own_stack) };

	(void)state;
	memset(&w, 0, sizeof(w));
	w.top = (uintptr_t)&mark;
	assert_int_equal(chain_a(&w), 6 + w.sink - w.sink);
	if (w.err)
		fail_msg("step %d: %s", w.steps + 1, cfi_strerror(w.err));
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
		cmocka_unit_test(rows_follow_the_instructions),
		cmocka_unit_test(every_pointer_encoding_decodes),
		cmocka_unit_test(augmentations_are_read),
		cmocka_unit_test(debug_frame_in_every_form),
		cmocka_unit_test(state_stack_and_gnu_operations),
		cmocka_unit_test(step_recovers_the_caller),
		cmocka_unit_test(step_ends_and_refuses_loops),
		cmocka_unit_test(step_32bit_big_endian_signed_ra),
		cmocka_unit_test(hdr_table_and_index_agree),
		cmocka_unit_test(expressions_evaluate),
		cmocka_unit_test(expressions_refuse_hostile_input),
		cmocka_unit_test(damaged_sections_give_errors),
		cmocka_unit_test(hostile_instructions_give_errors),
		cmocka_unit_test(hostile_entries_give_errors),
		cmocka_unit_test(random_sections_give_errors),
		cmocka_unit_test(dwarf_numbers_name_real_registers),
		cmocka_unit_test(unwinds_its_own_stack),
		cmocka_unit_test(rows_match_readelf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
