/* core_read.c: ELF core reader: header, PT_LOAD table, notes. Trusts nothing
 * in the file: every offset and size is checked against the file's size. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "byteorder.h"
#include "core_read.h"
#include "elfrec.h"
#include "procbox.h"

#define NOTES_MAX (64u << 20) /* far above any real core's notes */

static int bad(struct core *c, const char *why)
{
	error_msg("%s: %s", c->path, why);
	return -1;
}

/* Read exactly len bytes at off; -1 with a message if the file is shorter. */
static int read_at(struct core *c, void *buf, size_t len, uint64_t off, const char *what)
{
	size_t done = 0;

	if (off > c->size || len > c->size - off) {
		error_msg("%s: truncated: %s ends past the end of the file", c->path, what);
		return -1;
	}
	while (done < len) {
		ssize_t n = pread(c->fd, (char *)buf + done, len - done, off + done);

		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				perror_msg("%s: reading %s", c->path, what);
			else
				error_msg("%s: truncated: %s", c->path, what);
			return -1;
		}
		done += n;
	}
	return 0;
}

/* The ELF header, in its class and byte order (e_ident's), into h. */
static int read_header(struct core *c, struct elf_form *f, struct elf_ehdr *h)
{
	unsigned char b[64];

	if (read_at(c, b, EI_NIDENT, 0, "ELF header"))
		return -1;
	if (memcmp(b, ELFMAG, SELFMAG))
		return bad(c, "not an ELF file");
	if (b[EI_DATA] != ELFDATA2LSB && b[EI_DATA] != ELFDATA2MSB)
		return bad(c, "bad ELF byte order");
	if (b[EI_CLASS] != ELFCLASS32 && b[EI_CLASS] != ELFCLASS64)
		return bad(c, "bad ELF class");
	*f = (struct elf_form){ b[EI_CLASS], b[EI_DATA] };
	if (read_at(c, b, elf_rec_size(ELF_EHDR, *f), 0, "ELF header"))
		return -1;
	elf_rec_get(ELF_EHDR, *f, b, h);
	if (h->phentsize != elf_rec_size(ELF_PHDR, *f))
		return bad(c, "unexpected program header size");
	if (h->type != ET_CORE)
		return bad(c, "an ELF file, but not a core file");
	/* More than 65534 segments: the real count is in section header 0. */
	if (h->phnum == PN_XNUM) {
		struct elf_shdr s;

		if (read_at(c, b, elf_rec_size(ELF_SHDR, *f), h->shoff, "section header 0 (PN_XNUM)"))
			return -1;
		elf_rec_get(ELF_SHDR, *f, b, &s);
		h->phnum = s.info;
	}
	if (h->phoff > c->size || h->phnum > (c->size - h->phoff) / h->phentsize)
		return bad(c, "truncated: program headers end past the end of the file");
	return 0;
}

static int add_notes(struct core *c, uint64_t off, uint64_t len)
{
	unsigned char *p;

	if (len > NOTES_MAX - c->notes_size)
		return bad(c, "note segment too large");
	c->notes = p = xrealloc(c->notes, c->notes_size + len + 1);
	if (read_at(c, p + c->notes_size, len, off, "note segment"))
		return -1;
	c->notes_size += len;
	return 0;
}

int core_open(struct core *c, const char *path)
{
	return core_open_among(c, path, arch_all);
}

int core_open_among(struct core *c, const char *path, const struct arch *const *arches)
{
	struct stat st;
	struct elf_form f;
	struct elf_ehdr h;

	memset(c, 0, sizeof(*c));
	c->path = path;
	c->fd = -1;
	/* O_NONBLOCK: a FIFO put there meanwhile must not block (fstat refuses it) */
	c->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (c->fd < 0) {
		perror_msg("%s", path);
		return -1;
	}
	if (fstat(c->fd, &st) || !S_ISREG(st.st_mode)) {
		bad(c, "not a regular file");
		goto fail;
	}
	c->size = st.st_size;
	if (read_header(c, &f, &h))
		goto fail;
	c->arch = arch_by_elf(arches, h.machine, f.elfclass, f.order);
	if (!c->arch) {
		error_msg("%s: core of an unsupported machine (e_machine %u, %u-bit%s)", path, (unsigned)h.machine,
			  f.elfclass == ELFCLASS64 ? 64 : 32, f.order == ELFDATA2MSB ? ", big-endian" : "");
		goto fail;
	}
	c->segs = xzalloc((h.phnum ? h.phnum : 1) * sizeof(*c->segs));
	for (uint64_t i = 0; i < h.phnum; i++) {
		unsigned char b[64];
		struct elf_phdr p;

		if (read_at(c, b, h.phentsize, h.phoff + i * h.phentsize, "program header"))
			goto fail;
		elf_rec_get(ELF_PHDR, f, b, &p);
		if (p.type == PT_NOTE && add_notes(c, p.offset, p.filesz))
			goto fail;
		if (p.type == PT_LOAD)
			c->segs[c->nsegs++] = (struct core_seg){ p.vaddr, p.memsz, p.filesz, p.offset, p.flags };
	}
	return 0;
fail:
	core_close(c);
	return -1;
}

void core_close(struct core *c)
{
	if (c->fd >= 0)
		close(c->fd);
	free(c->segs);
	free(c->notes);
	c->fd = -1;
	c->segs = NULL;
	c->notes = NULL;
}

int core_note_next(const struct core *c, size_t *pos, struct core_note *n)
{
	size_t left, namesz, descsz, need;
	unsigned char *p;
	uint32_t w[3];

	if (*pos >= c->notes_size)
		return 0; /* a core without notes too: its notes pointer is NULL */
	left = c->notes_size - *pos, p = c->notes + *pos;
	if (left < sizeof(w)) {
		error_msg("%s: truncated note at offset %zu of the note segment", c->path, *pos);
		return -1;
	}
	for (int i = 0; i < 3; i++)
		w[i] = get32(p + 4 * i, c->arch->byteorder);
	/* name and desc are each padded to 4 bytes (the kernel's and gdb's cores) */
	namesz = ((size_t)w[0] + 3) & ~(size_t)3;
	descsz = ((size_t)w[1] + 3) & ~(size_t)3;
	need = sizeof(w) + namesz + descsz;
	if (w[0] > left || w[1] > left || need > left) {
		error_msg("%s: note at offset %zu claims %u+%u bytes, only %zu left", c->path, *pos,
			  w[0], w[1], left);
		return -1;
	}
	if (w[0] && p[sizeof(w) + w[0] - 1] != 0) {
		error_msg("%s: note at offset %zu has an unterminated name", c->path, *pos);
		return -1;
	}
	n->name = w[0] ? (const char *)p + sizeof(w) : "";
	n->type = w[2];
	n->desc = p + sizeof(w) + namesz;
	n->descsz = w[1];
	*pos += need;
	return 1;
}

int core_note_find(const struct core *c, const char *name, uint32_t type, struct core_note *n)
{
	size_t pos = 0;
	int r;

	while ((r = core_note_next(c, &pos, n)) > 0)
		if (n->type == type && !strcmp(n->name, name))
			return 1;
	return r;
}

int core_thread_next(const struct core *c, size_t *pos, struct core_thread *t)
{
	const struct arch *a = c->arch;
	struct elf_prstatus_head h;
	struct core_note n;
	int r;

	while ((r = core_note_next(c, pos, &n)) > 0) {
		if (n.type != NT_PRSTATUS || strcmp(n.name, "CORE"))
			continue;
		if (n.descsz != a->prstatus_size) {
			error_msg("%s: NT_PRSTATUS of %u bytes, %s has %u", c->path, n.descsz, a->name, a->prstatus_size);
			return -1;
		}
		elf_rec_get(ELF_PRSTATUS_HEAD, ELF_FORM(a), n.desc, &h);
		*t = (struct core_thread){ (int32_t)h.pid, (int16_t)h.cursig, n.desc + a->pr_reg_off, *pos };
		return 1;
	}
	return r;
}

const struct arch_regset *core_thread_set(const struct core *c, struct core_thread *t, struct core_note *n)
{
	size_t pos = t->sets;

	/* not past the next thread's NT_PRSTATUS: asked again, still NULL */
	while (core_note_next(c, &pos, n) > 0 && n->type != NT_PRSTATUS) {
		const struct arch_regset *rs = arch_regset(c->arch, n->type);

		t->sets = pos;
		if (rs && !strcmp(rs->owner, n->name))
			return rs;
	}
	return NULL;
}

long core_files(const struct core *c, struct core_file **out, uint64_t *page_size)
{
	struct core_note n;
	unsigned w = elf_word(ELF_FORM(c->arch)), order = c->arch->byteorder;
	uint64_t count;
	int r;
	const char *name, *end;

	*out = NULL;
	r = core_note_find(c, "CORE", NT_FILE, &n);
	if (r <= 0)
		return r;
	if (n.descsz < 2 * w)
		goto bad;
	count = word_get(n.desc, w, order);
	*page_size = word_get(n.desc + w, w, order);
	if (count > (n.descsz - 2 * w) / (3 * w))
		goto bad;
	*out = xzalloc((count ? count : 1) * sizeof(**out));
	name = (const char *)n.desc + 2 * w + count * 3 * w;
	end = (const char *)n.desc + n.descsz;
	for (uint64_t i = 0; i < count; i++) {
		const unsigned char *e = n.desc + 2 * w + i * 3 * w;
		const char *z = memchr(name, 0, end - name);

		if (!z) {
			free(*out);
			*out = NULL;
			goto bad;
		}
		(*out)[i] = (struct core_file){ word_get(e, w, order), word_get(e + w, w, order),
						word_get(e + 2 * w, w, order), name };
		name = z + 1;
	}
	return count;
bad:
	error_msg("%s: malformed NT_FILE note", c->path);
	return -1;
}

int core_mem_read(const struct core *c, uint64_t addr, void *buf, size_t n)
{
	for (size_t i = 0; i < c->nsegs; i++) {
		const struct core_seg *s = &c->segs[i];

		if (addr >= s->vaddr && addr - s->vaddr < s->filesz && n <= s->filesz - (addr - s->vaddr))
			return pread(c->fd, buf, n, s->offset + (addr - s->vaddr)) == (ssize_t)n ? 0 : -1;
	}
	return -1;
}
