/* pregs: registers of every thread of a live process or of a core file */
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attach.h"
#include "core_read.h"
#include "json.h"
#include "maps.h"
#include "mem.h"
#include "out.h"
#include "proc.h"
#include "procbox.h"

APPLET(pregs, "pregs [options] PID|CORE...",
	"Show each thread's general registers, like gdb's 'info registers'.\n"
	"The process is stopped (ptrace seize, never SIGSTOP) only while they are read.\n"
	"  -t TID      only this thread (repeatable)\n"
	"  -n          do not stop the process: only what /proc gives (pc and sp of\n"
	"              threads blocked in a syscall)\n"
	"  -f          also floating-point and vector registers (and TLS, syscall no.)\n"
	"  --json      JSON output\n");

static const struct option longopts[] = {
	{ "json", no_argument, 0, 'J' },
	{ 0 },
};

struct pregs {
	int json, nostop, fp;
	pid_t only[64];
	int nonly;
	struct maps maps; /* for naming the mapping pc and sp are in (empty for cores) */
};

/* What a thread's header says: comm and state (live), the syscall it is in
 * ("none", its number, "?" if unknown; "" for a core), the signal it held
 * (core). */
struct thread_head {
	pid_t tid;
	char state;
	char name[64];
	char syscall[24];
	int cursig;
};

/* One thread's registers, read while it was stopped, printed after detach. */
enum { MAX_SETS = 4, SET_BYTES = 640 };

struct thread_regs {
	struct thread_head h;
	pid_t tid;
	const struct arch *arch;
	unsigned char reg[512];
	unsigned char set[MAX_SETS][SET_BYTES]; /* -f: the arch's shown regsets, in order */
	long set_len[MAX_SETS];                 /* 0: inactive, not given */
};

static int wanted(const struct pregs *o, pid_t tid)
{
	for (int i = 0; i < o->nonly; i++)
		if (o->only[i] == tid)
			return 1;
	return !o->nonly;
}

/* "<name+0xoff>" for an address inside a mapping */
static void where(const struct pregs *o, uint64_t addr)
{
	const struct region *r = maps_find(&o->maps, addr);
	const char *name;

	if (!r)
		return;
	name = r->name[0] ? r->name : "[anon]";
	if (strrchr(name, '/'))
		name = strrchr(name, '/') + 1;
	out_str(" <");
	out_text(name);
	out_str("+0x");
	out_hex(addr - r->start + (r->kind == REGION_FILE ? r->offset : 0), 0, '0');
	out_char('>');
}

static void print_regs(const struct pregs *o, const struct arch *a, const unsigned char *reg)
{
	for (int i = 0; i < a->nregs; i++) {
		const struct arch_reg *r = &a->regs[i];
		uint64_t v = arch_reg_value(r, reg);
		char hex[24];
		int n;

		if (o->json) {
			out_str(i ? ", " : "");
			json_str(r->name);
			out_str(": \"0x");
			out_hex(v, 0, '0');
			out_char('"');
			continue;
		}
		n = snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)v);
		out_str(r->name);
		for (int k = strlen(r->name); k < 15; k++)
			out_char(' ');
		out_str(hex);
		for (; n < 19; n++)
			out_char(' ');
		if (r->role == ROLE_PC || r->role == ROLE_SP || r->role == ROLE_FP || r->role == ROLE_LR) {
			out_str(hex);
			where(o, v);
		} else if (r->size == 8) {
			out_fmt("%lld", (long long)v);
		} else {
			out_fmt("%d", (int)(uint32_t)v);
		}
		out_char('\n');
	}
}

/* -f: the registers of each set the thread has, after the general ones */
static void print_sets(const struct pregs *o, const struct arch *a, const unsigned char *const set[],
		       const long len[])
{
	for (int i = 0, k = 0; i < a->nregsets; i++) {
		const struct arch_regset *rs = &a->regsets[i];

		if (!rs->nregs || k >= MAX_SETS)
			continue;
		for (int j = 0; len[k] && j < rs->nregs; j++) {
			const struct arch_reg *r = &rs->regs[j];
			char hex[68];

			if (r->off + r->size > len[k])
				continue; /* e.g. tpidr2 in an 8-byte NT_ARM_TLS */
			arch_reg_hex(r, set[k], hex);
			if (o->json) {
				out_str(", ");
				json_str(r->name);
				out_str(": \"");
				out_str(hex);
				out_char('"');
			} else {
				out_str(r->name);
				for (int n = strlen(r->name); n < 15; n++)
					out_char(' ');
				out_str(hex);
				out_char('\n');
			}
		}
		k++;
	}
}

/* /proc/PID/task/TID/syscall: "nr args... sp pc", "-1 sp pc" or "running"
 * (malloc'd, or NULL if the thread is gone) */
static char *thread_syscall(pid_t pid, pid_t tid)
{
	char path[64], *s;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/syscall", (int)pid, (int)tid);
	s = read_whole(path, NULL);
	if (s)
		s[strcspn(s, "\n")] = 0;
	return s;
}

/* The syscall of a /proc syscall line: "none", its number, or "running" */
static void syscall_of_line(const char *line, char sc[24])
{
	snprintf(sc, 24, "%.*s", (int)strcspn(line, " "), line);
	if (!strcmp(sc, "-1"))
		strcpy(sc, "none");
}

static void print_head(struct pregs *o, const struct thread_head *h, int live, int first)
{
	if (o->json) {
		out_fmt("%s\n    {\"tid\": %d, \"name\": ", first ? "" : ",", (int)h->tid);
		json_str(h->name);
		out_fmt(", \"state\": \"%c\", \"syscall\": ", h->state);
		json_str(h->syscall);
		if (h->cursig)
			out_fmt(", \"cursig\": %d", h->cursig);
	} else {
		out_fmt("%sThread %d", first ? "" : "\n", (int)h->tid);
		if (live) {
			out_str(" (");
			out_text(h->name);
			out_fmt(") state %c, syscall %s", h->state, h->syscall);
		}
		if (h->cursig)
			out_fmt(" (signal %d)", h->cursig);
		out_char('\n');
	}
}

/* A JSON object's head: {"pid": N or {"core": PATH, then the arch */
static void begin(struct pregs *o, pid_t pid, const char *core, const char *arch)
{
	if (!o->json)
		return;
	if (core) {
		out_str("{\"core\": ");
		json_str(core);
	} else {
		out_fmt("{\"pid\": %d", (int)pid);
	}
	out_fmt(", \"arch\": \"%s\", \"threads\": [", arch);
}

static void end(struct pregs *o)
{
	if (o->json)
		out_str("\n  ]}");
}

static void thread_regs_out(struct pregs *o, const struct arch *a, const unsigned char *reg,
			    const unsigned char *const set[], const long len[])
{
	if (o->json)
		out_str(", \"registers\": {");
	print_regs(o, a, reg);
	if (o->fp)
		print_sets(o, a, set, len);
	if (o->json)
		out_str("}}");
}

/* -f, live: read the arch's shown regsets; one the kernel refuses is inactive */
static void read_sets(struct thread_regs *t)
{
	for (int i = 0, k = 0; i < t->arch->nregsets && k < MAX_SETS; i++) {
		if (!t->arch->regsets[i].nregs)
			continue;
		t->set_len[k] = regset_read(t->tid, t->arch->regsets[i].type, t->set[k], SET_BYTES);
		if (t->set_len[k] < 0)
			t->set_len[k] = 0;
		k++;
	}
}

/* -n: no ptrace at all. A thread blocked in a syscall shows its sp and pc as
 * the last two fields of /proc/PID/task/TID/syscall; a running one shows none. */
static int regs_nostop(struct pregs *o, pid_t pid)
{
	char path[64], *cmd;
	struct dirent *de;
	DIR *d;
	int k = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	if (!(d = opendir(path))) {
		proc_perror(pid, "task");
		return -1;
	}
	cmd = proc_cmdline(pid);
	begin(o, pid, NULL, arch_host()->name);
	if (!o->json) {
		out_fmt("%d:   ", (int)pid);
		out_text(cmd ? cmd : "");
		out_str(" (not stopped: only what /proc shows)\n");
	}
	free(cmd);
	while ((de = readdir(d))) {
		pid_t tid = parse_pid(de->d_name);
		struct thread_head h = { .tid = tid };
		char *s, *f[9];
		int n = 0;

		if (tid <= 0 || !wanted(o, tid))
			continue;

		if (!(s = thread_syscall(pid, tid)))
			continue; /* the thread ended */
		if (!(h.state = task_stat(pid, tid, h.name, sizeof(h.name))))
			h.state = '?';
		syscall_of_line(s, h.syscall);
		print_head(o, &h, 1, k++ == 0);
		for (char *t = strtok(s, " \n"); t && n < 9; t = strtok(NULL, " \n"))
			f[n++] = t;
		if (n >= 3) {
			uint64_t sp = strtoull(f[n - 2], NULL, 16), pc = strtoull(f[n - 1], NULL, 16);

			if (o->json) {
				out_fmt(", \"registers\": {\"pc\": \"0x%llx\", \"sp\": \"0x%llx\"}}",
					(unsigned long long)pc, (unsigned long long)sp);
			} else {
				out_fmt("pc             0x%-16llx 0x%llx", (unsigned long long)pc, (unsigned long long)pc);
				where(o, pc);
				out_fmt("\nsp             0x%-16llx 0x%llx", (unsigned long long)sp, (unsigned long long)sp);
				where(o, sp);
				out_char('\n');
			}
		} else if (o->json) {
			out_str(", \"registers\": null}");
		} else {
			out_str("(running: no registers without stopping it)\n");
		}
		free(s);
	}
	closedir(d);
	end(o);
	if (o->nonly && !k) {
		error_msg("%d: no such thread", (int)pid);
		return -1;
	}
	return 0;
}

/* Each thread's comm, state and syscall line as /proc shows them before
 * pregs stops it: stopping changes them (a stopped process would show t, or
 * R once let go; an interrupted poll restarts as restart_syscall). Sorted by
 * tid, NULL if there is none (the failure is attach_all's to report). */
struct seen {
	struct thread_head h;
	int in_syscall; /* 1 blocked in one, 0 not, -1 running: unknown */
};

static int by_tid(const void *a, const void *b)
{
	return ((const struct seen *)a)->h.tid - ((const struct seen *)b)->h.tid;
}

static struct seen *threads_seen(pid_t pid, size_t *n)
{
	char path[64];
	struct seen *v = NULL, *p;
	struct dirent *de;
	size_t cap = 0;
	DIR *d;

	*n = 0;
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	if (!(d = opendir(path)))
		return NULL;
	while ((de = readdir(d))) {
		pid_t tid = parse_pid(de->d_name);
		char *line;

		if (tid <= 0)
			continue;
		if (*n == cap) {
			if (!(p = realloc(v, (cap = cap ? 2 * cap : 64) * sizeof(*v))))
				break;
			v = p;
		}
		memset(&v[*n], 0, sizeof(*v));
		v[*n].h.tid = tid;
		if (!(v[*n].h.state = task_stat(pid, tid, v[*n].h.name, sizeof(v[*n].h.name))))
			continue; /* gone */
		line = thread_syscall(pid, tid);
		v[*n].in_syscall = !line || !strncmp(line, "running", 7) ? -1 : strncmp(line, "-1 ", 3) != 0;
		free(line);
		++*n;
	}
	closedir(d);
	qsort(v, *n, sizeof(*v), by_tid);
	return v;
}

/* The header of a thread read while stopped: comm and state from before,
 * the syscall from its registers. orig_rax says -1 outside a syscall; the
 * other arches' number register holds the number only inside one, which
 * only /proc from before can tell. */
static void head_stopped(struct thread_regs *t, pid_t pid, const struct seen *seen, size_t nseen)
{
	struct seen key = { .h.tid = t->tid };
	const struct seen *was = bsearch(&key, seen, nseen, sizeof(*seen), by_tid);
	const struct arch_reg *r = t->arch ? arch_reg_by_role(t->arch, ROLE_SYSNO) : NULL;
	int64_t nr;

	if (was) {
		t->h = was->h;
	} else { /* born while pregs attached: its name, its state unknown */
		t->h.tid = t->tid;
		task_stat(pid, t->tid, t->h.name, sizeof(t->h.name));
		t->h.state = '?';
	}
	strcpy(t->h.syscall, "?");
	if (!r)
		return;
	nr = arch_reg_value(r, t->reg);
	if (r->size == 4)
		nr = (int32_t)nr;
	if (t->arch->sysno_exact ? nr == -1 : was && !was->in_syscall)
		strcpy(t->h.syscall, "none");
	else if (t->arch->sysno_exact || (was && was->in_syscall > 0))
		snprintf(t->h.syscall, sizeof(t->h.syscall), "%lld", (long long)nr);
}

/* Stop, read every wanted thread's registers, let go; -1 (said why) if a
 * thread could not be read or none was wanted. */
static int regs_stopped(struct pregs *o, pid_t pid, struct thread_regs **out, size_t *nout)
{
	struct attach at;
	struct thread_regs *tr;
	struct seen *seen;
	size_t n = 0, nseen;
	int status = 0;

	seen = threads_seen(pid, &nseen);
	/* a thread that cannot be stopped (a vfork parent, a hung read) is
	 * named and left out; the others are shown */
	if (attach_some(&at, pid)) {
		free(seen);
		return -1;
	}
	tr = calloc(at.n ? at.n : 1, sizeof(*tr));
	for (size_t i = 0; tr && i < at.n; i++) {
		if (!wanted(o, at.t[i].tid) || !at.t[i].stopped)
			continue;
		tr[n].tid = at.t[i].tid;
		tr[n].arch = regs_read(at.t[i].tid, tr[n].reg, sizeof(tr[n].reg));
		if (!tr[n].arch && errno == EPROTO)
			error_msg("%d: thread %d: a register layout procbox does not know "
				  "(a 32-bit x86 task?)", (int)pid, (int)at.t[i].tid);
		else if (!tr[n].arch)
			perror_msg("%d: thread %d: PTRACE_GETREGSET", (int)pid, (int)at.t[i].tid);
		else if (o->fp)
			read_sets(&tr[n]);
		status |= !tr[n].arch;
		head_stopped(&tr[n], pid, seen, nseen);
		n++;
	}
	detach_all(&at); /* stopped only while the registers were read */
	free(seen);
	if (!tr) {
		error_msg("%d: out of memory", (int)pid);
		return -1;
	}
	if (o->nonly && !n) {
		error_msg("%d: no such thread", (int)pid);
		status = 1;
	}
	if (status) {
		free(tr);
		return -1;
	}
	*out = tr, *nout = n;
	return 0;
}

static int regs_pid(struct pregs *o, pid_t pid)
{
	struct thread_regs *tr = NULL;
	const char *arch;
	char *cmd;
	size_t n = 0;
	int r;

	if (maps_read(&o->maps, pid))
		return -1;
	r = o->nostop ? regs_nostop(o, pid) : regs_stopped(o, pid, &tr, &n);
	if (o->nostop || r) {
		maps_free(&o->maps);
		return r;
	}
	arch = n ? tr[0].arch->name : "?";
	cmd = proc_cmdline(pid);
	begin(o, pid, NULL, arch);
	if (!o->json) {
		out_fmt("%d:   ", (int)pid);
		out_text(cmd ? cmd : "");
		out_fmt(" (%s)\n", arch);
	}
	free(cmd);
	for (size_t i = 0; i < n; i++) {
		const unsigned char *set[MAX_SETS] = { tr[i].set[0], tr[i].set[1], tr[i].set[2], tr[i].set[3] };

		print_head(o, &tr[i].h, 1, i == 0);
		thread_regs_out(o, tr[i].arch, tr[i].reg, set, tr[i].set_len);
	}
	end(o);
	free(tr);
	maps_free(&o->maps);
	return 0;
}

/* -f, core: the thread's sets shown, in the arch's table's order */
static void core_sets(const struct core *c, struct core_thread *t, const unsigned char *set[], long len[])
{
	const struct arch_regset *rs;
	struct core_note n;

	for (int k = 0; k < MAX_SETS; k++)
		len[k] = 0;
	while ((rs = core_thread_set(c, t, &n))) {
		int k = 0;

		for (const struct arch_regset *q = c->arch->regsets; q < rs; q++)
			k += q->nregs != 0;
		if (rs->nregs && k < MAX_SETS)
			set[k] = n.desc, len[k] = n.descsz;
	}
}

static int regs_core(struct pregs *o, const char *path)
{
	struct core c;
	struct core_thread t;
	size_t pos = 0;
	int r, k = 0;

	if (core_open(&c, path))
		return -1;
	begin(o, 0, path, c.arch->name);
	if (!o->json) {
		out_text(path);
		out_fmt(": core of %s\n", c.arch->name);
	}
	while ((r = core_thread_next(&c, &pos, &t)) > 0) {
		const unsigned char *set[MAX_SETS];
		long len[MAX_SETS];
		struct thread_head h = { .tid = t.tid, .state = '?', .cursig = t.cursig };

		if (!wanted(o, h.tid))
			continue;
		core_sets(&c, &t, set, len);
		print_head(o, &h, 0, k++ == 0);
		thread_regs_out(o, c.arch, t.pr_reg, set, len);
	}
	end(o);
	core_close(&c);
	if (!r && o->nonly && !k) {
		error_msg("%s: no such thread", path);
		r = -1;
	}
	return r < 0 ? -1 : 0;
}

static int on_pid(void *o, pid_t pid)
{
	return regs_pid(o, pid);
}

static int on_core(void *o, const char *path)
{
	return regs_core(o, path);
}

int pregs_main(int argc, char **argv)
{
	struct pregs o = { 0 };
	int c;

	while ((c = opt_next(argc, argv, "ft:n", longopts)) != -1) {
		switch (c) {
		case 'f': o.fp = 1; break;
		case 'n': o.nostop = 1; break;
		case 'J': o.json = 1; break;
		case 't':
			if (o.nonly == 64 || (o.only[o.nonly++] = parse_pid(optarg)) <= 0)
				usage_exit("-t %s: not a thread id (or more than 64)", optarg);
			break;
		}
	}
	return each_target(argc, argv, o.json, on_pid, on_core, &o);
}
