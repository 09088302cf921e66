/* watchdog.c: the second line of defence for a held target. The tracer is
 * procbox's one thread: only it can detach, and a signal handler runs only
 * when it leaves the kernel. So the bound is kept by another process, which
 * first asks (SIGALRM: the handler detaches) and then forces (SIGKILL: the
 * kernel detaches a dead tracer's tracees, even those not yet stopped). */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fatal.h"
#include "procbox.h"
#include "watchdog.h"

enum { NAP_MS = 20, GRACE_MS = 1000 };

static volatile uint64_t *beat; /* shared with the watchdog process */
static pid_t dog;

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

static _Noreturn void watch(pid_t boss, unsigned ms)
{
	static const int quiet[] = { SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU };
	uint64_t seen = *beat;
	int64_t since = now_ms();

	/* the terminal's signals are procbox's to act on; its death is ours */
	for (size_t i = 0; i < sizeof(quiet) / sizeof(quiet[0]); i++)
		signal(quiet[i], SIG_IGN);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != boss)
		_exit(0);
	for (;;) {
		nap();
		if (*beat != seen)
			seen = *beat, since = now_ms();
		else if (now_ms() - since > ms)
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
	unsigned ms = watchdog_ms();
	pid_t boss = getpid();

	if (!beat) {
		void *p = mmap(NULL, sizeof(*beat), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED) {
			perror_msg("%d: watchdog", (int)pid);
			return -1;
		}
		beat = p;
	}
	fatal_timeout_message(pid, ms);
	/* a bare fork: musl's fork() brings 1.4 KB of thread synchronisation
	 * along, for a child that only sleeps, signals and exits (flags first
	 * and no stack on every arch procbox knows) */
	if ((dog = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0)) < 0) {
		perror_msg("%d: watchdog", (int)pid);
		return -1;
	}
	if (!dog)
		watch(boss, ms);
	return 0;
}

void watchdog_tick(void)
{
	if (beat)
		++*beat;
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
