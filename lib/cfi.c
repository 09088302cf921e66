/* cfi.c: DWARF call frame information: CIEs and FDEs of .eh_frame (the
 * LSB's format: pointer encodings, augmentations) and .debug_frame (DWARF's),
 * the look-up of a pc's FDE, the rows the CFA instructions describe, and one
 * unwinding step. Every value read is checked against the end of its entry;
 * an instruction stream is run once, front to back, never recursively. */
#include <stdlib.h>
#include <string.h>

#include "cfi.h"
#include "dwarf.h"

/* DW_EH_PE_*: the low nibble is the format, bits 4-6 what it is relative to */
#define PE_OMIT 0xff
#define PE_INDIRECT 0x80
#define PE_ABSPTR 0x00
#define PE_PCREL 0x10
#define PE_TEXTREL 0x20
#define PE_DATAREL 0x30
#define PE_FUNCREL 0x40
#define PE_ALIGNED 0x50

/* How far back from the last FDE starting at or before a pc the look-up
 * searches for one covering it (FDEs nested or overlapping: rare) */
#define LOOKBACK 16

struct cfi_index_entry {
	uint64_t pc, end, off;
};

const char *cfi_strerror(int err)
{
	switch (err) {
	case CFI_E_TRUNCATED: return "truncated call frame information";
	case CFI_E_BAD: return "malformed call frame information";
	case CFI_E_UNSUPPORTED: return "unsupported call frame information";
	case CFI_E_NOFDE: return "no FDE covers the address";
	case CFI_E_LIMIT: return "call frame information past a limit";
	case CFI_E_NOREG: return "a register needed is unknown";
	case CFI_E_READ: return "memory unreadable";
	case CFI_E_NOMEM: return "out of memory";
	case CFI_E_LOOP: return "the frame would not move";
	}
	return "unknown error";
}

static uint64_t trunc_addr(unsigned addr_size, uint64_t v)
{
	return addr_size == 4 ? (uint32_t)v : v;
}

/* What an encoded pointer may be relative to */
struct ptr_base {
	const uint8_t *data;  /* the buffer the cursor is in ... */
	uint64_t addr;        /* ... and its address (pcrel) */
	uint64_t data_base, func, bias;
	uint8_t addr_size;
};

/* An encoded pointer at the cursor: 0, or an error. *indirect says whether
 * the value is the address of the pointer rather than the pointer. */
static int read_ptr(struct dwarf_cur *cur, uint8_t enc, const struct ptr_base *b, uint64_t *out,
		    int *indirect)
{
	uint64_t here, v;
	unsigned asz = b->addr_size;

	if (enc == PE_OMIT)
		return CFI_E_BAD;
	if ((enc & 0x70) == PE_ALIGNED) {
		uint64_t a = b->addr + (uint64_t)(cur->p - b->data);
		size_t pad = (asz - a % asz) % asz;

		if (dwarf_left(cur) < pad)
			return CFI_E_TRUNCATED;
		cur->p += pad;
	}
	here = b->addr + (uint64_t)(cur->p - b->data);
	switch (enc & 0x0f) {
	case 0x00: v = dwarf_u(cur, asz); break;
	case 0x01: v = dwarf_uleb(cur); break;
	case 0x02: v = dwarf_u(cur, 2); break;
	case 0x03: v = dwarf_u(cur, 4); break;
	case 0x04: v = dwarf_u(cur, 8); break;
	case 0x08: v = (uint64_t)dwarf_s(cur, asz); break;
	case 0x09: v = (uint64_t)dwarf_sleb(cur); break;
	case 0x0a: v = (uint64_t)dwarf_s(cur, 2); break;
	case 0x0b: v = (uint64_t)dwarf_s(cur, 4); break;
	case 0x0c: v = (uint64_t)dwarf_s(cur, 8); break;
	default: return CFI_E_UNSUPPORTED;
	}
	if (cur->bad)
		return CFI_E_TRUNCATED;
	switch (enc & 0x70) {
	case PE_ABSPTR:
	case PE_ALIGNED:
		v += b->bias;
		break;
	case PE_PCREL:
		v += here;
		break;
	case PE_DATAREL:
		if (!b->data_base)
			return CFI_E_UNSUPPORTED;
		v += b->data_base;
		break;
	case PE_FUNCREL:
		if (!b->func)
			return CFI_E_UNSUPPORTED;
		v += b->func;
		break;
	default: /* textrel: no one's CFI uses it on Linux */
		return CFI_E_UNSUPPORTED;
	}
	if (indirect)
		*indirect = !!(enc & PE_INDIRECT);
	else if (enc & PE_INDIRECT)
		return CFI_E_UNSUPPORTED;
	*out = trunc_addr(asz, v);
	return 0;
}

/* A pointer in the section in the encoding of its CIE (always absptr in
 * .debug_frame); range: the format alone, nothing added */
static int read_addr(const struct cfi *c, struct dwarf_cur *cur, const struct cfi_cie *cie,
		     uint64_t *out, int range)
{
	struct ptr_base b = { c->s.data, c->s.addr, c->s.data_base, 0, c->s.bias, cie->addr_size };
	uint8_t enc = c->s.debug_frame ? PE_ABSPTR : cie->fde_enc;

	if (range) {
		enc &= 0x0f;
		b.bias = 0;
	}
	return read_ptr(cur, enc, &b, out, NULL);
}

int cfi_open(struct cfi *c, const struct cfi_section *s)
{
	memset(c, 0, sizeof(*c));
	if (s->addr_size != 4 && s->addr_size != 8)
		return CFI_E_UNSUPPORTED;
	if (!s->data && s->size)
		return CFI_E_BAD;
	c->s = *s;
	return 0;
}

void cfi_close(struct cfi *c)
{
	free(c->index);
	c->index = NULL;
	c->nindex = 0;
	c->index_built = 0;
}

/* An entry's header: its length (4 or 12 bytes) and CIE id or pointer. */
struct head {
	uint64_t off, end;  /* the entry, in the section */
	uint64_t id_pos, id;
	unsigned offsz;     /* 4, or 8 for 64-bit DWARF */
	int is_cie;
};

/* 1 an entry, 0 the end, or an error (h->end set when the length was sound) */
static int read_head(const struct cfi *c, uint64_t off, struct head *h)
{
	struct dwarf_cur cur = { c->s.data + off, c->s.data + c->s.size, c->s.big_endian, 0 };
	uint64_t len;

	memset(h, 0, sizeof(*h));
	h->off = off;
	h->end = c->s.size;
	if (off >= c->s.size)
		return 0;
	len = dwarf_u(&cur, 4);
	h->offsz = 4;
	if (len == 0xffffffff) {
		len = dwarf_u(&cur, 8);
		h->offsz = 8;
	}
	if (cur.bad)
		return CFI_E_TRUNCATED;
	if (len == 0) {
		h->end = off + 4;
		return 0;
	}
	if (len > dwarf_left(&cur))
		return CFI_E_TRUNCATED;
	h->end = (uint64_t)(cur.p - c->s.data) + len;
	if (len < h->offsz)
		return CFI_E_TRUNCATED;
	h->id_pos = (uint64_t)(cur.p - c->s.data);
	h->id = dwarf_u(&cur, h->offsz);
	if (c->s.debug_frame)
		h->is_cie = h->id == (h->offsz == 4 ? 0xffffffffull : ~0ull);
	else
		h->is_cie = h->id == 0;
	return 1;
}

static int parse_cie(const struct cfi *c, uint64_t off, struct cfi_cie *cie)
{
	struct head h;
	struct dwarf_cur cur;
	const char *aug;
	const uint8_t *nul, *aug_end = NULL;
	int r = read_head(c, off, &h);

	if (r <= 0)
		return r ? r : CFI_E_BAD;
	if (!h.is_cie)
		return CFI_E_BAD;
	memset(cie, 0, sizeof(*cie));
	cie->offset = off;
	cie->addr_size = c->s.addr_size;
	cie->fde_enc = PE_ABSPTR;
	cie->lsda_enc = cie->personality_enc = PE_OMIT;
	cur = (struct dwarf_cur){ c->s.data + h.id_pos + h.offsz, c->s.data + h.end, c->s.big_endian, 0 };
	cie->version = (uint8_t)dwarf_u(&cur, 1);
	if (cur.bad)
		return CFI_E_TRUNCATED;
	if (cie->version != 1 && cie->version != 3 && cie->version != 4)
		return CFI_E_UNSUPPORTED;
	nul = memchr(cur.p, 0, dwarf_left(&cur));
	if (!nul)
		return CFI_E_TRUNCATED;
	aug = (const char *)cur.p;
	cie->augmentation = aug;
	cur.p = nul + 1;
	if (aug[0] == 'e' && aug[1] == 'h') /* GCC 2's: a pointer to its EH data */
		dwarf_u(&cur, c->s.addr_size);
	if (cie->version >= 4) {
		cie->addr_size = (uint8_t)dwarf_u(&cur, 1);
		cie->seg_size = (uint8_t)dwarf_u(&cur, 1);
		if (!cur.bad && ((cie->addr_size != 4 && cie->addr_size != 8) || cie->seg_size))
			return CFI_E_UNSUPPORTED;
	}
	cie->code_align = dwarf_uleb(&cur);
	cie->data_align = dwarf_sleb(&cur);
	cie->ra_column = cie->version == 1 ? dwarf_u(&cur, 1) : dwarf_uleb(&cur);
	if (cur.bad)
		return CFI_E_TRUNCATED;
	if (cie->ra_column > 0xffff)
		return CFI_E_BAD;
	if (aug[0] == 'z') {
		uint64_t n = dwarf_uleb(&cur);

		if (cur.bad || n > dwarf_left(&cur))
			return CFI_E_TRUNCATED;
		aug_end = cur.p + n;
		cie->has_z = 1;
		cur.end = aug_end;
		for (const char *a = aug + 1; *a; a++) {
			struct ptr_base b = { c->s.data, c->s.addr, c->s.data_base, 0, c->s.bias,
					      cie->addr_size };
			int ind;

			if (*a == 'R') {
				cie->fde_enc = (uint8_t)dwarf_u(&cur, 1);
			} else if (*a == 'L') {
				cie->lsda_enc = (uint8_t)dwarf_u(&cur, 1);
			} else if (*a == 'P') {
				cie->personality_enc = (uint8_t)dwarf_u(&cur, 1);
				if (cur.bad)
					break;
				r = read_ptr(&cur, cie->personality_enc, &b, &cie->personality, &ind);
				if (r)
					return r;
			} else if (*a == 'S') {
				cie->signal_frame = 1;
			} else if (*a == 'B') {
				cie->b_key = 1;
			} else if (*a == 'G') {
				cie->mte_tagged = 1;
			} else {
				break; /* the rest is skipped: 'z' gave its length */
			}
		}
		if (cur.bad)
			return CFI_E_TRUNCATED;
		cur.p = aug_end;
		cur.end = c->s.data + h.end;
	} else if (aug[0] && strcmp(aug, "eh")) {
		return CFI_E_UNSUPPORTED; /* no length to skip what we do not know */
	}
	if (cur.bad)
		return CFI_E_TRUNCATED;
	cie->insns = cur.p;
	cie->insns_len = dwarf_left(&cur);
	return 0;
}

int cfi_entry(const struct cfi *c, uint64_t *off, struct cfi_fde *fde)
{
	struct head h;
	struct dwarf_cur cur;
	uint64_t cie_off, range;
	int r = read_head(c, *off, &h);

	memset(fde, 0, sizeof(*fde));
	*off = h.end;
	if (r <= 0)
		return r;
	fde->offset = h.off;
	if (h.is_cie) {
		r = parse_cie(c, h.off, &fde->cie);
		return r ? r : 2;
	}
	if (c->s.debug_frame)
		cie_off = h.id;
	else if (h.id <= h.id_pos)
		cie_off = h.id_pos - h.id;
	else
		return CFI_E_BAD;
	if (cie_off == h.off)
		return CFI_E_BAD;
	r = parse_cie(c, cie_off, &fde->cie);
	if (r)
		return r;
	cur = (struct dwarf_cur){ c->s.data + h.id_pos + h.offsz, c->s.data + h.end, c->s.big_endian, 0 };
	r = read_addr(c, &cur, &fde->cie, &fde->pc_begin, 0);
	if (!r)
		r = read_addr(c, &cur, &fde->cie, &range, 1);
	if (r)
		return r;
	fde->pc_end = trunc_addr(fde->cie.addr_size, fde->pc_begin + range);
	if (fde->pc_end < fde->pc_begin || range > fde->pc_end - fde->pc_begin)
		return CFI_E_BAD;
	if (fde->cie.has_z) {
		uint64_t n = dwarf_uleb(&cur);
		const uint8_t *aug_end;

		if (cur.bad || n > dwarf_left(&cur))
			return CFI_E_TRUNCATED;
		aug_end = cur.p + n;
		if (fde->cie.lsda_enc != PE_OMIT && n) {
			struct ptr_base b = { c->s.data, c->s.addr, c->s.data_base, fde->pc_begin,
					      c->s.bias, fde->cie.addr_size };
			int ind;

			cur.end = aug_end;
			r = read_ptr(&cur, fde->cie.lsda_enc, &b, &fde->lsda, &ind);
			if (r)
				return r;
			cur.end = c->s.data + h.end;
		}
		cur.p = aug_end;
	}
	fde->insns = cur.p;
	fde->insns_len = dwarf_left(&cur);
	return 1;
}

/* .eh_frame_hdr: version 1, the encoded address of .eh_frame, the count
 * of its table's entries, and the table: (initial location, FDE address)
 * pairs sorted by location, in one fixed-size encoding. */
static unsigned enc_size(uint8_t enc, unsigned addr_size)
{
	switch (enc & 0x0f) {
	case 0x00: case 0x08: return addr_size;
	case 0x02: case 0x0a: return 2;
	case 0x03: case 0x0b: return 4;
	case 0x04: case 0x0c: return 8;
	}
	return 0;
}

static int hdr_entry(const struct cfi *c, uint64_t i, uint64_t *loc, uint64_t *fde)
{
	const uint8_t *p = c->hdr_table + i * c->hdr_entry_size;
	struct dwarf_cur cur = { p, p + c->hdr_entry_size, c->s.big_endian, 0 };
	struct ptr_base b = { c->hdr_table, c->hdr_addr, c->hdr_base, 0, c->s.bias, c->s.addr_size };
	int r;

	r = read_ptr(&cur, c->hdr_enc, &b, loc, NULL);
	if (!r && fde)
		r = read_ptr(&cur, c->hdr_enc, &b, fde, NULL);
	return r;
}

int cfi_use_hdr(struct cfi *c, const uint8_t *data, size_t size, uint64_t addr)
{
	struct dwarf_cur cur = { data, data + size, c->s.big_endian, 0 };
	struct ptr_base b = { data, addr, addr, 0, c->s.bias, c->s.addr_size };
	uint8_t version, ptr_enc, count_enc, table_enc;
	uint64_t frame, count, prev = 0;
	unsigned esz;
	int r;

	if (c->s.debug_frame)
		return CFI_E_UNSUPPORTED;
	version = (uint8_t)dwarf_u(&cur, 1);
	ptr_enc = (uint8_t)dwarf_u(&cur, 1);
	count_enc = (uint8_t)dwarf_u(&cur, 1);
	table_enc = (uint8_t)dwarf_u(&cur, 1);
	if (cur.bad)
		return CFI_E_TRUNCATED;
	if (version != 1 || count_enc == PE_OMIT || table_enc == PE_OMIT || (table_enc & PE_INDIRECT))
		return CFI_E_UNSUPPORTED;
	r = read_ptr(&cur, ptr_enc, &b, &frame, NULL);
	b.bias = 0; /* a count, not an address */
	if (!r)
		r = read_ptr(&cur, count_enc, &b, &count, NULL);
	b.bias = c->s.bias;
	if (r)
		return r;
	if (frame != c->s.addr)
		return CFI_E_BAD;
	esz = enc_size(table_enc, c->s.addr_size);
	if (!esz || (table_enc & 0x70) == PE_ALIGNED)
		return CFI_E_UNSUPPORTED;
	if (count > dwarf_left(&cur) / (2 * esz))
		return CFI_E_TRUNCATED;
	c->hdr_base = addr;
	c->hdr_table = cur.p;
	c->hdr_addr = addr + (uint64_t)(cur.p - data);
	c->hdr_count = count;
	c->hdr_enc = table_enc;
	c->hdr_entry_size = (uint8_t)(2 * esz);
	/* a table out of order would send the binary search astray */
	for (uint64_t i = 0; i < count; i++) {
		uint64_t loc;

		r = hdr_entry(c, i, &loc, NULL);
		if (!r && i && loc < prev)
			r = CFI_E_BAD;
		if (r) {
			c->hdr_table = NULL;
			return r;
		}
		prev = loc;
	}
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct cfi_index_entry *x = a, *y = b;

	if (x->pc != y->pc)
		return x->pc < y->pc ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* Every FDE of the section, sorted by pc: one pass to count, one to fill.
 * An FDE that does not parse is left out; an entry whose length is wrong
 * ends the walk (nothing after it can be found). */
static int build_index(struct cfi *c)
{
	struct cfi_fde f;
	size_t n = 0;
	int r;

	for (int pass = 0; pass < 2; pass++) {
		uint64_t off = 0;

		if (pass) {
			if (!n)
				break;
			c->index = malloc(n * sizeof(*c->index));
			if (!c->index)
				return CFI_E_NOMEM;
			n = 0;
		}
		while (off < c->s.size) {
			uint64_t at = off;

			r = cfi_entry(c, &off, &f);
			if (off <= at)
				break;
			if (r != 1 || f.pc_end == f.pc_begin)
				continue;
			if (pass)
				c->index[n] = (struct cfi_index_entry){ f.pc_begin, f.pc_end, f.offset };
			n++;
		}
	}
	c->nindex = n;
	if (n)
		qsort(c->index, n, sizeof(*c->index), cmp_entry);
	c->index_built = 1;
	return 0;
}

static int fde_at(const struct cfi *c, uint64_t off, uint64_t pc, struct cfi_fde *fde)
{
	int r = cfi_entry(c, &off, fde);

	if (r < 0)
		return r;
	if (r != 1 || pc < fde->pc_begin || pc >= fde->pc_end)
		return CFI_E_NOFDE;
	return 0;
}

int cfi_find(struct cfi *c, uint64_t pc, struct cfi_fde *fde)
{
	size_t lo = 0, hi;

	if (c->hdr_table) {
		uint64_t loc, addr;
		int r;

		hi = c->hdr_count;
		while (lo < hi) { /* the first entry past pc */
			size_t mid = lo + (hi - lo) / 2;

			r = hdr_entry(c, mid, &loc, NULL);
			if (r)
				return r;
			if (loc <= pc)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (!lo)
			return CFI_E_NOFDE;
		r = hdr_entry(c, lo - 1, &loc, &addr);
		if (r)
			return r;
		if (addr < c->s.addr || addr - c->s.addr >= c->s.size)
			return CFI_E_BAD;
		return fde_at(c, addr - c->s.addr, pc, fde);
	}
	if (!c->index_built) {
		int r = build_index(c);

		if (r)
			return r;
	}
	hi = c->nindex;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->index[mid].pc <= pc)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo, n = 0; i-- > 0 && n < LOOKBACK; n++)
		if (pc < c->index[i].end)
			return fde_at(c, c->index[i].off, pc, fde);
	return CFI_E_NOFDE;
}

struct cfi_rule cfi_row_rule(const struct cfi_row *row, unsigned reg)
{
	for (unsigned i = 0; i < row->nrules; i++)
		if (row->rules[i].reg == reg)
			return row->rules[i];
	return (struct cfi_rule){ .reg = (uint16_t)reg, .kind = CFI_UNSET };
}

static int set_rule(struct cfi_row *row, uint64_t reg, struct cfi_rule rule)
{
	unsigned i;

	if (reg > 0xffff)
		return CFI_E_BAD;
	rule.reg = (uint16_t)reg;
	for (i = 0; i < row->nrules; i++)
		if (row->rules[i].reg == reg)
			break;
	if (i == CFI_MAX_RULES)
		return CFI_E_LIMIT;
	if (i == row->nrules)
		row->nrules++;
	row->rules[i] = rule;
	return 0;
}

/* Runs instructions into row */
struct run {
	const struct cfi *c;
	const struct cfi_fde *fde;
	const struct cfi_row *initial; /* the CIE's row, for DW_CFA_restore; NULL in the CIE */
	struct cfi_row *stack;         /* CFI_MAX_STATES rows */
	int depth;
	uint64_t pc;
};

/* Move the row to new_loc unless the pc lies before it: 1 when the row for
 * the pc is complete */
static int advance(struct run *x, struct cfi_row *row, uint64_t new_loc)
{
	if (new_loc > x->pc) {
		row->end = new_loc < x->fde->pc_end ? new_loc : x->fde->pc_end;
		return 1;
	}
	row->loc = new_loc;
	return 0;
}

static int block(struct dwarf_cur *cur, struct cfi_rule *rule)
{
	uint64_t n = dwarf_uleb(cur);

	if (cur->bad || n > dwarf_left(cur))
		return CFI_E_TRUNCATED;
	rule->expr = cur->p;
	rule->len = (uint32_t)n;
	if (rule->len != n)
		return CFI_E_LIMIT;
	cur->p += n;
	return 0;
}

static int run(struct run *x, const uint8_t *insns, size_t len, struct cfi_row *row)
{
	const struct cfi_cie *cie = &x->fde->cie;
	struct dwarf_cur cur = { insns, insns + len, x->c->s.big_endian, 0 };
	uint64_t ca = cie->code_align, da = (uint64_t)cie->data_align;

	while (cur.p < cur.end) {
		uint8_t op = *cur.p++, low = op & 0x3f;
		struct cfi_rule rule = { 0 };
		uint64_t reg = 0, delta;
		int r = 0, done = 0;

		switch (op & 0xc0 ? op & 0xc0 : op) {
		case 0x40: /* DW_CFA_advance_loc */
			done = advance(x, row, row->loc + low * ca);
			break;
		case 0x80: /* DW_CFA_offset */
			rule.kind = CFI_OFFSET;
			rule.n = (int64_t)(dwarf_uleb(&cur) * da);
			r = set_rule(row, low, rule);
			break;
		case 0xc0: /* DW_CFA_restore */
			reg = low;
			goto restore;
		case 0x00: /* DW_CFA_nop */
			break;
		case 0x01: { /* DW_CFA_set_loc */
			uint64_t loc;

			r = read_addr(x->c, &cur, cie, &loc, 0);
			if (!r && loc < row->loc)
				r = CFI_E_BAD;
			if (!r)
				done = advance(x, row, loc);
			break;
		}
		case 0x02: /* DW_CFA_advance_loc1, 2, 4 */
		case 0x03:
		case 0x04:
			delta = dwarf_u(&cur, op == 0x02 ? 1 : op == 0x03 ? 2 : 4) * ca;
			if (cur.bad)
				break;
			if (row->loc + delta < row->loc)
				r = CFI_E_BAD;
			else
				done = advance(x, row, row->loc + delta);
			break;
		case 0x05: /* DW_CFA_offset_extended */
			reg = dwarf_uleb(&cur);
			rule.kind = CFI_OFFSET;
			rule.n = (int64_t)(dwarf_uleb(&cur) * da);
			r = set_rule(row, reg, rule);
			break;
		case 0x06: /* DW_CFA_restore_extended */
			reg = dwarf_uleb(&cur);
		restore:
			if (cur.bad)
				break;
			if (!x->initial)
				r = CFI_E_BAD;
			else
				r = set_rule(row, reg, cfi_row_rule(x->initial, (unsigned)reg));
			break;
		case 0x07: /* DW_CFA_undefined */
		case 0x08: /* DW_CFA_same_value */
			reg = dwarf_uleb(&cur);
			rule.kind = op == 0x07 ? CFI_UNDEFINED : CFI_SAME;
			r = set_rule(row, reg, rule);
			break;
		case 0x09: /* DW_CFA_register */
			reg = dwarf_uleb(&cur);
			rule.kind = CFI_REGISTER;
			rule.n = (int64_t)dwarf_uleb(&cur);
			r = (uint64_t)rule.n > 0xffff ? CFI_E_BAD : set_rule(row, reg, rule);
			break;
		case 0x0a: /* DW_CFA_remember_state */
			if (x->depth == CFI_MAX_STATES)
				r = CFI_E_LIMIT;
			else
				x->stack[x->depth++] = *row;
			break;
		case 0x0b: { /* DW_CFA_restore_state: the rules, not the location */
			uint64_t loc = row->loc;

			if (!x->depth) {
				r = CFI_E_BAD;
				break;
			}
			*row = x->stack[--x->depth];
			row->loc = loc;
			break;
		}
		case 0x0c: /* DW_CFA_def_cfa */
		case 0x12: /* DW_CFA_def_cfa_sf */
			reg = dwarf_uleb(&cur);
			row->cfa.kind = CFI_CFA_REG;
			row->cfa.reg = (uint16_t)reg;
			row->cfa.len = 0;
			row->cfa.n = op == 0x0c ? (int64_t)dwarf_uleb(&cur) : (int64_t)(dwarf_sleb(&cur) * da);
			if (reg > 0xffff)
				r = CFI_E_BAD;
			break;
		case 0x0d: /* DW_CFA_def_cfa_register */
			reg = dwarf_uleb(&cur);
			if (reg > 0xffff) {
				r = CFI_E_BAD;
			} else if (row->cfa.kind != CFI_CFA_REG) {
				row->cfa = (struct cfi_rule){ .kind = CFI_CFA_REG };
			}
			row->cfa.reg = (uint16_t)reg;
			break;
		case 0x0e: /* DW_CFA_def_cfa_offset */
		case 0x13: /* DW_CFA_def_cfa_offset_sf */
			if (row->cfa.kind != CFI_CFA_REG)
				r = CFI_E_BAD;
			else if (op == 0x0e)
				row->cfa.n = (int64_t)dwarf_uleb(&cur);
			else
				row->cfa.n = (int64_t)(dwarf_sleb(&cur) * da);
			break;
		case 0x0f: /* DW_CFA_def_cfa_expression */
			row->cfa.kind = CFI_CFA_EXPR;
			row->cfa.reg = 0;
			r = block(&cur, &row->cfa);
			break;
		case 0x10: /* DW_CFA_expression */
		case 0x16: /* DW_CFA_val_expression */
			reg = dwarf_uleb(&cur);
			rule.kind = op == 0x10 ? CFI_EXPR : CFI_VAL_EXPR;
			r = block(&cur, &rule);
			if (!r)
				r = set_rule(row, reg, rule);
			break;
		case 0x11: /* DW_CFA_offset_extended_sf */
		case 0x15: /* DW_CFA_val_offset_sf */
			reg = dwarf_uleb(&cur);
			rule.kind = op == 0x11 ? CFI_OFFSET : CFI_VAL_OFFSET;
			rule.n = (int64_t)(dwarf_sleb(&cur) * da);
			r = set_rule(row, reg, rule);
			break;
		case 0x14: /* DW_CFA_val_offset */
			reg = dwarf_uleb(&cur);
			rule.kind = CFI_VAL_OFFSET;
			rule.n = (int64_t)(dwarf_uleb(&cur) * da);
			r = set_rule(row, reg, rule);
			break;
		case 0x2d: /* DW_CFA_AARCH64_negate_ra_state (SPARC's GNU_window_save:
			    * not an arch of ours) */
			row->ra_signed ^= 1;
			break;
		case 0x2e: /* DW_CFA_GNU_args_size */
			row->args_size = dwarf_uleb(&cur);
			break;
		case 0x2f: /* DW_CFA_GNU_negative_offset_extended */
			reg = dwarf_uleb(&cur);
			rule.kind = CFI_OFFSET;
			rule.n = (int64_t)(0 - dwarf_uleb(&cur) * da);
			r = set_rule(row, reg, rule);
			break;
		default:
			r = CFI_E_UNSUPPORTED;
		}
		if (cur.bad)
			return CFI_E_TRUNCATED;
		if (r)
			return r;
		if (done)
			return 1;
	}
	return 0;
}

int cfi_row_at(const struct cfi *c, const struct cfi_fde *fde, uint64_t pc, struct cfi_row *row)
{
	struct cfi_row stack[CFI_MAX_STATES], initial;
	struct run x = { c, fde, NULL, stack, 0, pc };
	int r;

	memset(row, 0, sizeof(*row));
	row->loc = fde->pc_begin;
	row->end = fde->pc_end;
	r = run(&x, fde->cie.insns, fde->cie.insns_len, row);
	if (r)
		return r < 0 ? r : 0;
	initial = *row;
	x.initial = &initial;
	r = run(&x, fde->insns, fde->insns_len, row);
	return r < 0 ? r : 0;
}

void cfi_reg_set(struct cfi_regs *r, unsigned n, uint64_t v)
{
	if (n >= CFI_NREGS)
		return;
	r->r[n] = v;
	r->valid[n / 64] |= 1ull << (n % 64);
}

static void reg_clear(struct cfi_regs *r, unsigned n)
{
	if (n < CFI_NREGS)
		r->valid[n / 64] &= ~(1ull << (n % 64));
}

static int read_word(const struct cfi *c, cfi_read_fn read, void *ctx, uint64_t addr, uint64_t *v)
{
	uint8_t buf[8];
	struct dwarf_cur cur = { buf, buf + c->s.addr_size, c->s.big_endian, 0 };

	if (!read || read(ctx, addr, buf, c->s.addr_size))
		return CFI_E_READ;
	*v = dwarf_u(&cur, c->s.addr_size);
	return 0;
}

/* The caller's value of one register by its rule: 1 known, 0 not, or an error */
static int recover(const struct cfi *c, const struct cfi_rule *rule, const struct cfi_regs *old,
		   uint64_t cfa, const struct dwarf_expr_env *env, uint64_t *v)
{
	unsigned asz = c->s.addr_size;
	int r;

	switch (rule->kind) {
	case CFI_UNDEFINED:
		return 0;
	case CFI_UNSET:
	case CFI_SAME:
		*v = old->r[rule->reg];
		return cfi_reg_valid(old, rule->reg);
	case CFI_OFFSET:
		r = read_word(c, env->read, env->ctx, trunc_addr(asz, cfa + (uint64_t)rule->n), v);
		return r ? r : 1;
	case CFI_VAL_OFFSET:
		*v = trunc_addr(asz, cfa + (uint64_t)rule->n);
		return 1;
	case CFI_REGISTER:
		if (!cfi_reg_valid(old, (unsigned)rule->n))
			return 0;
		*v = old->r[rule->n];
		return 1;
	case CFI_EXPR:
	case CFI_VAL_EXPR:
		r = dwarf_expr_eval(rule->expr, rule->len, env, &cfa, v);
		if (!r && rule->kind == CFI_EXPR)
			r = read_word(c, env->read, env->ctx, *v, v);
		return r ? r : 1;
	}
	return CFI_E_BAD;
}

int cfi_step(struct cfi *c, const struct arch_dwarf *arch, struct cfi_regs *regs,
	     cfi_read_fn read, void *ctx)
{
	struct cfi_fde fde;
	struct cfi_row row;
	struct cfi_regs next = *regs;
	struct dwarf_expr_env env = { regs, read, ctx, c->s.addr_size, c->s.big_endian };
	struct cfi_rule ra_rule;
	uint64_t pc = regs->pc, cfa, v;
	int r;

	if (arch->thumb)
		pc &= ~1ull;
	if (regs->caller && pc)
		pc--;
	r = cfi_find(c, pc, &fde);
	if (!r)
		r = cfi_row_at(c, &fde, pc, &row);
	if (r)
		return r;
	if (fde.cie.ra_column >= CFI_NREGS)
		return CFI_E_UNSUPPORTED;
	if (row.cfa.kind == CFI_CFA_REG) {
		if (!cfi_reg_valid(regs, row.cfa.reg))
			return CFI_E_NOREG;
		cfa = trunc_addr(c->s.addr_size, regs->r[row.cfa.reg] + (uint64_t)row.cfa.n);
	} else if (row.cfa.kind == CFI_CFA_EXPR) {
		r = dwarf_expr_eval(row.cfa.expr, row.cfa.len, &env, NULL, &cfa);
		if (r)
			return r;
	} else {
		return CFI_E_BAD;
	}
	ra_rule = cfi_row_rule(&row, fde.cie.ra_column);
	if (ra_rule.kind == CFI_UNDEFINED)
		return 0;
	/* the stack pointer's rule, unless given, is the CFA's definition */
	if (arch->sp < CFI_NREGS)
		cfi_reg_set(&next, arch->sp, cfa);
	for (unsigned i = 0; i < row.nrules; i++) {
		const struct cfi_rule *rule = &row.rules[i];

		if (rule->reg >= CFI_NREGS || rule->kind == CFI_UNSET)
			continue;
		r = recover(c, rule, regs, cfa, &env, &v);
		if (r < 0)
			return r;
		if (r)
			cfi_reg_set(&next, rule->reg, trunc_addr(c->s.addr_size, v));
		else
			reg_clear(&next, rule->reg);
	}
	if (!cfi_reg_valid(&next, fde.cie.ra_column))
		return CFI_E_NOREG;
	next.pc = next.r[fde.cie.ra_column];
	if (!next.pc)
		return 0;
	if (regs->cfa && cfa == regs->cfa && next.pc == regs->pc)
		return CFI_E_LOOP;
	next.cfa = cfa;
	next.caller = !fde.cie.signal_frame;
	next.ra_signed = row.ra_signed;
	*regs = next;
	return 1;
}
