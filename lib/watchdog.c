/* watchdog.c: the second line of defence for a held target. The tracer is
 * procbox's one thread: only it can detach, and a signal handler runs only
 * when it leaves the kernel. So the bound is kept by another process, which
 * first asks (SIGALRM: the handler detaches) and then forces (SIGKILL: the
 * kernel detaches a dead tracer's tracees, even those not yet stopped).
 *
 * That process shares procbox's memory (CLONE_VM) instead of a forked copy
 * of it: a fork write-protects every page procbox has, and each page's first
 * write afterwards, while the target is held, costs a fault. Measured with
 * 256 threads: a thread's registers and stack took twice as long to read,
 * and the pause 1.6 times as long. The price: the watchdog runs on procbox's
 * thread pointer, as after vfork, so it makes system calls and nothing else
 * (no errno, no handler: it starts with every signal blocked). */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fatal.h"
#include "procbox.h"
#include "watchdog.h"

enum { NAP_MS = 20, GRACE_MS = 1000 };

static volatile uint64_t beat; /* procbox counts, the watchdog looks */
static pid_t dog, boss;
static unsigned bound_ms;
static unsigned char dog_stack[16384] __attribute__((aligned(16)));

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void nap(void)
{
	struct timespec ts = { 0, NAP_MS * 1000000L };

	nanosleep(&ts, NULL);
}

unsigned watchdog_ms(void)
{
	const char *env = getenv("PROCBOX_HOLD_MS");

	return env && atol(env) > 0 ? (unsigned)atol(env) : 5000;
}

static int watch(void *arg)
{
	uint64_t seen = beat;
	int64_t since = now_ms();

	(void)arg;
	prctl(PR_SET_PDEATHSIG, SIGKILL); /* its death is ours */
	if (getppid() != boss)
		_exit(0);
	for (;;) {
		nap();
		if (beat != seen)
			seen = beat, since = now_ms();
		else if (now_ms() - since > bound_ms)
			break;
	}
	kill(boss, SIGCONT); /* a stopped procbox (SIGSTOP) must run its handler */
	kill(boss, SIGALRM);
	for (int64_t t = now_ms(); now_ms() - t < GRACE_MS;)
		nap(); /* the death signal ends this process when procbox is gone */
	kill(boss, SIGKILL);
	_exit(0);
}

int watchdog_start(pid_t pid)
{
	sigset_t all, old;
	int e;

	boss = getpid(), bound_ms = watchdog_ms();
	fatal_timeout_message(pid, bound_ms);
	/* procbox's handlers are not the watchdog's to run; the terminal's
	 * signals are procbox's to act on */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	dog = clone(watch, dog_stack + sizeof(dog_stack), CLONE_VM | SIGCHLD, NULL);
	e = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (dog > 0)
		return 0;
	if (e == EINVAL) /* no kernel refuses it */
		error_msg("%d: cannot hold it here: clone(CLONE_VM) refused, as QEMU user-mode does "
			  "(which cannot ptrace either)", (int)pid);
	else
		error_msg("%d: watchdog: %s", (int)pid, strerror(e));
	return -1;
}

void watchdog_tick(void)
{
	++beat;
}

void watchdog_reaped(pid_t pid)
{
	if (pid == dog)
		dog = 0;
}

void watchdog_stop(void)
{
	if (dog > 0) {
		kill(dog, SIGKILL);
		while (waitpid(dog, NULL, 0) < 0 && errno == EINTR)
			;
	}
	dog = 0;
}
