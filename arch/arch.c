/* arch.c: finding an arch's table by name, by ELF header, by a task's regset size */
#include <string.h>

#include "arch.h"
#include "byteorder.h"

const struct arch *const arch_all[] = {
	&arch_x86_64, &arch_aarch64, &arch_armv7l, &arch_riscv64, &arch_loongarch64, NULL,
};

/* The arch this binary was built for (the Makefile's ARCH). */
const struct arch *arch_host(void)
{
	return arch_by_name(PROCBOX_ARCH);
}

const struct arch *arch_by_name(const char *name)
{
	for (int i = 0; arch_all[i]; i++)
		if (!strcmp(arch_all[i]->name, name))
			return arch_all[i];
	return NULL;
}

const struct arch *arch_by_elf(const struct arch *const *among, unsigned machine, unsigned elfclass,
			       unsigned order)
{
	for (; *among; among++)
		if ((*among)->machine == machine && (*among)->elfclass == elfclass && (*among)->byteorder == order)
			return *among;
	return NULL;
}

const struct arch *arch_personality(const struct arch *host, size_t pr_reg_size)
{
	if (host->pr_reg_size == pr_reg_size)
		return host;
	if (host->compat && host->compat->pr_reg_size == pr_reg_size)
		return host->compat;
	return NULL;
}

const struct arch_reg *arch_reg_by_name(const struct arch *a, const char *name)
{
	for (int i = 0; i < a->nregs; i++)
		if (!strcmp(a->regs[i].name, name))
			return &a->regs[i];
	return NULL;
}

const struct arch_reg *arch_reg_by_role(const struct arch *a, enum reg_role role)
{
	for (int i = 0; i < a->nregs; i++)
		if (a->regs[i].role == role)
			return &a->regs[i];
	return NULL;
}

uint64_t arch_reg_value(const struct arch_reg *r, const void *pr_reg)
{
	if (r->role == ROLE_ZERO)
		return 0;
	return word_get((const unsigned char *)pr_reg + r->off, r->size, r->order);
}

char *arch_reg_hex(const struct arch_reg *r, const void *set, char *buf)
{
	const unsigned char *p = (const unsigned char *)set + r->off;
	char *o = buf + 2;

	memcpy(buf, "0x0", 4); /* what a zero register stays */
	/* its hex digits from the most significant, without leading zeros */
	for (int d = 2 * r->size; d--;) {
		unsigned nibble = p[byte_index(r->size, d / 2, r->order)] >> (d & 1) * 4 & 15;

		if (nibble || o > buf + 2)
			*o++ = "0123456789abcdef"[nibble];
	}
	if (o > buf + 2)
		*o = 0;
	return buf;
}

const struct arch_regset *arch_regset(const struct arch *a, uint32_t type)
{
	for (int i = 0; i < a->nregsets; i++)
		if (a->regsets[i].type == type)
			return &a->regsets[i];
	return NULL;
}
