/* arch.c: finding an arch's table by name, by ELF header, by a task's regset size */
#include <stdio.h>
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

/* byte k of r, counted from the least significant */
#define BYTE(k) p[byte_index(r->size, k, r->order)]

char *arch_reg_hex(const struct arch_reg *r, const void *set, char *buf)
{
	const unsigned char *p = (const unsigned char *)set + r->off;
	char *o = buf;
	int k = r->size;

	*o++ = '0', *o++ = 'x';
	while (k > 1 && !BYTE(k - 1))
		k--;
	o += sprintf(o, "%x", BYTE(--k));
	while (k--)
		o += sprintf(o, "%02x", BYTE(k));
	return buf;
}

const struct arch_regset *arch_regset(const struct arch *a, uint32_t type)
{
	for (int i = 0; i < a->nregsets; i++)
		if (a->regsets[i].type == type)
			return &a->regsets[i];
	return NULL;
}
