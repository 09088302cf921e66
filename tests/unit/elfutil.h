/* elfutil.h: the sections and load bias of an ELF file, either class and
 * byte order, for the unit tests that read real ELF files (test_cfi,
 * test_exidx). A malformed file fails the test. */
#ifndef ELFUTIL_H
#define ELFUTIL_H

#include <elf.h>
#include <sys/auxv.h>

#include "testutil.h"

/* An ELF file's sections, either class and byte order */
struct elf {
	const char *path;
	uint8_t *data;
	size_t size;
	int cls64, be;
	unsigned machine, type;
	uint64_t phoff, phnum, shoff, shnum, shstrndx;
};

static inline uint64_t elf_get(const struct elf *e, uint64_t off, unsigned k)
{
	uint64_t v = 0;

	assert_true(off <= e->size && k <= e->size - off);
	for (unsigned i = 0; i < k; i++)
		v |= (uint64_t)e->data[off + (e->be ? k - 1 - i : i)] << 8 * i;
	return v;
}

static inline void elf_load(struct elf *e, const char *path)
{
	memset(e, 0, sizeof(*e));
	e->path = path;
	e->data = (uint8_t *)slurp(path, &e->size);
	assert_true(e->size > 64 && !memcmp(e->data, ELFMAG, SELFMAG));
	e->cls64 = e->data[EI_CLASS] == ELFCLASS64;
	e->be = e->data[EI_DATA] == ELFDATA2MSB;
	e->type = (unsigned)elf_get(e, 16, 2);
	e->machine = (unsigned)elf_get(e, 18, 2);
	if (e->cls64) {
		e->phoff = elf_get(e, 32, 8), e->shoff = elf_get(e, 40, 8);
		e->phnum = elf_get(e, 56, 2), e->shnum = elf_get(e, 60, 2), e->shstrndx = elf_get(e, 62, 2);
	} else {
		e->phoff = elf_get(e, 28, 4), e->shoff = elf_get(e, 32, 4);
		e->phnum = elf_get(e, 44, 2), e->shnum = elf_get(e, 48, 2), e->shstrndx = elf_get(e, 50, 2);
	}
}

/* 1 and the section's file offset, size and address, or 0 */
static inline int elf_section(const struct elf *e, const char *name, uint64_t *off, uint64_t *size, uint64_t *addr)
{
	unsigned shsz = e->cls64 ? 64 : 40, w = e->cls64 ? 8 : 4;
	uint64_t strs = e->shoff + e->shstrndx * shsz;
	uint64_t stroff = elf_get(e, strs + (e->cls64 ? 24 : 16), w);

	for (uint64_t i = 0; i < e->shnum; i++) {
		uint64_t sh = e->shoff + i * shsz, nm = elf_get(e, sh, 4);
		uint64_t type = elf_get(e, sh + 4, 4);

		if (stroff + nm >= e->size || strcmp((char *)e->data + stroff + nm, name))
			continue;
		if (type == SHT_NOBITS)
			return 0;
		*addr = elf_get(e, sh + (e->cls64 ? 16 : 12), w);
		*off = elf_get(e, sh + (e->cls64 ? 24 : 16), w);
		*size = elf_get(e, sh + (e->cls64 ? 32 : 20), w);
		assert_true(*off <= e->size && *size <= e->size - *off);
		return 1;
	}
	return 0;
}

/* Where /proc/self/exe is loaded, from the program headers' address */
static inline uint64_t self_bias(const struct elf *e)
{
	unsigned sz = e->cls64 ? 56 : 32;

	for (uint64_t i = 0; i < e->phnum; i++) {
		uint64_t ph = e->phoff + i * sz;
		uint64_t off = elf_get(e, ph + (e->cls64 ? 8 : 4), e->cls64 ? 8 : 4);
		uint64_t vaddr = elf_get(e, ph + (e->cls64 ? 16 : 8), e->cls64 ? 8 : 4);
		uint64_t filesz = elf_get(e, ph + (e->cls64 ? 32 : 16), e->cls64 ? 8 : 4);

		if (elf_get(e, ph, 4) == PT_LOAD && off <= e->phoff && e->phoff < off + filesz)
			return getauxval(AT_PHDR) - (vaddr + e->phoff - off);
	}
	fail_msg("no PT_LOAD holds the program headers");
	return 0;
}

/* For a test's walk of its own stack: its memory, but only [lo, hi) (the
 * stack between the walk's frames), as the unwinders' read callback */
struct self_mem {
	uint64_t lo, hi;
};

static inline int self_read(void *ctx, uint64_t addr, void *buf, size_t n)
{
	struct self_mem *m = ctx;

	if (addr < m->lo || addr > m->hi || n > m->hi - addr)
		return -1;
	memcpy(buf, (const void *)(uintptr_t)addr, n);
	return 0;
}

#endif
