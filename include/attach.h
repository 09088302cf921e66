/* attach.h: stopping every thread of a process with ptrace, and letting it go */
#ifndef ATTACH_H
#define ATTACH_H

#include <stddef.h>
#include <sys/types.h>

struct attached_thread {
	pid_t tid;
	int stopped;     /* we saw it stop: registers may be read */
	int pending_sig; /* a signal it stopped with: handed back at detach */
	int left_out;    /* it did not stop in time (attach_some) */
	int group_stop;  /* it reported a group stop: the process was stopped */
	int gone;        /* it exited while being attached */
};

struct attach {
	pid_t pid;
	struct attached_thread *t;
	size_t n, cap;
	int group_stopped; /* it was stopped (SIGSTOP, ^Z) before: it stays so */
	int partial;       /* attach_some() */
	int held;          /* the watchdog runs, ^Z is held off */
};

/*
 * Seize every thread (PTRACE_SEIZE + PTRACE_INTERRUPT, never SIGSTOP: if
 * procbox dies, the kernel detaches and the threads run on) and wait until
 * each has stopped; rescan /proc/PID/task until a pass finds no new thread.
 * Threads that exit meanwhile are dropped. A thread that does not stop within
 * attach_stop_ms() of the last one that did is named (state, wchan) and the
 * whole process let go. 0, or -1 after one message (not allowed and why,
 * already traced by PID N, procbox's own tracer, no such process, ...), with
 * nothing left stopped. While attached, SIGINT/SIGTERM/SIGHUP/SIGPIPE make
 * procbox detach before it dies, ^Z waits for detach_all(), and a watchdog
 * (lib/watchdog.c) bounds a stall of procbox itself.
 */
int attach_all(struct attach *a, pid_t pid);
/* The same, but a thread that does not stop in time is named and left out
 * (left_out) while the others stay stopped: for showing what can be shown.
 * -1 only if no thread could be stopped. */
int attach_some(struct attach *a, pid_t pid);
/* How long a thread may take to stop: PROCBOX_STOP_MS, else 300 ms. */
unsigned attach_stop_ms(void);
/* Let every thread go, as it was. Safe to call twice. */
void detach_all(struct attach *a);

#endif
