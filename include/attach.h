/* attach.h: stopping every thread of a process with ptrace, and letting it go */
#ifndef ATTACH_H
#define ATTACH_H

#include <stddef.h>
#include <sys/types.h>

struct attached_thread {
	pid_t tid;
	int stopped;    /* we saw it stop: registers may be read */
	int pending_sig; /* a signal it stopped with: handed back at detach */
};

struct attach {
	pid_t pid;
	struct attached_thread *t;
	size_t n, cap;
	int group_stopped; /* it was stopped (SIGSTOP, ^Z) before: it stays so */
};

/*
 * Seize every thread (PTRACE_SEIZE + PTRACE_INTERRUPT, never SIGSTOP: if
 * procbox dies, the kernel detaches and the threads run on) and wait until
 * each has stopped; rescan /proc/PID/task until a pass finds no new thread.
 * Threads that exit meanwhile are dropped. 0, or -1 after one message (not
 * allowed and why, already traced by PID N, no such process, ...), with
 * nothing left attached. While attached, SIGINT/SIGTERM/SIGHUP/SIGPIPE make
 * procbox detach before it dies.
 */
int attach_all(struct attach *a, pid_t pid);
/* Let every thread go, as it was. Safe to call twice. */
void detach_all(struct attach *a);

#endif
