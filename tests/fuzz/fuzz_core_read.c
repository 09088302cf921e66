/* fuzz_core_read: lib/core_read.c as pmaps CORE and pregs CORE use it, on
 * arbitrary files: core_open (ELF header, 32- and 64-bit, PN_XNUM, program
 * headers, PT_NOTE segments), every note by core_note_next, core_note_find,
 * core_files (NT_FILE), then what pregs reads of each NT_PRSTATUS and the
 * register sets after it through the arch/ tables. The input is written to
 * a memfd, opened by its /proc/self/fd path as a core on disk would be.
 * Beyond no crash: the arch matches e_machine and the class; each note's
 * name is terminated and its desc ends inside the notes; the walk ends
 * exactly at the end of the notes; NT_FILE names lie inside the notes.
 * Note bodies and register reads use exact-size copies, so an arch table
 * reaching past a note is caught too. */
#include <elf.h>
#include <unistd.h>
#include <sys/mman.h>

#include "core_read.h"
#include "fuzz.h"

static int fd = -1;
static char path[64];

static int inside(const struct core *c, const void *p, size_t n)
{
	const unsigned char *b = p;

	return b >= c->notes && b <= c->notes + c->notes_size && n <= (size_t)(c->notes + c->notes_size - b);
}

/* pregs -f: the sets after a thread's NT_PRSTATUS, up to the next one */
static void read_sets(const struct core *c, size_t pos)
{
	const struct arch *a = c->arch;
	struct core_note n;
	char hex[68];

	while (core_note_next(c, &pos, &n) > 0 && n.type != NT_PRSTATUS) {
		for (int i = 0; i < a->nregsets; i++) {
			const struct arch_regset *rs = &a->regsets[i];
			unsigned char *set;

			if (rs->type != n.type || strcmp(rs->owner, n.name))
				continue;
			set = fuzz_dup(n.desc, n.descsz);
			for (int j = 0; j < rs->nregs; j++)
				if (rs->regs[j].off + rs->regs[j].size <= n.descsz)
					arch_reg_hex(&rs->regs[j], set, hex);
			free(set);
		}
	}
}

static void walk_notes(const struct core *c)
{
	struct core_note n;
	size_t pos = 0, last = 0;
	int r;

	while ((r = core_note_next(c, &pos, &n)) > 0) {
		CHECK(pos > last && pos <= c->notes_size);
		last = pos;
		CHECK(!n.name[0] || inside(c, n.name, strlen(n.name) + 1));
		CHECK(inside(c, n.desc, n.descsz));
		if (n.type == NT_PRSTATUS && !strcmp(n.name, "CORE") && n.descsz == c->arch->prstatus_size) {
			unsigned char *d = fuzz_dup(n.desc, n.descsz);

			CHECK(c->arch->pr_reg_off + c->arch->pr_reg_size <= n.descsz);
			for (int i = 0; i < c->arch->nregs; i++)
				arch_reg_value(&c->arch->regs[i], d + c->arch->pr_reg_off);
			free(d);
			read_sets(c, pos);
		}
	}
	CHECK(r < 0 || pos == c->notes_size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct core c;
	struct core_file *files;
	struct core_note n;
	uint64_t page_size;
	long nfiles;

	if (fd < 0) {
		if ((fd = memfd_create("fuzz_core_read", MFD_CLOEXEC)) < 0)
			abort();
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	if (core_open(&c, path))
		return 0;
	CHECK(size >= EI_NIDENT + 2 + 2 && c.size == size);
	CHECK(c.arch && c.arch->machine == (data[18] | data[19] << 8) && c.arch->elfclass == data[EI_CLASS]);
	walk_notes(&c);
	core_note_find(&c, "LINUX", 0x202, &n);
	nfiles = core_files(&c, &files, &page_size);
	for (long i = 0; i < nfiles; i++)
		CHECK(inside(&c, files[i].name, strlen(files[i].name) + 1));
	if (nfiles >= 0)
		free(files);
	core_close(&c);
	return 0;
}
