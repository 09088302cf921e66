/* core_write.c: an ELF core file as the kernel's fs/binfmt_elf.c writes it.
 *
 * The container, in elf_core_dump()'s layout: the header, the PT_NOTE header,
 * a PT_LOAD header per mapping (offsets running on by each one's dump size),
 * the notes, then at the next page the memory of each mapping in turn, and
 * past 65534 mappings (PN_XNUM) a section header holding the real count.
 * Headers are streamed: memory use does not grow with the memory dumped. */
#include <elf.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "core_layout.h"
#include "core_write.h"
#include "maps.h"
#include "procbox.h"

#ifndef NT_FILE
#define NT_FILE 0x46494c45
#endif
#ifndef NT_SIGINFO
#define NT_SIGINFO 0x53494749
#endif

int core_map_add(struct coredump *cd, const struct core_map *m)
{
	if (cd->nmap == cd->cap) {
		size_t cap = cd->cap ? 2 * cd->cap : 64;
		struct core_map *p = realloc(cd->map, cap * sizeof(*p));

		if (!p) {
			perror_msg("planning the core");
			return -1;
		}
		cd->map = p, cd->cap = cap;
	}
	cd->map[cd->nmap++] = *m;
	cd->data_size += m->dump;
	return 0;
}

void coredump_free(struct coredump *cd)
{
	free(cd->map);
	free(cd->notes.p);
	memset(cd, 0, sizeof(*cd));
}

/* One program header, in the task's class, appended to buf. */
static size_t put_phdr(const struct coredump *cd, unsigned char *buf, uint32_t type, uint64_t off, uint64_t vaddr,
		       uint64_t filesz, uint64_t memsz, uint32_t flags, uint64_t align)
{
	if (cd->arch->elfclass == ELFCLASS64) {
		Elf64_Phdr p = { type, flags, off, vaddr, 0, filesz, memsz, align };

		memcpy(buf, &p, sizeof(p));
		return sizeof(p);
	} else {
		Elf32_Phdr p = { type, off, vaddr, 0, filesz, memsz, flags, align };

		memcpy(buf, &p, sizeof(p));
		return sizeof(p);
	}
}

static int put_header(const struct coredump *cd, struct outfile *o, size_t segs, uint64_t shoff)
{
	int c64 = cd->arch->elfclass == ELFCLASS64;
	uint16_t phnum = segs > PN_XNUM ? PN_XNUM : segs;
	unsigned char ident[EI_NIDENT] = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, cd->arch->elfclass, ELFDATA2LSB, EV_CURRENT };

	if (c64) {
		Elf64_Ehdr h = { .e_type = ET_CORE, .e_machine = cd->arch->machine, .e_version = EV_CURRENT,
				 .e_phoff = sizeof(h), .e_ehsize = sizeof(h), .e_phentsize = sizeof(Elf64_Phdr),
				 .e_phnum = phnum };

		if (phnum == PN_XNUM)
			h.e_shoff = shoff, h.e_shentsize = sizeof(Elf64_Shdr), h.e_shnum = 1;
		memcpy(h.e_ident, ident, EI_NIDENT);
		return outfile_write(o, &h, sizeof(h));
	} else {
		Elf32_Ehdr h = { .e_type = ET_CORE, .e_machine = cd->arch->machine, .e_version = EV_CURRENT,
				 .e_phoff = sizeof(h), .e_ehsize = sizeof(h), .e_phentsize = sizeof(Elf32_Phdr),
				 .e_phnum = phnum };

		if (phnum == PN_XNUM)
			h.e_shoff = shoff, h.e_shentsize = sizeof(Elf32_Shdr), h.e_shnum = 1;
		memcpy(h.e_ident, ident, EI_NIDENT);
		return outfile_write(o, &h, sizeof(h));
	}
}

/* The extended-numbering section header: sh_size 1 (e_shnum), sh_info the count. */
static int put_xnum(const struct coredump *cd, struct outfile *o, size_t segs)
{
	if (cd->arch->elfclass == ELFCLASS64) {
		Elf64_Shdr s = { .sh_type = SHT_NULL, .sh_size = 1, .sh_info = segs };

		return outfile_write(o, &s, sizeof(s));
	} else {
		Elf32_Shdr s = { .sh_type = SHT_NULL, .sh_size = 1, .sh_info = segs };

		return outfile_write(o, &s, sizeof(s));
	}
}

int core_write(const struct coredump *cd, struct outfile *o, core_fill_fn fill, void *ctx)
{
	int c64 = cd->arch->elfclass == ELFCLASS64;
	size_t segs = cd->nmap + 1, phsz = c64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
	uint64_t notes_off = (c64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr)) + segs * phsz;
	uint64_t page = cd->page_size, data_off = (notes_off + cd->notes.n + page - 1) / page * page;
	uint64_t off = data_off;
	unsigned char buf[64 * sizeof(Elf64_Phdr)];
	size_t n;

	if (put_header(cd, o, segs, data_off + cd->data_size))
		return -1;
	n = put_phdr(cd, buf, PT_NOTE, notes_off, 0, cd->notes.n, 0, 0, 4);
	for (size_t i = 0; i < cd->nmap; i++) {
		const struct core_map *m = &cd->map[i];

		n += put_phdr(cd, buf + n, PT_LOAD, off, m->start, m->dump, m->end - m->start, m->flags, page);
		off += m->dump;
		if (n + phsz > sizeof(buf)) {
			if (outfile_write(o, buf, n))
				return -1;
			n = 0;
		}
	}
	if (outfile_write(o, buf, n) || outfile_write(o, cd->notes.p, cd->notes.n) ||
	    outfile_skip(o, data_off - o->pos))
		return -1;
	for (size_t i = 0; i < cd->nmap; i++) {
		uint64_t want = o->pos + cd->map[i].dump;

		if (cd->map[i].dump && fill(ctx, &cd->map[i], o))
			return -1;
		if (o->pos != want) {
			error_msg("%s: internal error: %#llx bytes of %#llx were dumped", o->path,
				  (unsigned long long)(o->pos - want + cd->map[i].dump),
				  (unsigned long long)cd->map[i].dump);
			return -1;
		}
	}
	return segs >= PN_XNUM ? put_xnum(cd, o, segs) : 0;
}

/* ---- the notes' contents: fill_prstatus, fill_psinfo, fill_siginfo_note,
 * fill_files_note in fs/binfmt_elf.c, laid out for a 64-bit task or a 32-bit
 * one whatever procbox's own arch ---- */

static int grow(void *pp, size_t *cap, size_t need)
{
	void **p = pp;
	size_t c = *cap ? *cap : 4096;
	void *q;

	if (need <= *cap)
		return 0;
	while (c < need)
		c *= 2;
	if (!(q = realloc(*p, c))) {
		perror_msg("building the core's notes");
		return -1;
	}
	*p = q, *cap = c;
	return 0;
}

int note_append(struct notebuf *nb, const void *p, size_t n)
{
	if (!n)
		return 0;
	if (grow(&nb->p, &nb->cap, nb->n + n))
		return -1;
	memcpy(nb->p + nb->n, p, n);
	nb->n += n;
	return 0;
}

int note_add(struct notebuf *nb, const char *name, uint32_t type, const void *desc, size_t size)
{
	uint32_t namesz = strlen(name) + 1, h[3] = { namesz, size, type };
	size_t nlen = (namesz + 3) & ~3u, dlen = (size + 3) & ~(size_t)3;
	unsigned char *p;

	if (grow(&nb->p, &nb->cap, nb->n + 12 + nlen + dlen))
		return -1;
	p = nb->p + nb->n;
	memset(p, 0, 12 + nlen + dlen);
	memcpy(p, h, 12);
	memcpy(p + 12, name, namesz);
	if (size)
		memcpy(p + 12 + nlen, desc, size);
	nb->n += 12 + nlen + dlen;
	return 0;
}

static int is64(const struct arch *a)
{
	return a->elfclass == ELFCLASS64;
}

/* The kernel's pr_state: the index of the lowest set bit of the task state
 * plus one (TASK_RUNNING 0, INTERRUPTIBLE 1, UNINTERRUPTIBLE 2, STOPPED 3),
 * from /proc's letter. */
static int state_index(char c)
{
	const char *s = strchr("RSDT", c);

	if (c == 't')
		return 3; /* traced is stopped too */
	return c && s ? s - "RSDT" : 1;
}

int note_prpsinfo(struct notebuf *nb, const struct arch *a, const struct core_proc *p)
{
	int st = state_index(p->state);
	char sname = "RSDTZW"[st];

	if (is64(a)) {
		struct prpsinfo64 i = {
			.pr_state = st, .pr_sname = sname, .pr_zomb = sname == 'Z', .pr_nice = p->nice,
			.pr_flag = p->flags, .pr_uid = p->uid, .pr_gid = p->gid,
			.pr_pid = p->pid, .pr_ppid = p->ppid, .pr_pgrp = p->pgrp, .pr_sid = p->sid,
		};

		memcpy(i.pr_fname, p->fname, 16), memcpy(i.pr_psargs, p->psargs, 80);
		return note_add(nb, "CORE", NT_PRPSINFO, &i, sizeof(i));
	} else {
		/* arm's __kernel_uid_t is 16 bits: the kernel munges larger ids to 65534 */
		struct prpsinfo32_uid16 i = {
			.pr_state = st, .pr_sname = sname, .pr_zomb = sname == 'Z', .pr_nice = p->nice,
			.pr_flag = p->flags, .pr_uid = p->uid > 0xffff ? 65534 : p->uid,
			.pr_gid = p->gid > 0xffff ? 65534 : p->gid,
			.pr_pid = p->pid, .pr_ppid = p->ppid, .pr_pgrp = p->pgrp, .pr_sid = p->sid,
		};

		memcpy(i.pr_fname, p->fname, 16), memcpy(i.pr_psargs, p->psargs, 80);
		return note_add(nb, "CORE", NT_PRPSINFO, &i, sizeof(i));
	}
}

#define TV(us) { (us) / 1000000, (us) % 1000000 }
#define PRSTATUS_HEAD(T) \
	(struct T) { \
		.pr_info.si_signo = cursig, .pr_cursig = cursig, \
		.pr_sigpend = t->sigpend, .pr_sighold = t->sighold, \
		.pr_pid = t->tid, .pr_ppid = p->ppid, .pr_pgrp = p->pgrp, .pr_sid = p->sid, \
		.pr_utime = TV(t->utime), .pr_stime = TV(t->stime), \
		.pr_cutime = TV(t->cutime), .pr_cstime = TV(t->cstime), \
	}

int note_prstatus(struct notebuf *nb, const struct arch *a, const struct core_proc *p,
		  const struct core_thread *t, int cursig, const void *pr_reg, int fpvalid)
{
	unsigned char buf[1024] = { 0 };
	int32_t fp = fpvalid;

	if (is64(a)) {
		struct prstatus_head64 h = PRSTATUS_HEAD(prstatus_head64);

		memcpy(buf, &h, sizeof(h));
	} else {
		struct prstatus_head32 h = PRSTATUS_HEAD(prstatus_head32);

		memcpy(buf, &h, sizeof(h));
	}
	memcpy(buf + a->pr_reg_off, pr_reg, a->pr_reg_size);
	memcpy(buf + a->pr_reg_off + a->pr_reg_size, &fp, 4);
	return note_add(nb, "CORE", NT_PRSTATUS, buf, a->prstatus_size);
}

int note_siginfo(struct notebuf *nb, const struct arch *a, int signo, int32_t sender_pid, uint32_t sender_uid)
{
	/* si_signo, si_errno, si_code, then the union: at 16 where long is 8 bytes */
	int32_t si[32] = { signo, 0, SI_USER };
	int u = is64(a) ? 4 : 3;

	si[u] = sender_pid, si[u + 1] = sender_uid;
	return note_add(nb, "CORE", NT_SIGINFO, si, sizeof(si));
}

size_t core_auxv_len(const struct arch *a, const void *auxv, size_t len)
{
	size_t w = is64(a) ? 8 : 4;

	for (size_t i = 0; i + 2 * w <= len; i += 2 * w) {
		uint64_t type = 0;

		memcpy(&type, (const char *)auxv + i, w);
		if (type == 0) /* AT_NULL */
			return i + 2 * w;
	}
	return len;
}

void core_psargs(char psargs[80], const char *cmdline, size_t len)
{
	if (len > 79)
		len = 79;
	memset(psargs, 0, 80);
	for (size_t i = 0; i < len; i++)
		psargs[i] = cmdline[i] ? cmdline[i] : ' ';
}

uint32_t ntfile_add(struct ntfile *f, const struct arch *a, uint64_t start, uint64_t end, uint64_t pgoff_pages,
		    const char *name)
{
	size_t w = is64(a) ? 8 : 4, off = f->names_len;
	uint64_t v[3] = { start, end, pgoff_pages };

	if (grow(&f->words, &f->words_cap, (f->count + 1) * 3 * w) ||
	    grow(&f->names, &f->names_cap, off + strlen(name) + 1))
		return NO_NAME;
	for (int i = 0; i < 3; i++)
		memcpy(f->words + (f->count * 3 + i) * w, &v[i], w); /* little-endian: the low bytes */
	f->count++;
	f->names_len += maps_name_unescape(f->names + off, name);
	return off;
}

int note_file(struct notebuf *nb, const struct arch *a, const struct ntfile *f, uint32_t page_size,
	      size_t nmaps, uint64_t limit)
{
	size_t w = is64(a) ? 8 : 4, head = 2 * w, table = f->count * 3 * w;
	/* the kernel's estimate: 64 bytes per mapping, a fifth more while the names do not fit */
	uint64_t est = (uint64_t)nmaps * 64, names_room = (2 + 3 * (uint64_t)nmaps) * w;
	uint64_t v[2] = { f->count, page_size };
	unsigned char *d;
	int r;

	for (;;) {
		uint64_t rounded = (est + page_size - 1) / page_size * page_size;

		if (est >= limit)
			return 0;
		if (rounded >= names_room + f->names_len)
			break;
		est = est * 5 / 4;
	}
	if (!(d = malloc(head + table + f->names_len))) {
		perror_msg("building the core's NT_FILE");
		return -1;
	}
	memcpy(d, &v[0], w), memcpy(d + w, &v[1], w);
	memcpy(d + head, f->words, table);
	memcpy(d + head + table, f->names, f->names_len);
	r = note_add(nb, "CORE", NT_FILE, d, head + table + f->names_len);
	free(d);
	return r;
}

void ntfile_free(struct ntfile *f)
{
	free(f->words);
	free(f->names);
	memset(f, 0, sizeof(*f));
}
