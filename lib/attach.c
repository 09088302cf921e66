/* attach.c: the one place procbox stops a process.
 *
 * PTRACE_SEIZE + PTRACE_INTERRUPT, never SIGSTOP: a seized thread is detached
 * by the kernel if procbox dies, even by SIGKILL, and runs on; a SIGSTOP'd one
 * would stay stopped. A syscall the thread was blocked in is restarted by the
 * kernel after detach (or returns as it would for any interruption), and a
 * signal that arrived while it was stopped is handed back at detach.
 *
 * No wait is unbounded: a thread that does not stop (a vfork parent, a read
 * from a hung file system: sleeps no interrupt ends) is waited for with a
 * deadline, and the rest of the process is let go rather than held for it. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "attach.h"
#include "fatal.h"
#include "proc.h"
#include "procbox.h"
#include "watchdog.h"

#ifndef PTRACE_EVENT_STOP
#define PTRACE_EVENT_STOP 128
#endif

enum { MAX_PASSES = 100 };

/* The attachment the fatal-signal hook must undo (one at a time per process). */
static struct attach *current;

static void detach_one(struct attached_thread *t)
{
	if (t->stopped)
		ptrace(PTRACE_DETACH, t->tid, 0, (void *)(long)t->pending_sig);
	t->stopped = 0;
}

/* Only async-signal-safe calls: ptrace. */
static void detach_current(void)
{
	if (current)
		for (size_t i = 0; i < current->n; i++)
			detach_one(&current->t[i]);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

unsigned attach_stop_ms(void)
{
	const char *env = getenv("PROCBOX_STOP_MS");

	return env && atol(env) > 0 ? (unsigned)atol(env) : 300;
}

/* "Key:" of /proc/PID/status or /proc/PID/task/TID/status as a number, or -1. */
static long status_num(pid_t pid, pid_t tid, const char *key)
{
	char path[64], *s;
	const char *v;
	long n = -1;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/status", (int)pid, (int)tid);
	if ((s = read_whole(path, NULL)) && (v = status_field(s, key)))
		n = atol(v);
	free(s);
	return n;
}

/* Why PTRACE_SEIZE of thread tid said EPERM, as far as we can tell. */
static void explain_eperm(pid_t pid, pid_t tid)
{
	char *scope = read_whole("/proc/sys/kernel/yama/ptrace_scope", NULL), comm[64], path[32];
	int yama = scope ? atoi(scope) : -1; /* -1: no Yama in this kernel */
	long tracer = status_num(pid, tid, "TracerPid");
	struct stat st;

	free(scope);
	snprintf(path, sizeof(path), "/proc/%d", (int)pid); /* root's when it is not dumpable */
	if (tracer > 0) {
		task_stat(tracer, tracer, comm, sizeof(comm));
		error_msg("%d: thread %d already traced by PID %ld (%s)", (int)pid, (int)tid, tracer, comm);
	} else if (yama == 3)
		error_msg("%d: cannot attach: ptrace is disabled (kernel.yama.ptrace_scope = 3)", (int)pid);
	else if (geteuid() != 0 && !stat(path, &st) && st.st_uid == 0 && status_num(pid, pid, "Uid") != 0)
		error_msg("%d: cannot attach: not root, and it is not dumpable (setuid, or PR_SET_DUMPABLE 0)", (int)pid);
	else if (geteuid() != 0)
		error_msg("%d: cannot attach: not root (run as root, or as its user%s)", (int)pid,
			  yama > 0 ? " with kernel.yama.ptrace_scope = 0" : "");
	else if (yama == 2)
		error_msg("%d: cannot attach: kernel.yama.ptrace_scope = 2 needs CAP_SYS_PTRACE", (int)pid);
	else
		error_msg("%d: cannot attach thread %d: permission denied (an exec in progress, a security "
			  "module, or no CAP_SYS_PTRACE in this namespace)", (int)pid, (int)tid);
}

static struct attached_thread *find(struct attach *a, pid_t tid)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->t[i].tid == tid)
			return &a->t[i];
	return NULL;
}

/* What wait said of a seized thread: 1 stopped, -1 gone, 0 neither. */
static int note_status(struct attached_thread *t, int st)
{
	if (WIFEXITED(st) || WIFSIGNALED(st))
		return -1;
	if (!WIFSTOPPED(st))
		return 0;
	/* an interrupt or group stop is a PTRACE_EVENT_STOP (a group stop's
	 * with the stopping signal, an interrupt's with SIGTRAP); anything else
	 * is a signal on its way to the thread: kept to hand back at detach */
	if (st >> 16 != PTRACE_EVENT_STOP)
		t->pending_sig = WSTOPSIG(st);
	else if (WSTOPSIG(st) != SIGTRAP)
		t->group_stop = 1;
	t->stopped = 1;
	return 1;
}

/* Has a seized, interrupted thread stopped? 1 stopped, 0 not yet, -1 gone. */
static int poll_stop(struct attached_thread *t)
{
	int st;
	pid_t r = waitpid(t->tid, &st, WNOHANG | __WALL);

	if (r == 0 || (r < 0 && errno == EINTR))
		return 0;
	return r < 0 ? -1 : note_status(t, st);
}

/* Seize the threads not seen before, then interrupt them; how many were
 * new, or -1. */
static long seize_new(struct attach *a)
{
	pid_t *tids;
	long added = 0, n = proc_tasks(a->pid, &tids);

	if (n < 0) {
		proc_perror(a->pid, "task");
		return -1;
	}
	for (long i = 0; i < n; i++) {
		pid_t tid = tids[i];
		struct attached_thread *t;

		if (find(a, tid))
			continue;
		a->t = xgrow(a->t, &a->cap, a->n + 1, sizeof(*a->t)); /* before: nothing seized is lost */
		if (ptrace(PTRACE_SEIZE, tid, 0, 0)) {
			char st = task_stat(a->pid, tid, NULL, 0);

			if (errno == ESRCH || st == 'Z' || st == 'X' || !st)
				continue; /* exited meanwhile, or a zombie thread */
			if (errno == EPERM)
				explain_eperm(a->pid, tid);
			else
				perror_msg("%d: PTRACE_SEIZE of thread %d", (int)a->pid, (int)tid);
			free(tids);
			return -1;
		}
		t = &a->t[a->n++];
		*t = (struct attached_thread){ .tid = tid };
		added++;
	}
	free(tids);
	/* a seized thread runs on: the stop, and the pause the target feels,
	 * begins here, with the interrupts in a row */
	for (size_t i = a->n - added; i < a->n; i++)
		ptrace(PTRACE_INTERRUPT, a->t[i].tid, 0, 0);
	return added;
}

/* Say which thread would not stop, and where it sleeps. */
static void name_stuck(const struct attach *a, const struct attached_thread *t, const char *then)
{
	char comm[64], path[64], *wchan;
	char st = task_stat(a->pid, t->tid, comm, sizeof(comm));

	snprintf(path, sizeof(path), "/proc/%d/task/%d/wchan", (int)a->pid, (int)t->tid);
	wchan = read_whole(path, NULL);
	error_msg("%d: thread %d (%s) did not stop within %u ms: state %c%s%s%s; %s", (int)a->pid, (int)t->tid,
		  comm, attach_stop_ms(), st ? st : '?', wchan && *wchan && strcmp(wchan, "0") ? ", in " : "",
		  wchan && strcmp(wchan, "0") ? wchan : "", st == 'D' ? " (uninterruptible)" : "", then);
	free(wchan);
}

/* SIGCHLD, which the kernel sends the tracer at each stop, held pending
 * (1) while threads are seized, so that settle() sleeps until the next stop
 * and none is missed between its polls; dropped at release (0). */
static void chld_hold(int hold)
{
	static sigset_t old;
	static struct sigaction was; /* SIG_IGN, inherited, would mean no SIGCHLD */
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	if (hold) {
		sigprocmask(SIG_BLOCK, &set, &old);
		sigaction(SIGCHLD, &(struct sigaction){ .sa_handler = SIG_DFL }, &was);
	} else {
		while (sigtimedwait(&set, NULL, &(struct timespec){ 0, 0 }) > 0)
			;
		sigaction(SIGCHLD, &was, NULL);
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
}

/* Wait for every seized thread to stop, dropping those that exit, until no
 * thread has stopped for attach_stop_ms(). Each stop is reaped as it comes
 * (wait for any child: one call per stop, not one per thread still running;
 * the watchdog is procbox's only other child). 0, or how
 * many would not stop (named; with a->partial they are left out, else the
 * caller lets go). */
static size_t settle(struct attach *a)
{
	int64_t last = now_ms();
	size_t stuck = 0;
	sigset_t chld;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	for (;;) {
		size_t j = 0, waiting = 0;
		struct attached_thread *t;
		pid_t r;
		int st, k;

		while ((r = waitpid(-1, &st, WNOHANG | __WALL)) > 0)
			if (!(t = find(a, r)))
				watchdog_reaped(r);
			else if (!t->stopped && (k = note_status(t, st))) {
				t->gone = k < 0;
				last = now_ms();
			}
		for (size_t i = 0; i < a->n; i++)
			if (!a->t[i].gone) {
				waiting += !a->t[i].stopped && !a->t[i].left_out;
				a->t[j++] = a->t[i];
			}
		a->n = j;
		if (!waiting)
			return 0;
		if (now_ms() - last > attach_stop_ms())
			break;
		/* until the next stop, or a few ms (a stop reported before the hold) */
		sigtimedwait(&chld, NULL, &(struct timespec){ 0, 4000000 });
	}
	for (size_t i = 0; i < a->n; i++)
		if (!a->t[i].stopped && !a->t[i].left_out) {
			name_stuck(a, &a->t[i], a->partial ? "left out" : "the process was let go");
			a->t[i].left_out = 1;
			stuck++;
		}
	return stuck;
}

/* Refuse what would deadlock or kill: procbox's own tracer; warn of what may. */
static int attach_check(pid_t pid)
{
	const char *why = proc_no_mm_reason(pid);
	long tracer = status_num(getpid(), getpid(), "TracerPid"), seccomp;
	char path[64];

	if (why) {
		error_msg("%d: %s: cannot be attached", (int)pid, why);
		return -1;
	}
	snprintf(path, sizeof(path), "/proc/%d/task/%ld", (int)pid, tracer);
	if (pid == getpid() || (tracer > 0 && access(path, F_OK) == 0)) {
		error_msg("%d: it is procbox's own %s: stopping it would freeze both", (int)pid,
			  pid == getpid() ? "process" : "tracer");
		return -1;
	}
	if ((tracer = status_num(pid, pid, "TracerPid")) < 0) {
		proc_perror(pid, "status");
		return -1;
	}
	if (tracer > 0) {
		error_msg("%d: already traced by PID %ld", (int)pid, tracer);
		return -1;
	}
	seccomp = status_num(pid, pid, "Seccomp");
	if (seccomp == 2)
		error_msg("%d: warning: it runs under a seccomp filter: a thread stopped in a timed sleep resumes "
			  "through restart_syscall, and dies of SIGSYS if its filter forbids that", (int)pid);
	return 0;
}

static int attach_threads(struct attach *a, pid_t pid, int partial)
{
	memset(a, 0, sizeof(*a));
	a->pid = pid, a->partial = partial;
	if (attach_check(pid))
		return -1;
	a->group_stopped = task_stat(pid, pid, NULL, 0) == 'T';
	current = a;
	fatal_hook(FATAL_DETACH, detach_current);
	if (watchdog_start(pid))
		goto fail;
	job_control_hold(1); /* ^Z of procbox stops it once the target runs again */
	chld_hold(1);
	a->held = 1;
	for (int pass = 0; pass < MAX_PASSES; pass++) {
		/* once all are held, a count as large as the process's says no
		 * thread was born unseen: one stat while held, not a listing */
		long added = pass && proc_thread_count(pid) == (long)a->n ? 0 : seize_new(a);

		if (added < 0)
			goto fail;
		if (settle(a) && !partial)
			goto fail;
		if (!added) {
			/* stopped before procbox came: by /proc's state, or (a thread
			 * still on its way back into the stop a tracer just ended) by
			 * the stop it reported */
			for (size_t i = 0; i < a->n; i++)
				a->group_stopped |= a->t[i].group_stop;
			for (size_t i = 0; i < a->n; i++)
				if (a->t[i].stopped)
					return 0;
			if (!a->n)
				error_msg("%d: no such process", (int)pid);
			else if (!partial)
				error_msg("%d: no thread could be stopped", (int)pid);
			goto fail;
		}
	}
	error_msg("%d: gave up attaching after %d passes: threads keep appearing", (int)pid, MAX_PASSES);
fail:
	detach_all(a);
	return -1;
}

int attach_all(struct attach *a, pid_t pid)
{
	return attach_threads(a, pid, 0);
}

int attach_some(struct attach *a, pid_t pid)
{
	return attach_threads(a, pid, 1);
}

void detach_all(struct attach *a)
{
	/* a thread seized but not yet stopped must stop to be detached; one that
	 * will not stays seized until procbox exits, when the kernel lets it go */
	for (size_t i = 0; i < a->n; i++)
		if (!a->t[i].stopped)
			poll_stop(&a->t[i]);
	for (size_t i = 0; i < a->n; i++)
		detach_one(&a->t[i]);
	if (current == a) {
		fatal_hook(FATAL_DETACH, NULL);
		current = NULL;
	}
	if (a->held) {
		watchdog_stop();
		job_control_hold(0);
		chld_hold(0);
	}
	a->held = 0;
	free(a->t);
	a->t = NULL;
	a->n = a->cap = 0;
}
