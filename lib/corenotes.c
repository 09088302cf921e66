/* corenotes.c: the contents of the kernel's core notes (fill_prstatus,
 * fill_psinfo, fill_siginfo_note, fill_files_note in fs/binfmt_elf.c), laid
 * out for a 64-bit task or a 32-bit one whatever procbox's own arch */
#include <elf.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "core_layout.h"
#include "elfcore.h"
#include "maps.h"
#include "procbox.h"

#ifndef NT_FILE
#define NT_FILE 0x46494c45
#endif
#ifndef NT_SIGINFO
#define NT_SIGINFO 0x53494749
#endif

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
