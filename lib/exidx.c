/* exidx.c: the Arm EHABI's unwind tables. An .ARM.exidx entry is two
 * words: a prel31 offset to its function, then 1 (cannot unwind), an
 * inline compact entry (bit 31 set), or a prel31 offset to the function's
 * .ARM.extab entry. Unwind instructions are bytes, taken from each word
 * most significant first; they move a virtual stack pointer and pop
 * registers off it. Every word is read from the buffers given after a
 * bounds check; an entry's instructions are run once, front to back. */
#include <string.h>

#include "exidx.h"

#define CANTUNWIND 1u

const char *exidx_strerror(int err)
{
	switch (err) {
	case EXIDX_E_TRUNCATED: return "truncated unwind table";
	case EXIDX_E_BAD: return "malformed unwind table";
	case EXIDX_E_UNSUPPORTED: return "unsupported personality routine";
	case EXIDX_E_NOENTRY: return "no unwind table entry covers the address";
	case EXIDX_E_NOREG: return "a register needed is unknown";
	case EXIDX_E_READ: return "memory unreadable";
	case EXIDX_E_LOOP: return "the frame would not move";
	}
	return "unknown error";
}

static uint32_t get32(const uint8_t *p, int be)
{
	return be ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
		  : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* A prel31 value: 31 bits, signed, relative to where the word lies */
static uint32_t prel31(uint32_t w, uint64_t where)
{
	uint32_t off = w & 0x7fffffff;

	if (off & 0x40000000)
		off |= 0x80000000;
	return (uint32_t)where + off;
}

static uint32_t fn_at(const struct exidx *t, size_t i)
{
	return prel31(get32(t->idx.data + 8 * i, t->big_endian), t->idx.addr + 8 * i);
}

int exidx_open(struct exidx *t, const struct exidx_section *idx, const struct exidx_section *tab,
	       int big_endian)
{
	uint32_t prev = 0;

	memset(t, 0, sizeof(*t));
	if ((!idx->data && idx->size) || (tab && !tab->data && tab->size))
		return EXIDX_E_BAD;
	if (idx->size % 8)
		return EXIDX_E_TRUNCATED;
	t->idx = *idx;
	if (tab)
		t->tab = *tab;
	t->big_endian = !!big_endian;
	/* the binary search needs the order the linker promises */
	for (size_t i = 0; i < idx->size / 8; i++) {
		uint32_t fn = fn_at(t, i) & ~1u;

		if (get32(idx->data + 8 * i, t->big_endian) >> 31 || (i && fn < prev))
			return EXIDX_E_BAD;
		prev = fn;
	}
	t->n = idx->size / 8;
	return 0;
}

int exidx_find(const struct exidx *t, uint64_t pc, size_t *i)
{
	size_t lo = 0, hi = t->n;
	uint32_t want = (uint32_t)pc & ~1u;

	while (lo < hi) { /* the first entry past pc */
		size_t mid = lo + (hi - lo) / 2;

		if ((fn_at(t, mid) & ~1u) <= want)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return EXIDX_E_NOENTRY;
	*i = lo - 1;
	return 0;
}

/* The low k bytes of w, most significant first */
static void put_ops(struct exidx_entry *e, uint32_t w, unsigned k)
{
	while (k--)
		e->ops[e->nops++] = (uint8_t)(w >> 8 * k);
}

int exidx_entry(const struct exidx *t, size_t i, struct exidx_entry *e)
{
	uint64_t off;
	uint32_t w, more;
	unsigned first;

	memset(e, 0, sizeof(*e));
	if (i >= t->n)
		return EXIDX_E_NOENTRY;
	e->fn = fn_at(t, i);
	e->end = i + 1 < t->n ? fn_at(t, i + 1) & ~1u : 1ull << 32;
	e->word = w = get32(t->idx.data + 8 * i + 4, t->big_endian);
	if (w == CANTUNWIND) {
		e->kind = EXIDX_CANTUNWIND;
		return 0;
	}
	if (w >> 31) { /* inline: personality 0 only, having no room for more */
		if (w & 0x7f000000)
			return EXIDX_E_BAD;
		e->kind = EXIDX_COMPACT;
		put_ops(e, w, 3);
		return 0;
	}
	e->extab = prel31(w, t->idx.addr + 8 * i + 4);
	if (e->extab < t->tab.addr || e->extab - t->tab.addr >= t->tab.size)
		return EXIDX_E_BAD;
	off = e->extab - t->tab.addr;
	if (t->tab.size - off < 4)
		return EXIDX_E_TRUNCATED;
	w = get32(t->tab.data + off, t->big_endian);
	if (w >> 31) {
		if (w & 0x70000000)
			return EXIDX_E_BAD;
		e->kind = EXIDX_COMPACT;
		e->index = (uint8_t)(w >> 24 & 0x0f);
		if (e->index > 2)
			return EXIDX_E_UNSUPPORTED;
		more = e->index ? w >> 16 & 0xff : 0;
		first = e->index ? 2 : 3;
	} else {
		e->kind = EXIDX_GENERIC;
		e->personality = prel31(w, e->extab);
		if (!t->gnu_personality)
			return 0;
		off += 4; /* a count byte, 3 instruction bytes, more words */
		if (t->tab.size - off < 4)
			return EXIDX_E_TRUNCATED;
		w = get32(t->tab.data + off, t->big_endian);
		more = w >> 24;
		first = 3;
	}
	if (more > (t->tab.size - off - 4) / 4)
		return EXIDX_E_TRUNCATED;
	put_ops(e, w, first);
	for (uint32_t k = 0; k < more; k++)
		put_ops(e, get32(t->tab.data + off + 4 + 4 * k, t->big_endian), 4);
	return 0;
}

static unsigned popcount(unsigned v)
{
	unsigned n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

int exidx_insn(const uint8_t *ops, size_t n, struct exidx_insn *in)
{
	uint8_t op, b = 0;

	memset(in, 0, sizeof(*in));
	if (!n)
		return EXIDX_E_TRUNCATED;
	op = ops[0];
	in->len = 1;
	/* the two-byte instructions: 8x xx, b1, b3, c6-c9 */
	if (op >> 4 == 0x8 || op == 0xb1 || op == 0xb3 || (op >= 0xc6 && op <= 0xc9)) {
		if (n < 2)
			return EXIDX_E_TRUNCATED;
		b = ops[1];
		in->len = 2;
	}
	if (op < 0x80) {
		in->op = op < 0x40 ? EXIDX_OP_VSP_ADD : EXIDX_OP_VSP_SUB;
		in->n = ((op & 0x3fu) << 2) + 4;
	} else if (op >> 4 == 0x8) {
		in->mask = (uint16_t)(((op & 0x0fu) << 8 | b) << 4);
		in->op = in->mask ? EXIDX_OP_POP : EXIDX_OP_REFUSE;
	} else if (op >> 4 == 0x9) {
		in->op = (op & 0x0f) == 13 || (op & 0x0f) == 15 ? EXIDX_OP_SPARE : EXIDX_OP_VSP_REG;
		in->n = in->op == EXIDX_OP_VSP_REG ? op & 0x0fu : 0;
	} else if (op >> 4 == 0xa) {
		in->op = EXIDX_OP_POP;
		in->mask = (uint16_t)(((2u << (op & 7)) - 1) << 4 | (op & 8 ? 1u << 14 : 0));
	} else if (op == 0xb0) {
		in->op = EXIDX_OP_FINISH;
	} else if (op == 0xb1) {
		in->op = !b || b >> 4 ? EXIDX_OP_SPARE : EXIDX_OP_POP;
		in->mask = b;
	} else if (op == 0xb2) { /* vsp += 0x204 + (uleb128 << 2), 32 bits at most */
		uint64_t v = 0;
		unsigned k = 0;

		do {
			if (1 + k >= n)
				return EXIDX_E_TRUNCATED;
			if (k == 5)
				return EXIDX_E_BAD;
			v |= (uint64_t)(ops[1 + k] & 0x7f) << 7 * k;
		} while (ops[1 + k++] & 0x80);
		if (v > (0xffffffffu - 0x204) / 4)
			return EXIDX_E_BAD;
		in->op = EXIDX_OP_VSP_ADD;
		in->n = 0x204 + (uint32_t)v * 4;
		in->len = (uint8_t)(1 + k);
	} else if (op == 0xb3 || op == 0xc8 || op == 0xc9) {
		in->op = EXIDX_OP_POP_VFP;
		in->first = (uint8_t)((op == 0xc8 ? 16 : 0) + (b >> 4));
		in->count = (uint8_t)((b & 0x0f) + 1);
	} else if ((op & 0xf8) == 0xb8 || (op & 0xf8) == 0xd0) {
		in->op = EXIDX_OP_POP_VFP;
		in->first = 8;
		in->count = (uint8_t)((op & 7) + 1);
	} else if (op >= 0xc0 && op <= 0xc6) {
		in->op = EXIDX_OP_POP_WMMX;
		in->first = op == 0xc6 ? b >> 4 : 10;
		in->count = (uint8_t)(op == 0xc6 ? (b & 0x0f) + 1 : (op & 7) + 1);
		in->n = 8u * in->count;
	} else if (op == 0xc7) {
		in->op = !b || b >> 4 ? EXIDX_OP_SPARE : EXIDX_OP_POP_WCGR;
		in->mask = b;
		in->n = 4 * popcount(b & 0x0f);
	} else {
		in->op = EXIDX_OP_SPARE;
	}
	if (in->op == EXIDX_OP_POP)
		in->n = 4 * popcount(in->mask);
	/* FSTMFDX (b3, b8-bf) stores a pad word after the registers */
	if (in->op == EXIDX_OP_POP_VFP)
		in->n = 8u * in->count + (op == 0xb3 || (op & 0xf8) == 0xb8 ? 4 : 0);
	return in->len;
}

int exidx_run(const uint8_t *ops, size_t n, int big_endian, struct cfi_regs *regs, cfi_read_fn read,
	      void *ctx)
{
	uint32_t r[16], vsp;
	unsigned valid = 0;
	int pc_set = 0;

	for (unsigned k = 0; k < 16; k++) {
		r[k] = (uint32_t)regs->r[k];
		valid |= (unsigned)cfi_reg_valid(regs, k) << k;
	}
	if (!(valid >> 13 & 1))
		return EXIDX_E_NOREG;
	vsp = r[13];
	for (size_t at = 0; at < n;) {
		struct exidx_insn in;
		uint8_t buf[64];
		int len = exidx_insn(ops + at, n - at, &in);

		if (len < 0)
			return len;
		at += (size_t)len;
		switch (in.op) {
		case EXIDX_OP_FINISH:
			at = n;
			break;
		case EXIDX_OP_VSP_ADD:
			vsp += in.n;
			break;
		case EXIDX_OP_VSP_SUB:
			vsp -= in.n;
			break;
		case EXIDX_OP_REFUSE:
			return 0;
		case EXIDX_OP_POP:
			/* lowest register at the lowest address; sp popped is the new vsp */
			if ((uint64_t)vsp + in.n > 1ull << 32 || !read || read(ctx, vsp, buf, in.n))
				return EXIDX_E_READ;
			for (unsigned k = 0, j = 0; k < 16; k++) {
				if (in.mask >> k & 1) {
					r[k] = get32(buf + 4 * j++, big_endian);
					valid |= 1u << k;
				}
			}
			vsp = in.mask >> 13 & 1 ? r[13] : vsp + in.n;
			pc_set |= in.mask >> 15 & 1;
			break;
		case EXIDX_OP_VSP_REG:
			if (!(valid >> in.n & 1))
				return EXIDX_E_NOREG;
			vsp = r[in.n];
			break;
		case EXIDX_OP_POP_VFP:
		case EXIDX_OP_POP_WMMX:
			/* registers we do not keep: only vsp moves */
			if (in.first + in.count > (in.op == EXIDX_OP_POP_VFP ? 32 : 16))
				return EXIDX_E_BAD;
			vsp += in.n;
			break;
		case EXIDX_OP_POP_WCGR:
			vsp += in.n;
			break;
		default:
			return EXIDX_E_BAD;
		}
	}
	if (!pc_set) {
		if (!(valid >> 14 & 1))
			return EXIDX_E_NOREG;
		r[15] = r[14];
		valid |= 1u << 15;
	}
	r[13] = vsp;
	valid |= 1u << 13;
	for (unsigned k = 0; k < 16; k++) {
		if (valid >> k & 1) {
			regs->r[k] = r[k];
			regs->valid[0] |= 1ull << k;
		}
	}
	regs->pc = r[15];
	return 1;
}

int exidx_step(const struct exidx *t, struct cfi_regs *regs, cfi_read_fn read, void *ctx)
{
	struct exidx_entry e;
	struct cfi_regs next = *regs;
	uint32_t pc = (uint32_t)regs->pc & ~1u;
	size_t i;
	int r;

	if (regs->caller && pc)
		pc--; /* within the call, not after it: it may end its function */
	r = exidx_find(t, pc, &i);
	if (!r)
		r = exidx_entry(t, i, &e);
	if (r)
		return r;
	if (e.kind == EXIDX_CANTUNWIND)
		return 0;
	if (e.kind == EXIDX_GENERIC && !t->gnu_personality)
		return EXIDX_E_UNSUPPORTED;
	r = exidx_run(e.ops, e.nops, t->big_endian, &next, read, ctx);
	if (r <= 0)
		return r;
	if (!(next.pc & ~1ull))
		return 0;
	if (next.r[13] == (uint32_t)regs->r[13] && next.pc == (uint32_t)regs->pc)
		return EXIDX_E_LOOP;
	next.cfa = next.r[13];
	next.caller = 1;
	next.ra_signed = 0;
	*regs = next;
	return 1;
}
