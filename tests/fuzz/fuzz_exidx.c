/* fuzz_exidx: lib/exidx.c on hostile Arm EHABI tables. The input:
 *   byte 0      flags: 1 big-endian, 2 personality routines' data taken
 *               as GNU's, 4 the .ARM.exidx length as given (else rounded
 *               down to whole entries)
 *   bytes 1-2   the .ARM.exidx's length (little-endian)
 *   bytes 3-10  the .ARM.exidx's and the .ARM.extab's addresses (little-endian, 32-bit)
 *   then the .ARM.exidx's bytes, then the .ARM.extab's; those are also the
 *   stack a step reads (at the .ARM.extab's address), and the whole input
 *   an instruction list. Beyond no crash: an entry found covers its pc,
 *   entries hold for a range that does not go backwards, instructions
 *   decode to lengths inside their bytes, and a step's registers stay in
 *   32 bits. */
#include "exidx.h"
#include "fuzz.h"


static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void regs_in(struct cfi_regs *r, const struct fuzz_mem *m, uint64_t pc)
{
	memset(r, 0, sizeof(*r));
	for (unsigned k = 0; k < 16; k++)
		r->r[k] = (uint32_t)(m->addr + (k * 8) % (m->n + 1));
	r->valid[0] = 0xffff;
	r->pc = pc;
}

static void check_regs(const struct cfi_regs *r)
{
	for (unsigned k = 0; k < 16; k++)
		CHECK(r->r[k] >> 32 == 0);
	CHECK(r->pc >> 32 == 0);
}

static void check_insns(const uint8_t *ops, size_t n)
{
	struct exidx_insn in;

	for (size_t at = 0; at < n;) {
		int len = exidx_insn(ops + at, n - at, &in);

		if (len < 0)
			return;
		CHECK(len >= 1 && (size_t)len <= n - at && in.len == len);
		at += (size_t)len;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct exidx_entry e;
	struct exidx_section idx, tab;
	struct exidx x;
	struct cfi_regs regs;
	struct fuzz_mem m;
	uint8_t flags, *ib, *tb;
	size_t ilen, tlen, i;
	int r;

	if (size < 11)
		return 0;
	flags = data[0];
	ilen = (size_t)(data[1] | data[2] << 8);
	if (ilen > size - 11)
		ilen = size - 11;
	if (!(flags & 4))
		ilen &= ~(size_t)7;
	tlen = size - 11 - ilen;
	ib = fuzz_dup(data + 11, ilen);
	tb = fuzz_dup(data + 11 + ilen, tlen);
	idx = (struct exidx_section){ ib, ilen, le32(data + 3) };
	tab = (struct exidx_section){ tb, tlen, le32(data + 7) };
	m = (struct fuzz_mem){ tb, tlen, tab.addr };

	/* the input as instructions */
	check_insns(data, size);
	regs_in(&regs, &m, 0);
	if (exidx_run(data, size, flags & 1, &regs, fuzz_mem_read, &m) == 1)
		check_regs(&regs);

	if (!exidx_open(&x, &idx, &tab, flags & 1)) {
		x.gnu_personality = !!(flags & 2);
		CHECK(x.n == ilen / 8);
		for (size_t k = 0; k < x.n && k < 4096; k++) {
			r = exidx_entry(&x, k, &e);
			if (r)
				continue;
			CHECK(e.nops <= EXIDX_MAX_OPS);
			CHECK((e.fn & ~1ull) <= e.end);
			CHECK(!exidx_find(&x, e.fn, &i) && i >= k);
			check_insns(e.ops, e.nops);
			regs_in(&regs, &m, e.fn + 2 * k);
			regs.caller = k & 1;
			r = exidx_step(&x, &regs, fuzz_mem_read, &m);
			CHECK(r >= EXIDX_E_LOOP && r <= 1);
			if (r == 1) {
				check_regs(&regs);
				CHECK(regs.caller && regs.cfa == regs.r[13]);
			}
		}
		if (!exidx_find(&x, le32(data + 3), &i))
			CHECK(i < x.n);
	}
	free(ib);
	free(tb);
	return 0;
}
