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

#include "byteorder.h"
#include "core_write.h"
#include "elfrec.h"
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
	cd->map = xgrow(cd->map, &cd->cap, cd->nmap + 1, sizeof(*cd->map));
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

/* One program header, in the task's class and byte order, appended to buf. */
static size_t put_phdr(const struct coredump *cd, unsigned char *buf, uint32_t type, uint64_t off, uint64_t vaddr,
		       uint64_t filesz, uint64_t memsz, uint32_t flags, uint64_t align)
{
	struct elf_phdr p = { .type = type, .flags = flags, .offset = off, .vaddr = vaddr, .filesz = filesz,
			      .memsz = memsz, .align = align };

	elf_rec_put(ELF_PHDR, ELF_FORM(cd->arch), buf, &p);
	return elf_rec_size(ELF_PHDR, ELF_FORM(cd->arch));
}

/* The ELF header, and where there are too many segments for e_phnum
 * (PN_XNUM) the section header holding their count: sh_size 1 (e_shnum),
 * sh_info the count. */
static int put_header(const struct coredump *cd, struct outfile *o, size_t segs, uint64_t shoff)
{
	struct elf_form f = ELF_FORM(cd->arch);
	struct elf_ehdr h = { .type = ET_CORE, .machine = cd->arch->machine, .version = EV_CURRENT,
			      .phoff = elf_rec_size(ELF_EHDR, f), .ehsize = elf_rec_size(ELF_EHDR, f),
			      .phentsize = elf_rec_size(ELF_PHDR, f), .phnum = segs > PN_XNUM ? PN_XNUM : segs };
	unsigned char buf[64];

	if (h.phnum == PN_XNUM)
		h.shoff = shoff, h.shentsize = elf_rec_size(ELF_SHDR, f), h.shnum = 1;
	elf_rec_put(ELF_EHDR, f, buf, &h);
	return outfile_write(o, buf, h.ehsize);
}

static int put_xnum(const struct coredump *cd, struct outfile *o, size_t segs)
{
	struct elf_form f = ELF_FORM(cd->arch);
	struct elf_shdr s = { .type = SHT_NULL, .size = 1, .info = segs };
	unsigned char buf[64];

	elf_rec_put(ELF_SHDR, f, buf, &s);
	return outfile_write(o, buf, elf_rec_size(ELF_SHDR, f));
}

int core_write(const struct coredump *cd, struct outfile *o, core_fill_fn fill, void *ctx)
{
	struct elf_form f = ELF_FORM(cd->arch);
	size_t segs = cd->nmap + 1, phsz = elf_rec_size(ELF_PHDR, f);
	uint64_t notes_off = elf_rec_size(ELF_EHDR, f) + segs * phsz;
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
 * fill_files_note in fs/binfmt_elf.c, laid out for the task's class and byte
 * order whatever procbox's own ---- */

int note_insert(struct notebuf *nb, size_t at, const void *p, size_t n)
{
	if (!n)
		return 0;
	nb->p = xgrow(nb->p, &nb->cap, nb->n + n, 1);
	memmove(nb->p + at + n, nb->p + at, nb->n - at);
	memcpy(nb->p + at, p, n);
	nb->n += n;
	return 0;
}

int note_append(struct notebuf *nb, const void *p, size_t n)
{
	return note_insert(nb, nb->n, p, n);
}

int note_add(struct notebuf *nb, const struct arch *a, const char *name, uint32_t type, const void *desc,
	     size_t size)
{
	uint32_t namesz = strlen(name) + 1;
	size_t nlen = (namesz + 3) & ~3u, dlen = (size + 3) & ~(size_t)3;
	unsigned char *p;

	nb->p = xgrow(nb->p, &nb->cap, nb->n + 12 + nlen + dlen, 1);
	p = nb->p + nb->n;
	memset(p, 0, 12 + nlen + dlen);
	put32(p, namesz, a->byteorder), put32(p + 4, size, a->byteorder), put32(p + 8, type, a->byteorder);
	memcpy(p + 12, name, namesz);
	if (size)
		memcpy(p + 12 + nlen, desc, size);
	nb->n += 12 + nlen + dlen;
	return 0;
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

int note_prpsinfo(struct notebuf *nb, const struct arch *a, const struct proc_facts *p)
{
	int st = state_index(p->state);
	struct elf_prpsinfo i = {
		.state = st, .sname = "RSDTZW"[st], .zomb = "RSDTZW"[st] == 'Z', .nice = p->nice,
		.flag = p->flags, .uid = p->uid, .gid = p->gid,
		.pid = p->pid, .ppid = p->ppid, .pgrp = p->pgrp, .sid = p->sid,
	};
	unsigned char d[256] = { 0 };

	/* arm's __kernel_uid_t is 16 bits: the kernel munges larger ids to 65534 */
	if (a->elfclass == ELFCLASS32) {
		i.uid = p->uid > 0xffff ? 65534 : p->uid;
		i.gid = p->gid > 0xffff ? 65534 : p->gid;
	}
	memcpy(i.fname, p->fname, 16), memcpy(i.psargs, p->psargs, 80);
	elf_rec_put(ELF_PRPSINFO, ELF_FORM(a), d, &i);
	return note_add(nb, a, "CORE", NT_PRPSINFO, d, a->prpsinfo_size);
}

int note_prstatus(struct notebuf *nb, const struct arch *a, const struct proc_facts *p,
		  const struct thread_facts *t, int cursig, const void *pr_reg, int fpvalid)
{
	struct elf_prstatus_head h = {
		.si_signo = cursig, .cursig = cursig, .sigpend = t->sigpend, .sighold = t->sighold,
		.pid = t->tid, .ppid = p->ppid, .pgrp = p->pgrp, .sid = p->sid,
		.utime_sec = t->utime / 1000000, .utime_usec = t->utime % 1000000,
		.stime_sec = t->stime / 1000000, .stime_usec = t->stime % 1000000,
		.cutime_sec = t->cutime / 1000000, .cutime_usec = t->cutime % 1000000,
		.cstime_sec = t->cstime / 1000000, .cstime_usec = t->cstime % 1000000,
	};
	unsigned char buf[1024] = { 0 };

	elf_rec_put(ELF_PRSTATUS_HEAD, ELF_FORM(a), buf, &h);
	memcpy(buf + a->pr_reg_off, pr_reg, a->pr_reg_size);
	put32(buf + a->pr_reg_off + a->pr_reg_size, fpvalid, a->byteorder);
	return note_add(nb, a, "CORE", NT_PRSTATUS, buf, a->prstatus_size);
}

int note_siginfo(struct notebuf *nb, const struct arch *a, int signo, int32_t sender_pid, uint32_t sender_uid)
{
	struct elf_siginfo i = { .signo = signo, .code = SI_USER, .pid = sender_pid, .uid = sender_uid };
	unsigned char si[128] = { 0 }; /* sizeof(siginfo_t) */

	elf_rec_put(ELF_SIGINFO, ELF_FORM(a), si, &i);
	return note_add(nb, a, "CORE", NT_SIGINFO, si, sizeof(si));
}

size_t core_auxv_len(const struct arch *a, const void *auxv, size_t len)
{
	size_t w = elf_word(ELF_FORM(a));

	for (size_t i = 0; i + 2 * w <= len; i += 2 * w)
		if (word_get((const char *)auxv + i, w, a->byteorder) == 0) /* AT_NULL */
			return i + 2 * w;
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
	size_t w = elf_word(ELF_FORM(a)), off = f->names_len;
	uint64_t v[3] = { start, end, pgoff_pages };

	f->words = xgrow(f->words, &f->words_cap, (f->count + 1) * 3 * w, 1);
	f->names = xgrow(f->names, &f->names_cap, off + strlen(name) + 1, 1);
	for (int i = 0; i < 3; i++)
		word_put(f->words + (f->count * 3 + i) * w, w, v[i], a->byteorder);
	f->count++;
	f->names_len += maps_name_unescape(f->names + off, name);
	return off;
}

int note_file(struct notebuf *nb, const struct arch *a, const struct ntfile *f, uint32_t page_size,
	      size_t nmaps, uint64_t limit)
{
	size_t w = elf_word(ELF_FORM(a)), head = 2 * w, table = f->count * 3 * w;
	/* the kernel's estimate: 64 bytes per mapping, a fifth more while the names do not fit */
	uint64_t est = (uint64_t)nmaps * 64, names_room = (2 + 3 * (uint64_t)nmaps) * w;
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
	d = xmalloc(head + table + f->names_len);
	word_put(d, w, f->count, a->byteorder), word_put(d + w, w, page_size, a->byteorder);
	memcpy(d + head, f->words, table);
	memcpy(d + head + table, f->names, f->names_len);
	r = note_add(nb, a, "CORE", NT_FILE, d, head + table + f->names_len);
	free(d);
	return r;
}

void ntfile_free(struct ntfile *f)
{
	free(f->words);
	free(f->names);
	memset(f, 0, sizeof(*f));
}
