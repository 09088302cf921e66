/* fuzz_elffile: lib/elffile.c and lib/symbols.c on hostile ELF files. The
 * input is the file, read from a memfd as elf_file_open reads any file.
 * Beyond no crash: counts within their bounds, each section found by its
 * name has it, each section's data is the file's bytes there, each PT_LOAD
 * maps back to its own bias, the symbols are sorted with one per address,
 * and every look-up lands inside the function it names. */
#include <sys/mman.h>
#include <unistd.h>

#include "elffile.h"
#include "fuzz.h"
#include "symbols.h"

static void check_lookup(const struct symtab *t, uint64_t vaddr)
{
	uint64_t off = 0, start = 0, size = 0;
	const char *name = symtab_find(t, vaddr, &off);
	int r = symtab_range(t, vaddr, &start, &size);

	CHECK(!name == !r);
	if (!name)
		return;
	CHECK(name >= t->names && name < t->names + t->names_len + 1);
	CHECK(start <= vaddr && vaddr - start < size && off == vaddr - start);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_file e;
	struct symtab t;
	int fd = memfd_create("fuzz", MFD_CLOEXEC);

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	if (elf_file_open(&e, fd, "fuzz")) {
		close(fd);
		return 0;
	}
	CHECK(e.size == size);
	CHECK(e.nph <= ELF_HEADERS_MAX && e.nsh <= ELF_HEADERS_MAX);
	CHECK(!e.nsh || (e.shstr && !e.sh_bad && !e.shstr[e.shstr_len]));
	CHECK(e.build_id_len <= sizeof(e.build_id));
	for (size_t i = 0; i < e.nsh; i++) {
		const struct elf_shdr *sh = &e.sh[i];
		const char *name = elf_section_name(&e, sh);
		const struct elf_shdr *found = elf_section(&e, name);
		uint8_t *d = elf_section_data(&e, sh, 1 << 20);

		if (i && name[0] && sh->type != SHT_NULL) /* section 0 is reserved */
			CHECK(found && !strcmp(elf_section_name(&e, found), name));
		if (d) {
			CHECK(sh->type != SHT_NOBITS && sh->offset <= size && sh->size <= size - sh->offset);
			CHECK(!memcmp(d, data + sh->offset, sh->size));
			free(d);
		}
	}
	for (size_t i = 0; i < e.nph; i++) {
		const struct elf_phdr *p = &e.ph[i];
		uint64_t bias = 0;

		if (p->type != PT_LOAD || !p->filesz)
			continue;
		CHECK(elf_mapping_bias_prot(&e, 0x10000 + (p->vaddr & ~0xfffull), p->offset & ~0xfffull,
					    p->flags, &bias) == 0);
	}

	symtab_load(&t, &e, "fuzz");
	for (size_t i = 0; i < t.n; i++) {
		const struct sym *s = &t.s[i];

		CHECK(s->name < t.names_len && s->size > 0);
		CHECK(i + 1 == t.n || s->addr < s[1].addr);
		CHECK(s->outer <= i);
		if (i < 512) {
			uint64_t off = 1;

			CHECK(symtab_find(&t, s->addr, &off) == t.names + s->name && off == 0);
			check_lookup(&t, s->addr + s->size - 1);
			check_lookup(&t, s->addr + s->size);
		}
	}
	/* addresses from the input itself */
	for (size_t i = 0; i + 8 <= size && i < 256; i += 8) {
		uint64_t v;

		memcpy(&v, data + i, 8);
		check_lookup(&t, v);
	}
	symtab_free(&t);
	elf_file_close(&e);
	close(fd);
	return 0;
}
