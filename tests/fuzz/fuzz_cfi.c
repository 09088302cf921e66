/* fuzz_cfi: lib/cfi.c and lib/dwarf_expr.c on hostile CFI. The input:
 *   byte 0      flags: 1 .debug_frame, 2 32-bit, 4 big-endian, 8 with an
 *               .eh_frame_hdr, 0x30 the arch of the step (x86_64, aarch64,
 *               armv7l, riscv64)
 *   bytes 1-2   the .eh_frame_hdr's length (little-endian)
 *   bytes 3-18  the section's and the header's addresses (little-endian)
 *   then the header's bytes, then the section's; the section's bytes are
 *   also the memory a step reads (at the section's address) and an
 *   expression. Beyond no crash: every row found holds for its pc, every
 *   FDE found covers its pc, and the walk over entries always moves on. */
#include "cfi.h"
#include "fuzz.h"


static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void check_row(const struct cfi *c, const struct cfi_fde *f, uint64_t pc)
{
	struct cfi_row row;

	if (cfi_row_at(c, f, pc, &row))
		return;
	CHECK(row.nrules <= CFI_MAX_RULES);
	CHECK(row.loc <= row.end);
	if (pc >= f->pc_begin && pc < f->pc_end)
		CHECK(row.loc <= pc && pc < row.end);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct arch_dwarf *arches[] = { &arch_x86_64_dwarf, &arch_aarch64_dwarf,
						     &arch_armv7l_dwarf, &arch_riscv64_dwarf };
	struct cfi_section s = { 0 };
	struct cfi c;
	struct cfi_fde f;
	struct cfi_regs regs = { 0 };
	struct dwarf_expr_env env;
	uint8_t flags, *hdr, *sec;
	size_t hlen, slen;
	uint64_t off = 0, v, pcs[8];
	unsigned npcs = 0;
	struct fuzz_mem m;

	if (size < 19)
		return 0;
	flags = data[0];
	hlen = flags & 8 ? (size_t)(data[1] | data[2] << 8) : 0;
	if (hlen > size - 19)
		hlen = size - 19;
	slen = size - 19 - hlen;
	hdr = fuzz_dup(data + 19, hlen);
	sec = fuzz_dup(data + 19 + hlen, slen);
	s.data = sec, s.size = slen, s.addr = le64(data + 3);
	s.debug_frame = flags & 1;
	s.addr_size = flags & 2 ? 4 : 8;
	s.big_endian = !!(flags & 4);
	s.data_base = s.addr;
	if (s.addr_size == 4)
		s.addr = (uint32_t)s.addr;
	CHECK(cfi_open(&c, &s) == 0);
	if (flags & 8)
		cfi_use_hdr(&c, hdr, hlen, le64(data + 11));

	/* every entry, every FDE's rows at its start, middle and end */
	for (int i = 0; i < 4096 && off < slen; i++) {
		uint64_t before = off;
		int r = cfi_entry(&c, &off, &f);

		CHECK(off > before);
		if (r != 1)
			continue;
		CHECK(f.pc_begin <= f.pc_end);
		check_row(&c, &f, f.pc_begin);
		check_row(&c, &f, f.pc_begin + (f.pc_end - f.pc_begin) / 2);
		if (f.pc_end > f.pc_begin)
			check_row(&c, &f, f.pc_end - 1);
		if (npcs < 8)
			pcs[npcs++] = f.pc_begin;
	}
	for (unsigned i = 0; i < npcs; i++)
		if (!cfi_find(&c, pcs[i], &f))
			CHECK(f.pc_begin <= pcs[i] && pcs[i] < f.pc_end);

	/* a step from each FDE found, the registers pointing into the input */
	m = (struct fuzz_mem){ sec, slen, s.addr };
	for (unsigned i = 0; i < npcs; i++) {
		const struct arch_dwarf *d = arches[(flags >> 4) & 3];
		int r;

		memset(&regs, 0, sizeof(regs));
		regs.pc = pcs[i] + i;
		for (unsigned n = 0; n < 64; n++)
			cfi_reg_set(&regs, n, s.addr + (n * 8) % (slen + 1));
		r = cfi_step(&c, d, &regs, fuzz_mem_read, &m);
		CHECK(r >= CFI_E_LOOP && r <= 1);
		if (r == 1)
			CHECK(s.addr_size == 8 || regs.cfa >> 32 == 0);
	}

	/* the section's bytes as an expression, with and without the CFA */
	env = (struct dwarf_expr_env){ &regs, fuzz_mem_read, &m, s.addr_size, s.big_endian };
	dwarf_expr_eval(sec, slen, &env, NULL, &v);
	dwarf_expr_eval(sec, slen, &env, &s.addr, &v);
	cfi_close(&c);
	free(hdr);
	free(sec);
	return 0;
}
