/* test_byteorder.c: lib/byteorder.c, and every path that reads or writes a
 * register's or a core's words through it, on a big-endian twin of an arch
 * table: a path that ignored the arch's byte order would read its words
 * reversed. */
#include <elf.h>

#include "testutil.h"
#include "arch.h"
#include "byteorder.h"

static void words_in_either_order(void **state)
{
	unsigned char b[8];

	(void)state;
	put32(b, 0x11223344, ELFDATA2LSB);
	assert_memory_equal(b, "\x44\x33\x22\x11", 4);
	assert_int_equal(get32(b, ELFDATA2LSB), 0x11223344);
	assert_int_equal(get32(b, ELFDATA2MSB), 0x44332211);
	put32(b, 0x11223344, ELFDATA2MSB);
	assert_memory_equal(b, "\x11\x22\x33\x44", 4);
	assert_int_equal(get32(b, ELFDATA2MSB), 0x11223344);
	put16(b, 0xabcd, ELFDATA2MSB);
	assert_memory_equal(b, "\xab\xcd", 2);
	assert_int_equal(get16(b, ELFDATA2LSB), 0xcdab);
	put64(b, 0x0102030405060708ull, ELFDATA2MSB);
	assert_memory_equal(b, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	assert_true(get64(b, ELFDATA2MSB) == 0x0102030405060708ull);
	assert_true(get64(b, ELFDATA2LSB) == 0x0807060504030201ull);
	/* a word of the class's size: 4 or 8 bytes */
	word_put(b, 4, 0xfffffffe, ELFDATA2MSB);
	assert_true(word_get(b, 4, ELFDATA2MSB) == 0xfffffffe);
}

/* arch's table, every register of it and of its sets in big-endian order
 * (what a big-endian build of the same arch would be) */
static struct arch *big_endian_twin(const struct arch *a)
{
	struct arch *t = malloc(sizeof(*t));
	struct arch_reg *regs = malloc(a->nregs * sizeof(*regs));
	struct arch_regset *sets = malloc(a->nregsets * sizeof(*sets));

	*t = *a;
	t->byteorder = ELFDATA2MSB;
	for (int i = 0; i < a->nregs; i++)
		regs[i] = a->regs[i], regs[i].order = ELFDATA2MSB;
	t->regs = regs;
	for (int i = 0; i < a->nregsets; i++) {
		struct arch_reg *r = malloc((a->regsets[i].nregs + 1) * sizeof(*r));

		sets[i] = a->regsets[i];
		for (int j = 0; j < sets[i].nregs; j++)
			r[j] = sets[i].regs[j], r[j].order = ELFDATA2MSB;
		sets[i].regs = r;
	}
	t->regsets = sets;
	return t;
}

static void twin_free(struct arch *t)
{
	for (int i = 0; i < t->nregsets; i++)
		free((void *)t->regsets[i].regs);
	free((void *)t->regsets);
	free((void *)t->regs);
	free(t);
}

/* pc's bytes in each order; arch_reg_value and arch_reg_hex read the twin's
 * big-endian, the table's little-endian */
static void registers_in_the_arch_order(void **state)
{
	struct arch *be = big_endian_twin(&arch_aarch64);
	const struct arch_reg *pc = arch_reg_by_role(be, ROLE_PC), *pc_le = arch_reg_by_role(&arch_aarch64, ROLE_PC);
	const struct arch_regset *fp = arch_regset(be, NT_PRFPREG);
	unsigned char set[1024] = { 0 }, fpset[528] = { 0 };
	char hex[68];

	(void)state;
	assert_int_equal(pc->order, ELFDATA2MSB);
	put64(set + pc->off, 0x0000ffffa1b2c3d4ull, ELFDATA2MSB);
	assert_true(arch_reg_value(pc, set) == 0x0000ffffa1b2c3d4ull);
	assert_true(arch_reg_value(pc_le, set) == 0xd4c3b2a1ffff0000ull);
	assert_string_equal(arch_reg_hex(pc, set, hex), "0xffffa1b2c3d4");
	assert_string_equal(arch_reg_hex(pc_le, set, hex), "0xd4c3b2a1ffff0000");
	/* a 128-bit vector register: its most significant byte first */
	fpset[0] = 0x12, fpset[15] = 0x34;
	assert_string_equal(arch_reg_hex(&fp->regs[0], fpset, hex), "0x12000000000000000000000000000034");
	assert_string_equal(arch_reg_hex(&arch_regset(&arch_aarch64, NT_PRFPREG)->regs[0], fpset, hex),
			    "0x34000000000000000000000000000012");
	twin_free(be);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(words_in_either_order),
		cmocka_unit_test(registers_in_the_arch_order),
	};

	return cmocka_run_group_tests_name("byteorder", tests, NULL, NULL);
}
