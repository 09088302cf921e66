/* livecore.c: what fs/binfmt_elf.c gathers from a dying process, gathered
 * from /proc and ptrace while procbox holds the process stopped: the notes in
 * the kernel's order and the mappings by its rules, then the memory. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "byteorder.h"
#include "dumprules.h"
#include "livecore.h"
#include "maps.h"
#include "pidns.h"
#include "proc.h"
#include "procbox.h"
#include "progress.h"
#include "regs.h"
#include "smaps.h"

#ifndef NT_AUXV
#define NT_AUXV 6
#endif


static uint64_t hex_field(const char *status, const char *key)
{
	const char *v = status ? status_field(status, key) : NULL;

	return v ? strtoull(v, NULL, 16) : 0;
}

static uint64_t ticks_us(long long ticks)
{
	static long hz;

	if (!hz)
		hz = sysconf(_SC_CLK_TCK);
	return ticks > 0 ? (uint64_t)ticks * 1000000 / hz : 0;
}

/* NT_PRPSINFO's facts; the state is the kernel's for a process that is
 * running (dumping), or stopped if it was stopped before procbox came. */
static int proc_info(pid_t pid, const struct attach *a, struct proc_facts *p)
{
	struct proc_stat st;
	char *status, *cmdline;
	const char *v;
	size_t len;

	if (proc_stat_read(pid, 0, &st)) {
		proc_perror(pid, "stat");
		return -1;
	}
	if (!(status = proc_read(pid, "status", NULL)) || !(cmdline = proc_read(pid, "cmdline", &len))) {
		free(status);
		return -1;
	}
	/* the ids as the process's own PID namespace has them, as in the kernel's core */
	*p = (struct proc_facts){ .pid = ns_last(status, "NStgid", pid), .ppid = ns_parent(st.f[4], status),
				 .pgrp = ns_last(status, "NSpgid", st.f[5]), .sid = ns_last(status, "NSsid", st.f[6]),
				 .state = a->group_stopped ? 'T' : 'R', .nice = st.f[19], .flags = st.f[9] };
	if ((v = status_field(status, "Uid")))
		p->uid = strtoul(v, NULL, 10);
	if ((v = status_field(status, "Gid")))
		p->gid = strtoul(v, NULL, 10);
	strncpy(p->fname, st.comm, sizeof(p->fname) - 1);
	core_psargs(p->psargs, cmdline, len);
	free(status);
	free(cmdline);
	return 0;
}

static void thread_info(pid_t pid, pid_t tid, struct thread_facts *t)
{
	struct proc_stat st = { 0 };
	char path[64], *status;

	/* the leader's times are the whole group's, as the kernel reports them */
	proc_stat_read(pid, tid == pid ? 0 : tid, &st);
	snprintf(path, sizeof(path), "/proc/%d/task/%d/status", (int)pid, (int)tid);
	status = read_whole(path, NULL);
	*t = (struct thread_facts){ .tid = ns_last(status, "NSpid", tid), .sigpend = hex_field(status, "SigPnd"),
				   .sighold = hex_field(status, "SigBlk"), .utime = ticks_us(st.f[14]),
				   .stime = ticks_us(st.f[15]), .cutime = ticks_us(st.f[16]),
				   .cstime = ticks_us(st.f[17]) };
	free(status);
}

/* ---- the mappings ---- */

/* A mapped file's mode and links as the kernel sees them, without asking
 * the file system (AT_STATX_DONT_SYNC: FUSE and NFS answer from their cache,
 * as a stopped FUSE daemon or a hung server cannot). Through map_files only
 * (root): a path lookup can block. 0, or -1 unknown. */
static int mapped_file_stat(const struct livecore *lc, const struct region *r, struct statx *sx)
{
	char mf[80];

	snprintf(mf, sizeof(mf), "/proc/%d/map_files/%llx-%llx", (int)lc->mc.mem.mm, (unsigned long long)r->start,
		 (unsigned long long)r->end);
	return statx(AT_FDCWD, mf, AT_STATX_DONT_SYNC, STATX_MODE | STATX_NLINK, sx);
}

/* The kernel dumps the first page of a file mapping at offset 0 if the file
 * is executable, or if the page starts with ELF's magic: read from memory as
 * dump_vma_snapshot() does, when the page is there (the kernel would fault
 * it in from the file, which procbox does not touch while the process is
 * held: an absent page counts as no ELF). */
static int elf_header_page(void *ctx, const struct region *r)
{
	struct livecore *lc = ctx;
	struct statx sx;
	uint64_t e;
	char mag[SELFMAG];

	if (!mapped_file_stat(lc, r, &sx) && (sx.stx_mode & 0111))
		return 1;
	return !pagemap_entries(&lc->mc.pm, r->start, 1, &e) && (e & (PM_PRESENT | PM_SWAPPED)) &&
	       mem_read(&lc->mc.mem, r->start, mag, SELFMAG) == SELFMAG && !memcmp(mag, ELFMAG, SELFMAG);
}

/* The file's link count, or -1 if it cannot be known (not root). */
static long file_links(void *ctx, const struct region *r)
{
	struct statx sx;

	return mapped_file_stat(ctx, r, &sx) ? -1 : (long)sx.stx_nlink;
}

static int process_filter(pid_t pid)
{
	char *s = proc_read(pid, "coredump_filter", NULL);
	int f = s ? (int)strtoul(s, NULL, 16) : DUMP_FILTER_DEFAULT;

	free(s);
	return f;
}

static uint64_t file_note_limit(void)
{
	char *s = read_whole("/proc/sys/kernel/core_file_note_size_limit", NULL);
	uint64_t v = s ? strtoull(s, NULL, 10) : NT_FILE_LIMIT;

	free(s);
	return v;
}

/* The PT_LOADs and NT_FILE by the kernel's rules, from smaps (the kernel's
 * dump_vma_snapshot()) */
static int plan_mappings(struct livecore *lc, int filter, int all)
{
	struct core_plan pl = { .cd = &lc->cd, .files = &lc->files, .all = all,
				.filter = filter < 0 ? process_filter(lc->pid) : filter,
				.elf_header = elf_header_page, .file_links = file_links, .ctx = lc };

	return smaps_read(lc->pid, core_plan_region, &pl);
}

/* ---- the threads ---- */

/* What livecore_gather carries from step to step */
struct gather {
	const struct attach *a;
	size_t first;              /* the thread the kernel writes first */
	struct proc_facts p;
	size_t first_prstatus_end; /* in the notes: the process's go there */
	struct notebuf process;    /* NT_PRPSINFO, NT_SIGINFO, NT_AUXV, NT_FILE */
	struct notebuf sets;       /* one thread's register sets */
	struct notebuf extra_from; /* the first thread's set the arch's extra note is made from */
	unsigned char *room;       /* REGSET_MAX bytes: one set as GETREGSET gives it */
	size_t k;                  /* the thread (in the kernel's order) whose registers regs holds */
	unsigned char regs[512];
};

/* The k-th thread in the kernel's order: first the one that took the
 * signal (here the leader, if it was stopped), then the others as attached */
static const struct attached_thread *nth_thread(const struct gather *g, size_t k)
{
	return &g->a->t[k == 0 ? g->first : k <= g->first ? k - 1 : k];
}

/* The registers of the next stopped thread from the k-th on into g->regs:
 * its arch, g->k its index; NULL when none is left (g->k == a->n) or on an
 * error (reported). A thread that exited meanwhile (SIGKILL) is passed over:
 * the kernel would not dump it either. */
static const struct arch *next_thread_regs(struct gather *g)
{
	for (; g->k < g->a->n; g->k++) {
		const struct attached_thread *t = nth_thread(g, g->k);
		const struct arch *ar;

		if (!t->stopped)
			continue;
		if ((ar = regs_read(t->tid, g->regs, sizeof(g->regs))))
			return ar;
		if (errno != ESRCH) {
			perror_msg("%d: registers of thread %d", (int)g->a->pid, (int)t->tid);
			return NULL;
		}
	}
	return NULL;
}

/* The core's arch, as the kernel's dumper takes the task's register view
 * (task_user_regset_view()): the first thread's layout (an arm64 kernel
 * gives 72 bytes for a 32-bit ARM task). Its registers stay in g->regs. */
static int identify_arch(struct livecore *lc, struct gather *g)
{
	if ((lc->cd.arch = next_thread_regs(g)))
		return 0;
	if (g->k == g->a->n)
		error_msg("%d: no thread could be stopped", (int)g->a->pid);
	return -1;
}

/* One thread's register sets after NT_PRSTATUS, as notes into g->sets;
 * *fpvalid if NT_PRFPREG is among them; the set the arch's extra note is made
 * from copied into g->extra_from (first thread only). A set GETREGSET refuses
 * is left out, as the kernel leaves out one it reports inactive. */
static int thread_sets(struct gather *g, pid_t tid, const struct arch *a, int *fpvalid, int first)
{
	*fpvalid = 0;
	g->sets.n = 0;
	for (size_t i = 0; i < a->nregsets; i++) {
		const struct arch_regset *rs = &a->regsets[i];
		long n = regset_read(tid, rs->type, g->room, REGSET_MAX);

		if (n <= 0)
			continue;
		if (rs->size_in_header && n >= 4 && get32(g->room, a->byteorder) < (unsigned long)n)
			n = get32(g->room, a->byteorder);
		/* GETREGSET gives whole slots (loongarch's NT_PRFPREG: 272 bytes),
		 * the kernel's note what the set holds (268) */
		if (rs->size && n > rs->size)
			n = rs->size;
		if (note_add(&g->sets, a, rs->owner, rs->type, g->room, n))
			return -1;
		*fpvalid |= rs->type == NT_PRFPREG;
		if (first && a->extra_note && rs->type == a->extra_note_from && note_append(&g->extra_from, g->room, n))
			return -1;
	}
	return 0;
}

/* Each thread's notes, as fill_thread_core_info() makes them, into the
 * core's notes in the kernel's order: its NT_PRSTATUS, its other sets. */
static int fill_threads(struct livecore *lc, struct gather *g)
{
	struct notebuf *nb = &lc->cd.notes;

	/* the first thread's registers: identify_arch's */
	for (const struct arch *ar = lc->cd.arch; ar; g->k++, ar = next_thread_regs(g)) {
		pid_t tid = nth_thread(g, g->k)->tid;
		struct thread_facts t;
		int fpvalid;

		if (thread_sets(g, tid, ar, &fpvalid, !g->first_prstatus_end))
			return -1;
		thread_info(lc->pid, tid, &t);
		if (note_prstatus(nb, ar, &g->p, &t, SIGSTOP, g->regs, fpvalid))
			return -1;
		if (!g->first_prstatus_end)
			g->first_prstatus_end = nb->n;
		if (note_append(nb, g->sets.p, g->sets.n))
			return -1;
	}
	return g->k < g->a->n ? -1 : 0;
}

/* The process's notes (fill_psinfo(), fill_siginfo_note(), fill_auxv_note(),
 * fill_files_note()) */
static int fill_process(struct livecore *lc, struct gather *g)
{
	const struct arch *ar = lc->cd.arch;
	struct notebuf *nb = &g->process;
	size_t alen;
	char *auxv = proc_read(lc->pid, "auxv", &alen);
	int r = !auxv || note_prpsinfo(nb, ar, &g->p) || note_siginfo(nb, ar, SIGSTOP, getpid(), getuid()) ||
		note_add(nb, ar, "CORE", NT_AUXV, auxv, core_auxv_len(ar, auxv, alen)) ||
		note_file(nb, ar, &lc->files, lc->cd.page_size, lc->cd.nmap, file_note_limit());

	free(auxv);
	return r ? -1 : 0;
}

/* The notes in write_note_info()'s order: the first thread's NT_PRSTATUS,
 * the process's notes, the first thread's other sets, every other thread's
 * notes; then the arch's extra note (x86's XSAVE layout). */
static int emit_notes(struct livecore *lc, struct gather *g)
{
	const struct arch *ar = lc->cd.arch;
	long n;

	if (note_insert(&lc->cd.notes, g->first_prstatus_end, g->process.p, g->process.n))
		return -1;
	if (!g->extra_from.n || (n = ar->extra_note(g->extra_from.p, g->extra_from.n, g->room, REGSET_MAX)) <= 0)
		return 0;
	return note_add(&lc->cd.notes, ar, "LINUX", ar->extra_note_type, g->room, n);
}

int livecore_gather(struct livecore *lc, const struct attach *a, int filter, int all)
{
	struct gather g = { .a = a, .room = xmalloc(REGSET_MAX) };
	int r;

	memset(lc, 0, sizeof(*lc));
	lc->pid = a->pid;
	lc->cd.page_size = sysconf(_SC_PAGESIZE);
	/* the leader first, where the kernel puts the thread that took the signal */
	for (size_t i = 0; i < a->n; i++)
		if (a->t[i].tid == a->pid && a->t[i].stopped)
			g.first = i;
	r = proc_info(a->pid, a, &g.p) || memcopy_init(&lc->mc, a->pid) || identify_arch(lc, &g) ||
	    plan_mappings(lc, filter, all) || fill_threads(lc, &g) || fill_process(lc, &g) || emit_notes(lc, &g);
	free(g.room);
	free(g.process.p);
	free(g.sets.p);
	free(g.extra_from.p);
	return r ? -1 : 0;
}

/* The vDSO is the same pages in every process of a kernel and ABI: where the
 * target has not touched all of its own, ours are read instead of faulting
 * its in (which would grow its RSS). */
static const void *own_vdso(const struct livecore *lc, const struct core_map *m)
{
	uint64_t len = m->end - m->start, n = len / lc->cd.page_size;
	struct pagemap_counts c = { 0 };
	unsigned long mine = getauxval(AT_SYSINFO_EHDR);
	struct maps own = { 0 };
	const struct region *r;
	int same;

	if (m->special != SPECIAL_VDSO || lc->cd.arch != arch_host() || !mine ||
	    pagemap_count((struct pagemap *)&lc->mc.pm, m->start, m->end, &c) || c.present == n)
		return NULL;
	same = !maps_read(&own, getpid()) && (r = maps_find(&own, mine)) && r->kind == REGION_VDSO &&
	       r->start == mine && r->end - r->start == len;
	maps_free(&own);
	return same ? (const void *)mine : NULL;
}

static int fill(void *ctx, const struct core_map *m, struct outfile *o)
{
	struct livecore *lc = ctx;
	const void *vdso = own_vdso(lc, m);
	struct memfile f = { m->start, m->end, m->pgoff, m->name == NO_NAME ? NULL : lc->files.names + m->name,
			     m->dev, m->inode };

	if (vdso)
		return outfile_write(o, vdso, m->dump);
	return memcopy_range(&lc->mc, m->start, m->dump, m->file ? &f : NULL,
			     m->special ? COPY_ALL_FROM_MEMORY | COPY_EIO_EXPECTED : 0, o);
}

int livecore_write(struct livecore *lc, struct outfile *o)
{
	int r;

	progress_start(lc->cd.data_size);
	r = core_write(&lc->cd, o, fill, lc);
	progress_end();
	return r;
}

int livecore_finish(struct livecore *lc)
{
	int r;

	progress_start(0);
	r = memcopy_finish(&lc->mc);
	progress_end();
	return r;
}

void livecore_free(struct livecore *lc)
{
	coredump_free(&lc->cd);
	ntfile_free(&lc->files);
	if (lc->mc.buf)
		memcopy_free(&lc->mc);
}
