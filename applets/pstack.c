/* pstack: every thread's backtrace, of a live process or of a core file */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "core_read.h"
#include "json.h"
#include "maps.h"
#include "mem.h"
#include "modules.h"
#include "out.h"
#include "proc.h"
#include "procbox.h"
#include "threads.h"
#include "unwind.h"
#include "where.h"

APPLET(pstack, "pstack [options] PID|self|CORE...",
	"Show each thread's backtrace, innermost frame first, like gdb's 'thread apply all bt'.\n"
	"The process is stopped (ptrace seize, never SIGSTOP) only while each thread's\n"
	"registers and stack are copied; the frames are found once it runs again.\n"
	"  -t TID      only this thread (repeatable)\n"
	"  -n MAX      at most MAX frames per thread (default 64)\n"
	"  -e EXE      a core's executable (as 'gdb EXE CORE')\n"
	"  --sysroot DIR  a core's files under DIR (DIR/path in the core)\n"
	"  --no-stop   do not stop the process: threads blocked in a syscall, from\n"
	"              the pc and sp /proc shows (no registers: scanned)\n"
	"  --json      JSON output\n");

static const struct option longopts[] = {
	{ "json", no_argument, 0, 'J' },
	{ "no-stop", no_argument, 0, 'N' },
	{ "sysroot", required_argument, 0, 'S' },
	{ 0 },
};

enum { STACK_COPY = 256 << 10, FRAMES_MAX = 1024 };

struct pstack {
	int json, nostop, max;
	pid_t only[64];
	struct thread_pick pick;
	const char *exe, *sysroot;
	/* the target being shown */
	pid_t pid;
	struct maps maps;
	struct mem mem;
	const struct core *core;
	const struct module *exe_module;
};

/* A thread's stack from sp up, copied while it was held */
struct stack_copy {
	uint64_t lo;
	size_t len;
	uint8_t bytes[];
};

struct reader {
	struct pstack *o;
	const struct stack_copy *copy;
};

/* The task's memory: the stack copy, else the process as it runs now (or
 * the core's segments) */
static int read_mem(void *ctx, uint64_t addr, void *buf, size_t n)
{
	const struct reader *r = ctx;
	const struct stack_copy *s = r->copy;

	if (s && addr >= s->lo && addr - s->lo <= s->len && n <= s->len - (addr - s->lo)) {
		memcpy(buf, s->bytes + (addr - s->lo), n);
		return 0;
	}
	if (r->o->core)
		return core_mem_read(r->o->core, addr, buf, n);
	return mem_read(&r->o->mem, addr, buf, n) == (ssize_t)n ? 0 : -1;
}

/* While the thread is held: its stack, up to STACK_COPY bytes of its mapping */
static int copy_stack(void *ctx, struct thread_regs *t)
{
	struct pstack *o = ctx;
	uint64_t sp = arch_reg_value(arch_reg_by_role(t->arch, ROLE_SP), t->reg);
	const struct region *r = maps_find(&o->maps, sp);
	size_t len = r ? (r->end - sp > STACK_COPY ? STACK_COPY : r->end - sp) : 0;
	struct stack_copy *s = xmalloc(sizeof(*s) + len);
	ssize_t got = len ? mem_read(&o->mem, sp, s->bytes, len) : 0;

	s->lo = sp, s->len = got > 0 ? got : 0;
	t->kept = s;
	return 0;
}

/* A live process's file: through map_files (the mapped inode itself), else
 * by its path in the process's root, if it is still the inode mapped */
static int open_live(void *ctx, struct module *m)
{
	struct pstack *o = ctx;
	char path[4200];
	struct stat st;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/map_files/%llx-%llx", (int)o->pid, (unsigned long long)m->map_start,
		 (unsigned long long)m->map_end);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0)
		return fd;
	snprintf(path, sizeof(path), "/proc/%d/root%s", (int)o->pid, m->name);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
		return -1;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_ino != m->inode ||
	    ((uint64_t)major(st.st_dev) << 32 | minor(st.st_dev)) != m->dev) {
		close(fd);
		return -1;
	}
	return fd;
}

/* A core's file: -e for its executable, else DIR/path (--sysroot) or path */
static int open_core(void *ctx, struct module *m)
{
	struct pstack *o = ctx;
	char path[4200];

	if (o->exe && m == o->exe_module)
		return open(o->exe, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	snprintf(path, sizeof(path), "%s%s", o->sysroot ? o->sysroot : "", m->name);
	return open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
}

static void print_frame(struct pstack *o, struct modules *ms, int i, const struct frame *f)
{
	uint64_t at = f->caller ? f->pc - 1 : f->pc, off = 0;
	struct module *m = module_at(ms, at);
	const char *fn = m && m->has_syms ? symtab_find(&m->syms, at - m->bias, &off) : NULL;
	uint64_t moff = m ? f->pc - m->start + m->map_pgoff : 0;
	const char *name = NULL;

	if (fn)
		off += f->pc - at;
	if (!m) { /* a mapping that is not an ELF file we could open: still named */
		const struct region *r = maps_find(&o->maps, f->pc);

		name = r && r->name[0] ? r->name : NULL;
		moff = r ? f->pc - r->start + (r->kind == REGION_FILE ? r->offset : 0) : 0;
	} else {
		name = m->name;
	}
	if (o->json) {
		json_open('{');
		json_field_hex("pc", f->pc);
		json_key("function");
		fn ? json_str(fn) : json_literal("null");
		json_field_u64("offset", fn ? off : 0);
		json_key("module");
		name ? json_str(name) : json_literal("null");
		json_field_hex("module_offset", moff);
		json_field_str("how", frame_how_name[f->how]);
		json_close();
		return;
	}
	out_fmt("#%-2d 0x%0*llx in ", i, o->core && o->core->arch->elfclass == ELFCLASS32 ? 8 : 16,
		(unsigned long long)f->pc);
	if (fn) {
		out_text(fn);
		out_fmt("+0x%llx", (unsigned long long)off);
	} else {
		out_str("??");
	}
	if (name) {
		out_str(" (");
		out_text(strrchr(name, '/') ? strrchr(name, '/') + 1 : name);
		out_fmt("+0x%llx)", (unsigned long long)moff);
	}
	if (f->how > HOW_CFI)
		out_fmt(" [%s]", frame_how_name[f->how]);
	out_char('\n');
}

static void print_thread(struct pstack *o, struct modules *ms, const struct thread_head *h, int live,
			 const struct frame *f, int n, int first)
{
	if (o->json) {
		json_open('{');
		json_field_u64("tid", h->tid);
		json_field_str("name", h->name);
		if (live) {
			json_field_str("state", (char[]){ h->state, 0 });
			json_field_str("syscall", h->syscall);
		}
		if (h->cursig)
			json_field_u64("cursig", h->cursig);
		json_key("frames");
		json_open('[');
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
	for (int i = 0; i < n; i++)
		print_frame(o, ms, i, &f[i]);
	if (o->json) {
		json_close();
		json_close();
	}
}

static void begin(struct pstack *o, const char *core, const char *arch, const char *note)
{
	if (o->json) {
		json_open('{');
		if (core)
			json_field_str("core", core);
		else
			json_field_u64("pid", o->pid);
		json_field_str("arch", arch);
		json_key("threads");
		json_open('[');
	} else if (core) {
		out_text(core);
		out_fmt(": core of %s\n", arch);
	} else {
		char *cmd = proc_cmdline(o->pid);

		out_fmt("%d:   ", (int)o->pid);
		out_text(cmd ? cmd : "");
		out_fmt(" (%s)\n", note);
		free(cmd);
	}
}

static void end(struct pstack *o)
{
	if (o->json) {
		json_close();
		json_close();
	}
}

static int no_thread(const struct pstack *o, const char *what, long n)
{
	if (o->pick.nonly && !n) {
		error_msg("%s: no such thread", what);
		return -1;
	}
	return 0;
}

static int stack_pid(struct pstack *o, pid_t pid)
{
	struct thread_regs *tr = NULL;
	struct thread_head *h = NULL;
	struct task_syscall *sc = NULL;
	struct frame *f = xmalloc(o->max * sizeof(*f));
	struct modules ms;
	struct unwinder u;
	struct reader rd = { o, NULL };
	size_t n = 0;
	long k = 0;
	char what[16];
	int r;

	o->pid = pid, o->core = NULL;
	snprintf(what, sizeof(what), "%d", (int)pid);
	if (maps_read(&o->maps, pid)) {
		free(f);
		return -1;
	}
	mem_init(&o->mem, pid);
	o->pick.held = copy_stack, o->pick.ctx = o;
	if (o->nostop)
		r = (k = threads_seen(pid, &o->pick, &h, &sc)) < 0 ? -1 : no_thread(o, what, k);
	else if (!(r = threads_read(pid, &o->pick, &tr, &n)) && no_thread(o, what, n))
		r = -1;
	if (!r) {
		const struct arch *a = o->nostop ? arch_host() : n ? tr[0].arch : arch_host();

		modules_init(&ms, a, &o->maps);
		ms.open = open_live, ms.ctx = o;
		u = (struct unwinder){ a, &ms, &o->maps, read_mem, &rd, 64 << 10 };
		begin(o, NULL, a->name, o->nostop ? "not stopped: only what /proc shows" : a->name);
		for (size_t i = 0; i < (o->nostop ? (size_t)k : n); i++) {
			int nf = 0;

			if (o->nostop) {
				if (sc[i].regs)
					nf = unwind_pc_sp(&u, sc[i].pc, sc[i].sp, f, o->max);
				print_thread(o, &ms, &h[i], 1, f, nf, i == 0);
				continue;
			}
			rd.copy = tr[i].kept;
			nf = unwind(&u, tr[i].reg, f, o->max);
			print_thread(o, &ms, &tr[i].h, 1, f, nf, i == 0);
		}
		end(o);
		modules_free(&ms);
	}
	for (size_t i = 0; i < n; i++)
		free(tr[i].kept);
	threads_free(tr, n);
	free(h);
	free(sc);
	free(f);
	mem_close(&o->mem);
	maps_free(&o->maps);
	return r;
}

static int stack_core(struct pstack *o, const char *path)
{
	struct core c;
	struct core_thread t;
	struct frame *f;
	struct modules ms;
	struct unwinder u;
	struct reader rd = { o, NULL };
	size_t pos = 0;
	int r, k = 0;

	if (core_open(&c, path))
		return -1;
	if (maps_of_core(&o->maps, &c)) {
		core_close(&c);
		return -1;
	}
	o->core = &c, o->pid = 0;
	modules_init(&ms, c.arch, &o->maps);
	ms.open = open_core, ms.ctx = o;
	o->exe_module = ms.n ? &ms.m[0] : NULL;
	for (size_t i = 0; o->exe && i < ms.n; i++) {
		const char *b = strrchr(ms.m[i].name, '/'), *e = strrchr(o->exe, '/');

		if (!strcmp(b ? b + 1 : ms.m[i].name, e ? e + 1 : o->exe))
			o->exe_module = &ms.m[i];
	}
	u = (struct unwinder){ c.arch, &ms, &o->maps, read_mem, &rd, 64 << 10 };
	f = xmalloc(o->max * sizeof(*f));
	begin(o, path, c.arch->name, NULL);
	while ((r = core_thread_next(&c, &pos, &t)) > 0) {
		struct thread_head h = { .tid = t.tid, .state = '?', .cursig = t.cursig };

		if (!thread_wanted(&o->pick, h.tid))
			continue;
		print_thread(o, &ms, &h, 0, f, unwind(&u, t.pr_reg, f, o->max), k++ == 0);
	}
	end(o);
	free(f);
	modules_free(&ms);
	maps_free(&o->maps);
	core_close(&c);
	o->core = NULL;
	if (!r && no_thread(o, path, k))
		r = -1;
	return r < 0 ? -1 : 0;
}

static int on_pid(void *o, pid_t pid)
{
	return stack_pid(o, pid);
}

static int on_core(void *o, const char *path)
{
	return stack_core(o, path);
}

int pstack_main(int argc, char **argv)
{
	struct pstack o = { .max = 64 };
	char *end;
	int c;

	o.pick.only = o.only;
	while ((c = opt_next(argc, argv, "t:n:e:", longopts)) != -1) {
		switch (c) {
		case 'J': o.json = 1; break;
		case 'N': o.nostop = 1; break;
		case 'S': o.sysroot = optarg; break;
		case 'e': o.exe = optarg; break;
		case 'n':
			o.max = strtol(optarg, &end, 10);
			if (*end || o.max < 1 || o.max > FRAMES_MAX)
				usage_exit("-n %s: not a number of frames (1 to %d)", optarg, FRAMES_MAX);
			break;
		case 't':
			if (o.pick.nonly == 64 || (o.only[o.pick.nonly++] = parse_pid(optarg)) <= 0)
				usage_exit("-t %s: not a thread id (or more than 64)", optarg);
			break;
		}
	}
	return each_target(argc, argv, o.json, on_pid, on_core, &o);
}
