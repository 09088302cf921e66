/* threads.c: the threads of a live process and their registers */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach.h"
#include "procbox.h"
#include "threads.h"

int thread_wanted(const struct thread_pick *p, pid_t tid)
{
	for (int i = 0; i < p->nonly; i++)
		if (p->only[i] == tid)
			return 1;
	return !p->nonly;
}

void thread_pick_add(struct thread_pick *p, pid_t *only, const char *arg)
{
	if (p->nonly == THREAD_PICK_MAX || (only[p->nonly++] = parse_pid(arg)) <= 0)
		usage_exit("-t %s: not a thread id (or more than %d)", arg, THREAD_PICK_MAX);
	p->only = only;
}

int thread_pick_none(const struct thread_pick *p, const char *what, long n)
{
	if (p->nonly && !n) {
		error_msg("%s: no such thread", what);
		return -1;
	}
	return 0;
}

long threads_seen(pid_t pid, const struct thread_pick *p, struct thread_head **heads, struct task_syscall **sc)
{
	pid_t *tids;
	long n = proc_tasks(pid, &tids), k = 0;

	*heads = NULL;
	if (n < 0) {
		proc_perror(pid, "task");
		return -1;
	}
	*heads = xzalloc((n ? n : 1) * sizeof(**heads));
	if (sc)
		*sc = xzalloc((n ? n : 1) * sizeof(**sc));
	for (long i = 0; i < n; i++) {
		struct thread_head *h = &(*heads)[k];
		struct task_syscall s;

		if (!thread_wanted(p, tids[i]) || task_syscall(pid, tids[i], &s) ||
		    !(h->state = task_stat(pid, tids[i], h->name, sizeof(h->name))))
			continue; /* gone */
		h->tid = tids[i];
		h->in_syscall = s.state == SYSCALL_RUNNING ? -1 : s.state == SYSCALL_IN;
		if (s.state == SYSCALL_RUNNING)
			strcpy(h->syscall, "running");
		else if (s.state == SYSCALL_NONE)
			strcpy(h->syscall, "none");
		else
			snprintf(h->syscall, sizeof(h->syscall), "%ld", s.nr);
		if (sc)
			(*sc)[k] = s;
		k++;
	}
	free(tids);
	return k;
}

static int by_tid(const void *a, const void *b)
{
	return ((const struct thread_head *)a)->tid - ((const struct thread_head *)b)->tid;
}

/* The head of a thread read while stopped: comm and state from before (a
 * stopped process shows t, or R once let go; an interrupted poll restarts as
 * restart_syscall), the syscall from its registers. orig_rax says -1 outside
 * a syscall; the other arches' number register holds the number only inside
 * one, which only /proc from before can tell. */
static void head_stopped(struct thread_regs *t, pid_t pid, pid_t tid, const struct thread_head *seen, long nseen)
{
	struct thread_head key = { .tid = tid };
	const struct thread_head *was = bsearch(&key, seen, nseen, sizeof(*seen), by_tid);
	const struct arch_reg *r = t->arch ? arch_reg_by_role(t->arch, ROLE_SYSNO) : NULL;
	int64_t nr;

	if (was) {
		t->h = *was;
	} else { /* born while procbox attached: its name, its state unknown */
		t->h.tid = tid;
		task_stat(pid, tid, t->h.name, sizeof(t->h.name));
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

/* The arch's shown sets; one the kernel refuses is inactive */
static void read_sets(struct thread_regs *t, pid_t tid, unsigned char *room)
{
	for (int i = 0, k = 0; i < t->arch->nregsets && k < THREAD_SETS; i++) {
		long n;

		if (!t->arch->regsets[i].nregs)
			continue;
		n = regset_read(tid, t->arch->regsets[i].type, room, REGSET_MAX);
		t->set_len[k] = n > 0 ? n : 0;
		t->set[k] = n > 0 ? memcpy(xmalloc(n), room, n) : NULL;
		k++;
	}
}

/* One stopped thread: 0, or -1 said why */
static int read_one(pid_t pid, pid_t tid, const struct thread_pick *p, struct thread_regs *t, unsigned char *room)
{
	if (!(t->arch = regs_read(tid, t->reg, sizeof(t->reg)))) {
		if (errno == EPROTO)
			error_msg("%d: thread %d: a register layout procbox does not know (a 32-bit x86 task?)",
				  (int)pid, (int)tid);
		else
			perror_msg("%d: thread %d: PTRACE_GETREGSET", (int)pid, (int)tid);
		return -1;
	}
	if (p->sets)
		read_sets(t, tid, room);
	return p->held ? p->held(p->ctx, t) : 0;
}

int threads_read(pid_t pid, const struct thread_pick *p, struct thread_regs **out, size_t *nout)
{
	struct attach at;
	struct thread_regs *tr;
	struct thread_head *seen;
	unsigned char *room = p->sets ? xmalloc(REGSET_MAX) : NULL;
	long nseen = threads_seen(pid, p, &seen, NULL);
	size_t n = 0, cap = nseen + 4;
	int status = 0;

	if (nseen < 0) {
		free(room);
		return -1;
	}
	/* zeroed by hand, not calloc: its pages touched now, not while held */
	tr = memset(xmalloc(cap * sizeof(*tr)), 0, cap * sizeof(*tr));
	if (attach_some(&at, pid)) {
		free(tr);
		free(seen);
		free(room);
		return -1;
	}
	for (size_t i = 0; i < at.n; i++) {
		pid_t tid = at.t[i].tid;

		if (!thread_wanted(p, tid) || !at.t[i].stopped)
			continue;
		if (n == cap) { /* born since they were counted: room made while held */
			size_t was = cap;

			tr = xgrow(tr, &cap, n + 1, sizeof(*tr));
			memset(tr + was, 0, (cap - was) * sizeof(*tr));
		}
		status |= read_one(pid, tid, p, &tr[n], room);
		head_stopped(&tr[n], pid, tid, seen, nseen);
		n++;
	}
	detach_all(&at); /* stopped only while the registers were read */
	free(seen);
	free(room);
	if (status) {
		threads_free(tr, n);
		return -1;
	}
	*out = tr, *nout = n;
	return 0;
}

void threads_free(struct thread_regs *t, size_t n)
{
	for (size_t i = 0; t && i < n; i++)
		for (int k = 0; k < THREAD_SETS; k++)
			free(t[i].set[k]);
	free(t);
}
