/* core_read.c: ELF core reader: header, PT_LOAD table, notes. Trusts nothing
 * in the file: every offset and size is checked against the file's size. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core_read.h"
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

/* The ELF header and program headers in a class-neutral form. */
struct hdr {
	unsigned elfclass, machine, type, phentsize;
	uint64_t phoff, shoff, phnum;
};

static int read_header(struct core *c, struct hdr *h)
{
	unsigned char id[EI_NIDENT];

	if (read_at(c, id, sizeof(id), 0, "ELF header"))
		return -1;
	if (memcmp(id, ELFMAG, SELFMAG))
		return bad(c, "not an ELF file");
	if (id[EI_DATA] != ELFDATA2LSB)
		return bad(c, "big-endian ELF: not supported");
	h->elfclass = id[EI_CLASS];
	if (h->elfclass == ELFCLASS64) {
		Elf64_Ehdr e;

		if (read_at(c, &e, sizeof(e), 0, "ELF header"))
			return -1;
		h->machine = e.e_machine, h->type = e.e_type, h->phentsize = e.e_phentsize;
		h->phoff = e.e_phoff, h->shoff = e.e_shoff, h->phnum = e.e_phnum;
		if (h->phentsize != sizeof(Elf64_Phdr))
			return bad(c, "unexpected program header size");
	} else if (h->elfclass == ELFCLASS32) {
		Elf32_Ehdr e;

		if (read_at(c, &e, sizeof(e), 0, "ELF header"))
			return -1;
		h->machine = e.e_machine, h->type = e.e_type, h->phentsize = e.e_phentsize;
		h->phoff = e.e_phoff, h->shoff = e.e_shoff, h->phnum = e.e_phnum;
		if (h->phentsize != sizeof(Elf32_Phdr))
			return bad(c, "unexpected program header size");
	} else {
		return bad(c, "bad ELF class");
	}
	if (h->type != ET_CORE)
		return bad(c, "an ELF file, but not a core file");
	/* More than 65534 segments: the real count is in section header 0. */
	if (h->phnum == PN_XNUM) {
		if (h->elfclass == ELFCLASS64) {
			Elf64_Shdr s;

			if (read_at(c, &s, sizeof(s), h->shoff, "section header 0 (PN_XNUM)"))
				return -1;
			h->phnum = s.sh_info;
		} else {
			Elf32_Shdr s;

			if (read_at(c, &s, sizeof(s), h->shoff, "section header 0 (PN_XNUM)"))
				return -1;
			h->phnum = s.sh_info;
		}
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
	p = realloc(c->notes, c->notes_size + len + 1);
	if (!p)
		return bad(c, "out of memory for notes");
	c->notes = p;
	if (read_at(c, p + c->notes_size, len, off, "note segment"))
		return -1;
	c->notes_size += len;
	return 0;
}

int core_open(struct core *c, const char *path)
{
	struct stat st;
	struct hdr h = { 0 };

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
	if (read_header(c, &h))
		goto fail;
	c->arch = arch_by_elf(h.machine, h.elfclass);
	if (!c->arch) {
		error_msg("%s: core of an unsupported machine (e_machine %u, %u-bit)", path,
			  h.machine, h.elfclass == ELFCLASS64 ? 64 : 32);
		goto fail;
	}
	c->segs = calloc(h.phnum ? h.phnum : 1, sizeof(*c->segs));
	if (!c->segs) {
		bad(c, "out of memory for program headers");
		goto fail;
	}
	for (uint64_t i = 0; i < h.phnum; i++) {
		struct core_seg s;
		uint32_t type;

		if (h.elfclass == ELFCLASS64) {
			Elf64_Phdr p;

			if (read_at(c, &p, sizeof(p), h.phoff + i * h.phentsize, "program header"))
				goto fail;
			type = p.p_type;
			s = (struct core_seg){ p.p_vaddr, p.p_memsz, p.p_filesz, p.p_offset, p.p_flags };
		} else {
			Elf32_Phdr p;

			if (read_at(c, &p, sizeof(p), h.phoff + i * h.phentsize, "program header"))
				goto fail;
			type = p.p_type;
			s = (struct core_seg){ p.p_vaddr, p.p_memsz, p.p_filesz, p.p_offset, p.p_flags };
		}
		if (type == PT_NOTE && add_notes(c, s.offset, s.filesz))
			goto fail;
		if (type == PT_LOAD)
			c->segs[c->nsegs++] = s;
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
	memcpy(w, p, sizeof(w));
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

static uint64_t get_word(const unsigned char *p, int wide)
{
	uint64_t v = 0;

	for (int i = wide ? 8 : 4; i--;)
		v = v << 8 | p[i];
	return v;
}

long core_files(const struct core *c, struct core_file **out, uint64_t *page_size)
{
	struct core_note n;
	int wide = c->arch->elfclass == ELFCLASS64, r;
	size_t w = wide ? 8 : 4;
	uint64_t count;
	const char *name, *end;

	*out = NULL;
	r = core_note_find(c, "CORE", NT_FILE, &n);
	if (r <= 0)
		return r;
	if (n.descsz < 2 * w)
		goto bad;
	count = get_word(n.desc, wide);
	*page_size = get_word(n.desc + w, wide);
	if (count > (n.descsz - 2 * w) / (3 * w))
		goto bad;
	*out = calloc(count ? count : 1, sizeof(**out));
	if (!*out) {
		error_msg("%s: out of memory for NT_FILE", c->path);
		return -1;
	}
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
		(*out)[i] = (struct core_file){ get_word(e, wide), get_word(e + w, wide),
						get_word(e + 2 * w, wide), name };
		name = z + 1;
	}
	return count;
bad:
	error_msg("%s: malformed NT_FILE note", c->path);
	return -1;
}
