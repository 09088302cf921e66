/* fuzz_core_read: lib/core_read.c as pmaps CORE and pregs CORE use it, on
 * arbitrary files: core_open (ELF header, 32- and 64-bit, PN_XNUM, program
 * headers, PT_NOTE segments), every note by core_note_next, core_note_find,
 * core_files (NT_FILE), then each thread as pregs reads it (core_thread_next,
 * core_thread_set): its NT_PRSTATUS and the register sets after it through
 * the arch/ tables. The input is written to a memfd, opened by its
 * /proc/self/fd path as a core on disk would be.
 * Beyond no crash: the arch matches e_machine, the class and the byte
 * order; each note's name is terminated and its desc ends inside the notes;
 * the walk ends exactly at the end of the notes; NT_FILE names lie inside the
 * notes; a thread's registers and sets lie inside them too. Register reads
 * use exact-size copies, so an arch table reaching past a note is caught. */
#include <elf.h>
#include <unistd.h>
#include <sys/mman.h>

#include "byteorder.h"
#include "core_read.h"
#include "fuzz.h"

static int fd = -1;
static char path[64];

static int inside(const struct core *c, const void *p, size_t n)
{
	const unsigned char *b = p;

	return b >= c->notes && b <= c->notes + c->notes_size && n <= (size_t)(c->notes + c->notes_size - b);
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
	}
	CHECK(r < 0 || pos == c->notes_size);
}

/* pregs CORE: each thread's registers, and with -f the sets after its
 * NT_PRSTATUS, through the arch's tables */
static void walk_threads(const struct core *c)
{
	const struct arch *a = c->arch;
	const struct arch_regset *rs;
	struct core_thread t;
	struct core_note n;
	size_t pos = 0;
	char hex[68];

	while (core_thread_next(c, &pos, &t) > 0) {
		unsigned char *d;

		CHECK(inside(c, t.pr_reg, a->pr_reg_size) && t.sets == pos);
		d = fuzz_dup(t.pr_reg, a->pr_reg_size);
		for (int i = 0; i < a->nregs; i++)
			arch_reg_value(&a->regs[i], d);
		free(d);
		while ((rs = core_thread_set(c, &t, &n))) {
			CHECK(rs >= a->regsets && rs < a->regsets + a->nregsets && rs->type == n.type);
			CHECK(inside(c, n.desc, n.descsz) && t.sets <= c->notes_size);
			d = fuzz_dup(n.desc, n.descsz);
			for (int j = 0; j < rs->nregs; j++)
				if (rs->regs[j].off + rs->regs[j].size <= n.descsz)
					arch_reg_hex(&rs->regs[j], d, hex);
			free(d);
		}
	}
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
	CHECK(c.arch && c.arch->machine == get16(data + 18, data[EI_DATA]) && c.arch->elfclass == data[EI_CLASS] &&
	      c.arch->byteorder == data[EI_DATA]);
	walk_notes(&c);
	walk_threads(&c);
	core_note_find(&c, "LINUX", 0x202, &n);
	nfiles = core_files(&c, &files, &page_size);
	for (long i = 0; i < nfiles; i++)
		CHECK(inside(&c, files[i].name, strlen(files[i].name) + 1));
	if (nfiles >= 0)
		free(files);
	core_close(&c);
	return 0;
}
