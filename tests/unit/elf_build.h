/* elf_build.h: small ELF files of any class and byte order, built in
 * memory for test_elffile and test_symbols, and the helpers that open them
 * from a memfd and catch what they say. The layout (section indexes,
 * offsets, addresses) is fixed so that tests can damage it by hand:
 *
 *   0      ELF header, then 3 program headers: LOAD R+X [0, 0x340) at
 *          0x10000, LOAD R+W [0x400, 0x440) at 0x11400 (memsz 0x80), NOTE
 *   0x200  .text (0x100 bytes of 0xcc)
 *   0x300  .note.gnu.build-id: an ABI tag note, then the build id
 *   0x400  .data (0x40 bytes), .bss after it
 *   0x440  .symtab, .strtab, .shstrtab, then the section headers */
#ifndef ELF_BUILD_H
#define ELF_BUILD_H

#include <elf.h>
#include <sys/mman.h>

#include "byteorder.h"
#include "elffile.h"
#include "testutil.h"

enum { TS_NULL, TS_TEXT, TS_DATA, TS_NOTE, TS_SYMTAB, TS_STRTAB, TS_SHSTRTAB, TS_BSS, TS_N };
#define TEXT_ADDR 0x10200u
#define TEXT_OFF 0x200u
#define TEXT_SIZE 0x100u
#define NOTE_OFF 0x300u
#define DATA_ADDR 0x11400u
#define DATA_OFF 0x400u
#define DATA_SIZE 0x40u
#define SYMTAB_OFF 0x440u

struct tsym {
	const char *name;
	uint64_t value, size;
	unsigned type, bind, shndx;
};

struct timg {
	uint8_t b[16384];
	size_t n;
	struct elf_form f;
	uint64_t phoff, shoff;
	unsigned phsz, shsz;
};

static const struct elf_form test_forms[4] = {
	{ ELFCLASS64, ELFDATA2LSB }, { ELFCLASS64, ELFDATA2MSB },
	{ ELFCLASS32, ELFDATA2LSB }, { ELFCLASS32, ELFDATA2MSB },
};

static const uint8_t test_build_id[20] = { 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

static inline size_t tb_align(struct timg *m, size_t a)
{
	while (m->n % a)
		m->b[m->n++] = 0;
	return m->n;
}

static inline size_t tb_bytes(struct timg *m, const void *p, size_t k)
{
	size_t at = m->n;

	assert_true(m->n + k <= sizeof(m->b));
	memcpy(m->b + m->n, p, k);
	m->n += k;
	return at;
}

static inline void tb_word(struct timg *m, uint64_t v, unsigned k)
{
	uint8_t w[8];

	word_put(w, k, v, m->f.order);
	tb_bytes(m, w, k);
}

static inline void tb_note(struct timg *m, uint32_t type, const void *desc, uint32_t descsz)
{
	tb_word(m, 4, 4);
	tb_word(m, descsz, 4);
	tb_word(m, type, 4);
	tb_bytes(m, "GNU", 4);
	tb_bytes(m, desc, descsz);
	tb_align(m, 4);
}

/* The file: machine, type (ET_*), symbols (st_shndx TS_*, or SHN_*) */
static inline void elf_build(struct timg *m, struct elf_form f, unsigned machine, unsigned type,
			     const struct tsym *syms, size_t nsyms)
{
	static const char shstr[] = "\0.text\0.data\0.note.gnu.build-id\0.symtab\0.strtab\0.shstrtab\0.bss";
	static const unsigned shname[TS_N] = { 0, 1, 7, 13, 32, 40, 48, 58 };
	struct elf_ehdr h = { 0 };
	struct elf_phdr ph[3] = { 0 };
	struct elf_shdr sh[TS_N] = { 0 };
	unsigned esz = f.elfclass == ELFCLASS64 ? 24 : 16;
	size_t strtab, strlen_ = 1, note_end, shstrtab;
	uint8_t abi[16] = { 0 };

	memset(m, 0, sizeof(*m));
	m->f = f;
	m->phsz = (unsigned)elf_rec_size(ELF_PHDR, f), m->shsz = (unsigned)elf_rec_size(ELF_SHDR, f);
	m->phoff = elf_rec_size(ELF_EHDR, f);
	m->n = TEXT_OFF;
	memset(m->b + TEXT_OFF, 0xcc, TEXT_SIZE);
	m->n = NOTE_OFF;
	tb_note(m, NT_GNU_ABI_TAG, abi, sizeof(abi));
	tb_note(m, NT_GNU_BUILD_ID, test_build_id, sizeof(test_build_id));
	note_end = m->n;
	m->n = DATA_OFF;
	memset(m->b + DATA_OFF, 0x5a, DATA_SIZE);
	m->n = SYMTAB_OFF;
	for (size_t i = 0; i <= nsyms; i++) { /* symbol 0: the null one */
		const struct tsym *s = i ? &syms[i - 1] : NULL;
		uint64_t name = s ? strlen_ : 0, value = s ? s->value : 0, size = s ? s->size : 0;
		unsigned info = s ? ELF32_ST_INFO(s->bind, s->type) : 0, shndx = s ? s->shndx : 0;

		strlen_ += s ? strlen(s->name) + 1 : 0;
		tb_word(m, name, 4);
		if (esz == 24) {
			tb_bytes(m, (uint8_t[]){ (uint8_t)info, 0 }, 2);
			tb_word(m, shndx, 2);
			tb_word(m, value, 8);
			tb_word(m, size, 8);
		} else {
			tb_word(m, value, 4);
			tb_word(m, size, 4);
			tb_bytes(m, (uint8_t[]){ (uint8_t)info, 0 }, 2);
			tb_word(m, shndx, 2);
		}
	}
	strtab = tb_bytes(m, "", 1);
	for (size_t i = 0; i < nsyms; i++)
		tb_bytes(m, syms[i].name, strlen(syms[i].name) + 1);
	shstrtab = tb_bytes(m, shstr, sizeof(shstr));
	m->shoff = tb_align(m, 8);

	sh[TS_TEXT] = (struct elf_shdr){ .type = SHT_PROGBITS, .flags = SHF_ALLOC | SHF_EXECINSTR, .addr = TEXT_ADDR,
					 .offset = TEXT_OFF, .size = TEXT_SIZE, .addralign = 16 };
	sh[TS_DATA] = (struct elf_shdr){ .type = SHT_PROGBITS, .flags = SHF_ALLOC | SHF_WRITE, .addr = DATA_ADDR,
					 .offset = DATA_OFF, .size = DATA_SIZE, .addralign = 8 };
	sh[TS_NOTE] = (struct elf_shdr){ .type = SHT_NOTE, .flags = SHF_ALLOC, .addr = 0x10000 + NOTE_OFF,
					 .offset = NOTE_OFF, .size = note_end - NOTE_OFF, .addralign = 4 };
	sh[TS_SYMTAB] = (struct elf_shdr){ .type = SHT_SYMTAB, .offset = SYMTAB_OFF, .size = (nsyms + 1) * esz,
					   .link = TS_STRTAB, .info = 1, .addralign = 8, .entsize = esz };
	sh[TS_STRTAB] = (struct elf_shdr){ .type = SHT_STRTAB, .offset = strtab, .size = strlen_, .addralign = 1 };
	sh[TS_SHSTRTAB] = (struct elf_shdr){ .type = SHT_STRTAB, .offset = shstrtab, .size = sizeof(shstr),
					     .addralign = 1 };
	sh[TS_BSS] = (struct elf_shdr){ .type = SHT_NOBITS, .flags = SHF_ALLOC | SHF_WRITE, .addr = DATA_ADDR + DATA_SIZE,
					.offset = DATA_OFF + DATA_SIZE, .size = 0x40, .addralign = 8 };
	for (unsigned i = 0; i < TS_N; i++) {
		uint8_t b[64];

		sh[i].name = shname[i];
		elf_rec_put(ELF_SHDR, f, b, &sh[i]);
		tb_bytes(m, b, m->shsz);
	}

	ph[0] = (struct elf_phdr){ PT_LOAD, PF_R | PF_X, 0, 0x10000, 0x10000, note_end, note_end, 0x1000 };
	ph[1] = (struct elf_phdr){ PT_LOAD, PF_R | PF_W, DATA_OFF, DATA_ADDR, DATA_ADDR, DATA_SIZE, 0x80, 0x1000 };
	ph[2] = (struct elf_phdr){ PT_NOTE, PF_R, NOTE_OFF, 0x10000 + NOTE_OFF, 0x10000 + NOTE_OFF,
				   note_end - NOTE_OFF, note_end - NOTE_OFF, 4 };
	for (unsigned i = 0; i < 3; i++)
		elf_rec_put(ELF_PHDR, f, m->b + m->phoff + i * m->phsz, &ph[i]);
	h = (struct elf_ehdr){ .type = type, .machine = machine, .version = EV_CURRENT, .entry = TEXT_ADDR,
			       .phoff = m->phoff, .shoff = m->shoff, .ehsize = m->phoff, .phentsize = m->phsz,
			       .phnum = 3, .shentsize = m->shsz, .shnum = TS_N, .shstrndx = TS_SHSTRTAB };
	elf_rec_put(ELF_EHDR, f, m->b, &h);
}

/* Read-modify-write of a header of the image */
static inline void tb_ehdr(struct timg *m, struct elf_ehdr *h, int put)
{
	if (put)
		elf_rec_put(ELF_EHDR, m->f, m->b, h);
	else
		elf_rec_get(ELF_EHDR, m->f, m->b, h);
}

static inline void tb_shdr(struct timg *m, unsigned i, struct elf_shdr *s, int put)
{
	if (put)
		elf_rec_put(ELF_SHDR, m->f, m->b + m->shoff + i * m->shsz, s);
	else
		elf_rec_get(ELF_SHDR, m->f, m->b + m->shoff + i * m->shsz, s);
}

static inline void tb_phdr(struct timg *m, unsigned i, struct elf_phdr *p, int put)
{
	if (put)
		elf_rec_put(ELF_PHDR, m->f, m->b + m->phoff + i * m->phsz, p);
	else
		elf_rec_get(ELF_PHDR, m->f, m->b + m->phoff + i * m->phsz, p);
}

/* A memfd holding n bytes of p */
static inline int mem_fd(const void *p, size_t n)
{
	int fd = memfd_create("elf", MFD_CLOEXEC);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, p, n), (ssize_t)n);
	return fd;
}

/* Call fn(arg) with stderr caught into msg; the lines it wrote */
struct said {
	char msg[1024];
	int lines;
};

static inline void said_begin(int *saved, int *fd)
{
	*fd = memfd_create("stderr", MFD_CLOEXEC);
	assert_true(*fd >= 0);
	fflush(stderr);
	*saved = dup(2);
	dup2(*fd, 2);
}

static inline void said_end(int saved, int fd, struct said *s)
{
	ssize_t n;

	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	n = pread(fd, s->msg, sizeof(s->msg) - 1, 0);
	s->msg[n > 0 ? n : 0] = 0;
	s->lines = count_lines(s->msg);
	close(fd);
}

/* elf_file_open of n bytes of p, what "T"; the fd in e->fd (close it) */
static inline int open_bytes(struct elf_file *e, const void *p, size_t n, struct said *s)
{
	int fd = mem_fd(p, n), saved, cap, r;

	said_begin(&saved, &cap);
	r = elf_file_open(e, fd, "T");
	said_end(saved, cap, s);
	if (r)
		close(fd);
	return r;
}

static inline void close_file(struct elf_file *e)
{
	close(e->fd);
	elf_file_close(e);
}

#endif
