/* attach.c: the one place procbox stops a process.
 *
 * PTRACE_SEIZE + PTRACE_INTERRUPT, never SIGSTOP: a seized thread is detached
 * by the kernel if procbox dies, even by SIGKILL, and runs on; a SIGSTOP'd one
 * would stay stopped. A syscall the thread was blocked in is restarted by the
 * kernel after detach (or returns as it would for any interruption), and a
 * signal that arrived while it was stopped is handed back at detach. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include "attach.h"
#include "fatal.h"
#include "proc.h"
#include "procbox.h"

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

/* TracerPid from /proc/PID/status: 0, the tracer, or -1 (reported). */
static pid_t tracer_of(pid_t pid)
{
	char *s = proc_read(pid, "status", NULL), *p;
	pid_t t = -1;

	if (s && (p = strstr(s, "\nTracerPid:")))
		t = atoi(p + 11);
	free(s);
	return t;
}

/* Why PTRACE_SEIZE said EPERM, as far as we can tell. */
static void explain_eperm(pid_t pid)
{
	char *scope = read_whole("/proc/sys/kernel/yama/ptrace_scope", NULL);
	int yama = scope ? atoi(scope) : 0;

	free(scope);
	if (yama == 3)
		error_msg("%d: cannot attach: ptrace is disabled (kernel.yama.ptrace_scope = 3)", (int)pid);
	else if (geteuid() != 0)
		error_msg("%d: cannot attach: not root (run as root, or as its user with "
			  "kernel.yama.ptrace_scope = 0)", (int)pid);
	else if (yama == 2)
		error_msg("%d: cannot attach: kernel.yama.ptrace_scope = 2 needs CAP_SYS_PTRACE", (int)pid);
	else
		error_msg("%d: cannot attach: permission denied (no CAP_SYS_PTRACE in this "
			  "namespace, or a security module refused)", (int)pid);
}

static struct attached_thread *find(struct attach *a, pid_t tid)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->t[i].tid == tid)
			return &a->t[i];
	return NULL;
}

/* Wait for a seized, interrupted thread to stop; 0 stopped, 1 gone. */
static int wait_stop(struct attached_thread *t)
{
	for (;;) {
		int st;
		pid_t r = waitpid(t->tid, &st, __WALL);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 || WIFEXITED(st) || WIFSIGNALED(st))
			return 1;
		if (!WIFSTOPPED(st))
			continue;
		/* an interrupt or group stop is a PTRACE_EVENT_STOP; anything else is
		 * a signal on its way to the thread: keep it to hand back at detach */
		if (st >> 16 != PTRACE_EVENT_STOP)
			t->pending_sig = WSTOPSIG(st);
		t->stopped = 1;
		return 0;
	}
}

/* Seize and interrupt the threads not seen before; how many were new, or -1. */
static long seize_new(struct attach *a)
{
	char path[64];
	struct dirent *de;
	long added = 0;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)a->pid);
	if (!(d = opendir(path))) {
		proc_perror(a->pid, "task");
		return -1;
	}
	while ((de = readdir(d))) {
		pid_t tid = parse_pid(de->d_name);
		struct attached_thread *t;

		if (tid <= 0 || find(a, tid))
			continue;
		if (ptrace(PTRACE_SEIZE, tid, 0, 0)) {
			char st = task_stat(a->pid, tid, NULL, 0);

			if (errno == ESRCH || st == 'Z' || st == 'X' || !st)
				continue; /* exited meanwhile, or a zombie thread */
			if (errno == EPERM)
				explain_eperm(a->pid);
			else
				perror_msg("%d: PTRACE_SEIZE of thread %d", (int)a->pid, (int)tid);
			closedir(d);
			return -1;
		}
		if (a->n == a->cap) {
			size_t cap = a->cap ? 2 * a->cap : 16;
			struct attached_thread *p = realloc(a->t, cap * sizeof(*p));

			if (!p) {
				ptrace(PTRACE_DETACH, tid, 0, 0);
				error_msg("%d: out of memory for threads", (int)a->pid);
				closedir(d);
				return -1;
			}
			a->t = p, a->cap = cap;
		}
		t = &a->t[a->n++];
		*t = (struct attached_thread){ .tid = tid };
		ptrace(PTRACE_INTERRUPT, tid, 0, 0);
		added++;
	}
	closedir(d);
	return added;
}

/* Wait for every new thread to stop; drop those that exited. */
static void settle(struct attach *a)
{
	size_t j = 0;

	for (size_t i = 0; i < a->n; i++) {
		if (!a->t[i].stopped && wait_stop(&a->t[i]))
			continue;
		a->t[j++] = a->t[i];
	}
	a->n = j;
}

int attach_all(struct attach *a, pid_t pid)
{
	const char *why = proc_no_mm_reason(pid);
	pid_t tracer;

	memset(a, 0, sizeof(*a));
	a->pid = pid;
	if (why) {
		error_msg("%d: %s: cannot be attached", (int)pid, why);
		return -1;
	}
	tracer = tracer_of(pid);
	if (tracer < 0)
		return -1;
	if (tracer > 0) {
		error_msg("%d: already traced by PID %d", (int)pid, (int)tracer);
		return -1;
	}
	a->group_stopped = task_stat(pid, pid, NULL, 0) == 'T';
	current = a;
	fatal_hook(FATAL_DETACH, detach_current);
	for (int pass = 0; pass < MAX_PASSES; pass++) {
		long added = seize_new(a);

		if (added < 0)
			goto fail;
		settle(a);
		if (!added) {
			if (a->n)
				return 0;
			error_msg("%d: no such process", (int)pid);
			goto fail;
		}
	}
	error_msg("%d: gave up attaching after %d passes: threads keep appearing", (int)pid, MAX_PASSES);
fail:
	detach_all(a);
	return -1;
}

void detach_all(struct attach *a)
{
	settle(a); /* a thread seized but not yet stopped must stop to be detached */
	for (size_t i = 0; i < a->n; i++)
		detach_one(&a->t[i]);
	if (current == a) {
		fatal_hook(FATAL_DETACH, NULL);
		current = NULL;
	}
	free(a->t);
	a->t = NULL;
	a->n = a->cap = 0;
}
