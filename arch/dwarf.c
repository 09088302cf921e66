/* dwarf.c: a DWARF register number's register in an arch's pr_reg table */
#include <string.h>

#include "arch.h"

const struct arch_reg *arch_dwarf_reg(const struct arch *a, unsigned n)
{
	const char *p;

	if (!a->dwarf || n >= a->dwarf->nnames)
		return NULL;
	p = a->dwarf->names;
	while (n--)
		p += strlen(p) + 1;
	return *p ? arch_reg_by_name(a, p) : NULL;
}
