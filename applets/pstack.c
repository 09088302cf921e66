/* pstack: every thread's backtrace, of a live process or of a core file */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "byteorder.h"
#include "core_read.h"
#include "json.h"
#include "maps.h"
#include "mem.h"
#include "modules.h"
#include "out.h"
#include "proc.h"
#include "procbox.h"
#include "thread_out.h"
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

/* copied from each thread's stack at most; room made beforehand per thread,
 * for as many threads as that fills at most (more take room while held) */
enum { STACK_COPY = 256 << 10, STACK_ROOM = 4 << 10, ROOM_MAX = 4 << 20, FRAMES_MAX = 1024 };

struct pstack {
	int json, nostop, max;
	pid_t only[THREAD_PICK_MAX];
	struct thread_pick pick;
	const char *exe, *sysroot;
	/* the target being shown */
	pid_t pid;
	struct maps maps;
	struct mem mem;
	struct arena stacks; /* the stack copies */
	const struct core *core;
};

/* A thread's stack from sp up, copied while it was held */
struct stack_copy {
	uint64_t lo;
	size_t len;
	uint64_t pac_mask; /* arm64: the thread's PAC insn mask, 0 if none */
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

/* arm64: the insn mask of NT_ARM_PAC_MASK, read by get (0: none) */
static uint64_t pac_mask(const struct arch *a, long (*get)(pid_t, unsigned, void *, size_t), pid_t tid)
{
	uint8_t set[16];

	if (!a->unwind->pac_set || get(tid, a->unwind->pac_set, set, sizeof(set)) != sizeof(set))
		return 0;
	return word_get(set + a->unwind->pac_insn_off, 8, a->byteorder);
}

/* While the thread is held: its stack, up to STACK_COPY bytes of its mapping */
static int copy_stack(void *ctx, struct thread_regs *t)
{
	struct pstack *o = ctx;
	uint64_t sp = arch_reg_value(arch_reg_by_role(t->arch, ROLE_SP), t->reg);
	const struct region *r = maps_find(&o->maps, sp);
	size_t len = r ? (r->end - sp > STACK_COPY ? STACK_COPY : r->end - sp) : 0;
	struct stack_copy *s = arena_alloc(&o->stacks, sizeof(*s) + len);
	ssize_t got = len ? mem_read(&o->mem, sp, s->bytes, len) : 0;

	s->lo = sp, s->len = got > 0 ? got : 0;
	s->pac_mask = pac_mask(t->arch, regset_read, t->h.tid);
	t->kept = s;
	return 0;
}

static void print_frame(struct pstack *o, struct modules *ms, int i, const struct frame *f)
{
	struct symbol sym;

	module_symbol(ms, &o->maps, f->pc, f->caller, &sym);
	if (o->json) {
		json_open('{');
		json_field_hex("pc", f->pc);
		json_key("function");
		sym.function ? json_str(sym.function) : json_literal("null");
		json_field_u64("offset", sym.offset);
		json_key("module");
		sym.module ? json_str(sym.module) : json_literal("null");
		json_field_hex("module_offset", sym.module_offset);
		json_field_str("how", frame_how_name[f->how]);
		json_close();
		return;
	}
	out_fmt("#%-2d 0x%0*llx in ", i, ms->arch->elfclass == ELFCLASS32 ? 8 : 16, (unsigned long long)f->pc);
	out_symbol(&sym);
	if (f->how > HOW_CFI)
		out_fmt(" [%s]", frame_how_name[f->how]);
	out_char('\n');
}

static void print_thread(struct pstack *o, struct modules *ms, const struct thread_head *h, int live,
			 const struct frame *f, int n, int first)
{
	out_thread_head(o->json, h, live, first);
	if (o->json) {
		json_key("frames");
		json_open('[');
	}
	for (int i = 0; i < n; i++)
		print_frame(o, ms, i, &f[i]);
	if (o->json) {
		json_close();
		json_close();
	}
}

/* The modules frames were found in, with their build ids; and ends the
 * target's listing */
static void print_modules(const struct pstack *o, const struct modules *ms)
{
	char id[2 * ELF_BUILD_ID_MAX + 1];
	int w = ms->arch->elfclass == ELFCLASS32 ? 8 : 16, first = 1;

	if (o->json) {
		json_close(); /* the threads */
		json_key("modules");
		json_open('[');
	}
	for (size_t i = 0; i < ms->n; i++) {
		const struct module *m = &ms->m[i];

		if (!m->named)
			continue;
		elf_build_id_hex(m->id, m->id_len, id);
		if (o->json) {
			json_open('{');
			json_field_str("name", m->name);
			json_field_hex("start", m->start);
			json_field_hex("end", m->end);
			json_key("build_id");
			*id ? json_str(id) : json_literal("null");
			json_key("unusable");
			m->unusable ? json_str(m->unusable) : json_literal("null");
			json_close();
			continue;
		}
		out_str(first ? "\nModules:\n" : "");
		out_fmt("0x%0*llx-0x%0*llx ", w, (unsigned long long)m->start, w, (unsigned long long)m->end);
		out_text(m->name);
		out_fmt("%s%s", *id ? " build-id " : "", id);
		if (m->unusable)
			out_fmt(" (%s)", m->unusable);
		out_char('\n');
		first = 0;
	}
	if (o->json) {
		json_close();
		json_close(); /* the target */
	}
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
	mem_open(&o->mem); /* not while held; a failure shows at the first read */
	o->pick.held = copy_stack, o->pick.ctx = o;
	if (o->nostop)
		r = (k = threads_seen(pid, &o->pick, &h, &sc)) < 0 ? -1 : thread_pick_none(&o->pick, what, k);
	else {
		long nt = proc_thread_count(pid);

		arena_reserve(&o->stacks, nt > 0 && nt < ROOM_MAX / STACK_ROOM ? (nt + 4) * STACK_ROOM : ROOM_MAX);
		if (!(r = threads_read(pid, &o->pick, &tr, &n)) && thread_pick_none(&o->pick, what, n))
			r = -1;
	}
	if (!r) {
		const struct arch *a = o->nostop ? arch_host() : n ? tr[0].arch : arch_host();

		modules_init(&ms, a, &o->maps, pid, NULL, NULL);
		ms.read = read_mem, ms.read_ctx = &rd;
		u = (struct unwinder){ .arch = a, .mods = &ms, .maps = &o->maps, .read = read_mem, .ctx = &rd, .scan_bytes = 64 << 10 };
		out_threads_begin(o->json, pid, NULL, a->name, o->nostop ? "not stopped: only what /proc shows" : a->name);
		for (size_t i = 0; i < (o->nostop ? (size_t)k : n); i++) {
			int nf = 0;

			if (o->nostop) {
				if (sc[i].regs)
					nf = unwind_pc_sp(&u, sc[i].pc, sc[i].sp, f, o->max);
				print_thread(o, &ms, &h[i], 1, f, nf, i == 0);
				continue;
			}
			rd.copy = tr[i].kept;
			u.pac_mask = rd.copy ? rd.copy->pac_mask : 0;
			nf = unwind(&u, tr[i].reg, f, o->max);
			print_thread(o, &ms, &tr[i].h, 1, f, nf, i == 0);
		}
		print_modules(o, &ms);
		modules_free(&ms);
	}
	arena_free(&o->stacks);
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
	if (maps_of_core(&o->maps, &c, o->exe)) {
		core_close(&c);
		return -1;
	}
	o->core = &c, o->pid = 0;
	modules_init(&ms, c.arch, &o->maps, 0, o->sysroot, o->exe);
	ms.read = read_mem, ms.read_ctx = &rd;
	u = (struct unwinder){ .arch = c.arch, .mods = &ms, .maps = &o->maps, .read = read_mem, .ctx = &rd, .scan_bytes = 64 << 10 };
	f = xmalloc(o->max * sizeof(*f));
	out_threads_begin(o->json, 0, path, c.arch->name, NULL);
	while ((r = core_thread_next(&c, &pos, &t)) > 0) {
		struct thread_head h = { .tid = t.tid, .state = '?', .cursig = t.cursig };

		const struct arch_regset *rs;
		struct core_note n;

		if (!thread_wanted(&o->pick, h.tid))
			continue;
		u.pac_mask = 0;
		while ((rs = core_thread_set(&c, &t, &n)))
			if (rs->type == c.arch->unwind->pac_set && c.arch->unwind->pac_set && n.descsz == 16)
				u.pac_mask = word_get(n.desc + c.arch->unwind->pac_insn_off, 8, c.arch->byteorder);
		print_thread(o, &ms, &h, 0, f, unwind(&u, t.pr_reg, f, o->max), k++ == 0);
	}
	print_modules(o, &ms);
	free(f);
	modules_free(&ms);
	maps_free(&o->maps);
	core_close(&c);
	o->core = NULL;
	if (!r && thread_pick_none(&o->pick, path, k))
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
			thread_pick_add(&o.pick, o.only, optarg);
			break;
		}
	}
	return each_target(argc, argv, o.json, on_pid, on_core, &o);
}
