/* pregs: registers of every thread of a live process or of a core file */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "core_read.h"
#include "json.h"
#include "maps.h"
#include "modules.h"
#include "out.h"
#include "proc.h"
#include "procbox.h"
#include "thread_out.h"
#include "threads.h"
#include "where.h"

APPLET(pregs, "pregs [options] PID|self|CORE...",
	"Show each thread's general registers, like gdb's 'info registers'.\n"
	"The process is stopped (ptrace seize, never SIGSTOP) only while they are read.\n"
	"  -t TID      only this thread (repeatable)\n"
	"  --no-stop, -n  do not stop the process: only what /proc gives (pc and sp\n"
	"              of threads blocked in a syscall)\n"
	"  -f          also floating-point and vector registers (and TLS, syscall no.)\n"
	"  --json      JSON output\n");

static const struct option longopts[] = {
	{ "json", no_argument, 0, 'J' },
	{ "no-stop", no_argument, 0, 'n' },
	{ 0 },
};

struct pregs {
	int json, nostop;
	pid_t only[THREAD_PICK_MAX];
	struct thread_pick pick; /* -t, -f */
	struct maps maps;        /* naming the mapping pc, sp, fp and lr are in */
	struct modules mods;     /* and the function pc and lr are in */
};

static void reg_line(const char *name, const char *hex)
{
	out_str(name);
	for (int k = strlen(name); k < 15; k++)
		out_char(' ');
	out_str(hex);
}

static void print_regs(struct pregs *o, const struct arch *a, const unsigned char *reg)
{
	for (int i = 0; i < a->nregs; i++) {
		const struct arch_reg *r = &a->regs[i];
		uint64_t v = arch_reg_value(r, reg);
		char hex[24];

		if (o->json) {
			json_key(r->name);
			json_hex(v);
			continue;
		}
		snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)v);
		reg_line(r->name, hex);
		for (int n = strlen(hex); n < 19; n++)
			out_char(' ');
		if (r->role == ROLE_PC || r->role == ROLE_SP || r->role == ROLE_FP || r->role == ROLE_LR) {
			struct symbol sym;

			out_str(hex);
			/* code: its function, where the file has symbols (lr: a return address) */
			if ((r->role == ROLE_PC || r->role == ROLE_LR) &&
			    module_symbol(&o->mods, &o->maps, v, r->role == ROLE_LR, &sym)) {
				out_str(" <");
				out_text(sym.function);
				out_fmt("+0x%llx> (", (unsigned long long)sym.offset);
				out_text(sym.module);
				out_fmt("+0x%llx)", (unsigned long long)sym.module_offset);
			} else {
				out_where(&o->maps, v);
			}
		} else {
			out_fmt("%lld", r->size == 8 ? (long long)v : (long long)(int32_t)v);
		}
		out_char('\n');
	}
}

/* -f: the registers of each set the thread has, after the general ones */
static void print_sets(const struct pregs *o, const struct arch *a, const unsigned char *const set[],
		       const long len[])
{
	for (int i = 0, k = 0; i < a->nregsets && k < THREAD_SETS; i++) {
		const struct arch_regset *rs = &a->regsets[i];

		if (!rs->nregs)
			continue;
		for (int j = 0; len[k] && j < rs->nregs; j++) {
			const struct arch_reg *r = &rs->regs[j];
			char hex[68];

			if (r->off + r->size > len[k])
				continue; /* e.g. tpidr2 in an 8-byte NT_ARM_TLS */
			arch_reg_hex(r, set[k], hex);
			if (o->json) {
				json_key(r->name);
				json_str(hex);
			} else {
				reg_line(r->name, hex);
				out_char('\n');
			}
		}
		k++;
	}
}

static void thread_out(struct pregs *o, const struct arch *a, const unsigned char *reg,
		       const unsigned char *const set[], const long len[])
{
	if (o->json) {
		json_key("registers");
		json_open('{');
	}
	print_regs(o, a, reg);
	if (o->pick.sets)
		print_sets(o, a, set, len);
	if (o->json) {
		json_close();
		json_close();
	}
}

/* --no-stop: no ptrace at all. A thread blocked in a syscall shows its sp and
 * pc as the last two fields of /proc/PID/task/TID/syscall; a running one none. */
static int regs_nostop(struct pregs *o, pid_t pid)
{
	struct thread_head *h;
	struct task_syscall *sc;
	long n = threads_seen(pid, &o->pick, &h, &sc);
	char what[16];

	snprintf(what, sizeof(what), "%d", (int)pid);
	if (n < 0 || thread_pick_none(&o->pick, what, n)) {
		free(h);
		free(sc);
		return -1;
	}
	out_threads_begin(o->json, pid, NULL, arch_host()->name, "not stopped: only what /proc shows");
	for (long i = 0; i < n; i++) {
		out_thread_head(o->json, &h[i], 1, i == 0);
		if (o->json) {
			json_key("registers");
			if (sc[i].regs) {
				json_open('{');
				json_key("pc");
				json_hex(sc[i].pc);
				json_key("sp");
				json_hex(sc[i].sp);
				json_close();
			} else {
				json_literal("null");
			}
			json_close();
		} else if (sc[i].regs) {
			out_fmt("pc             0x%-16llx 0x%llx", (unsigned long long)sc[i].pc, (unsigned long long)sc[i].pc);
			out_where(&o->maps, sc[i].pc);
			out_fmt("\nsp             0x%-16llx 0x%llx", (unsigned long long)sc[i].sp, (unsigned long long)sc[i].sp);
			out_where(&o->maps, sc[i].sp);
			out_char('\n');
		} else {
			out_str("(running: no registers without stopping it)\n");
		}
	}
	out_threads_end(o->json);
	free(h);
	free(sc);
	return 0;
}

static int regs_pid(struct pregs *o, pid_t pid)
{
	struct thread_regs *tr = NULL;
	size_t n = 0;
	char what[16];
	int r;

	if (maps_read(&o->maps, pid))
		return -1;
	snprintf(what, sizeof(what), "%d", (int)pid);
	/* a thread that cannot be stopped (a vfork parent, a hung read) is
	 * named and left out; the others are shown */
	r = o->nostop ? regs_nostop(o, pid) : threads_read(pid, &o->pick, &tr, &n);
	if (!r && !o->nostop && thread_pick_none(&o->pick, what, n)) {
		threads_free(tr, n);
		r = -1;
	}
	if (!o->nostop && !r) {
		const char *arch = n ? tr[0].arch->name : "?";

		/* the files are opened now that the process runs */
		modules_init(&o->mods, n ? tr[0].arch : arch_host(), &o->maps, pid, NULL, NULL);
		out_threads_begin(o->json, pid, NULL, arch, arch);
		for (size_t i = 0; i < n; i++) {
			out_thread_head(o->json, &tr[i].h, 1, i == 0);
			thread_out(o, tr[i].arch, tr[i].reg, (const unsigned char *const *)tr[i].set, tr[i].set_len);
		}
		out_threads_end(o->json);
		threads_free(tr, n);
		modules_free(&o->mods);
	}
	maps_free(&o->maps);
	return r;
}

/* -f, core: the thread's sets shown, in the arch's table's order */
static void core_sets(const struct core *c, struct core_thread *t, const unsigned char *set[], long len[])
{
	const struct arch_regset *rs;
	struct core_note n;

	for (int k = 0; k < THREAD_SETS; k++)
		len[k] = 0;
	while ((rs = core_thread_set(c, t, &n))) {
		int k = 0;

		for (const struct arch_regset *q = c->arch->regsets; q < rs; q++)
			k += q->nregs != 0;
		if (rs->nregs && k < THREAD_SETS)
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
	if (maps_of_core(&o->maps, &c, NULL)) {
		core_close(&c);
		return -1;
	}
	modules_init(&o->mods, c.arch, &o->maps, 0, NULL, NULL);
	out_threads_begin(o->json, 0, path, c.arch->name, NULL);
	while ((r = core_thread_next(&c, &pos, &t)) > 0) {
		const unsigned char *set[THREAD_SETS];
		long len[THREAD_SETS];
		struct thread_head h = { .tid = t.tid, .state = '?', .cursig = t.cursig };

		if (!thread_wanted(&o->pick, h.tid))
			continue;
		core_sets(&c, &t, set, len);
		out_thread_head(o->json, &h, 0, k++ == 0);
		thread_out(o, c.arch, t.pr_reg, set, len);
	}
	out_threads_end(o->json);
	modules_free(&o->mods);
	maps_free(&o->maps);
	core_close(&c);
	if (!r && thread_pick_none(&o->pick, path, k))
		r = -1;
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
		case 'f': o.pick.sets = 1; break;
		case 'n': o.nostop = 1; break;
		case 'J': o.json = 1; break;
		case 't':
			thread_pick_add(&o.pick, o.only, optarg);
			break;
		}
	}
	return each_target(argc, argv, o.json, on_pid, on_core, &o);
}
