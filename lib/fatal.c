/* fatal.c: one handler for the signals that end procbox, running the hooks
 * of whoever holds something the signal must not leave behind */
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <unistd.h>

#include "fatal.h"
#include "procbox.h"

static void (*volatile hooks[FATAL_SLOTS])(void);
static const int fatal_sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGALRM };
enum { NSIGS = sizeof(fatal_sigs) / sizeof(fatal_sigs[0]) };
static char timeout_msg[160];
static size_t timeout_len;

static void fatal_set(sigset_t *set)
{
	sigemptyset(set);
	for (size_t i = 0; i < NSIGS; i++)
		sigaddset(set, fatal_sigs[i]);
}

static void run_hooks(void)
{
	for (int i = 0; i < FATAL_SLOTS; i++)
		if (hooks[i])
			hooks[i]();
}

void fatal_cleanup(void)
{
	sigset_t set, old;

	fatal_set(&set);
	sigprocmask(SIG_BLOCK, &set, &old);
	run_hooks();
	for (int i = 0; i < FATAL_SLOTS; i++)
		hooks[i] = NULL;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static void on_fatal_signal(int sig)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };

	run_hooks();
	if (sig == SIGALRM) { /* the watchdog's: a run that stopped moving */
		if (isatty(2))
			write(2, "\r\033[K", 4);
		write(2, timeout_msg, timeout_len);
		_exit(EXIT_FAIL);
	}
	sigaction(sig, &dfl, NULL);
	raise(sig);
}

void fatal_hook(enum fatal_slot slot, void (*fn)(void))
{
	static int installed;

	if (fn && !installed) {
		struct sigaction sa = { .sa_handler = on_fatal_signal }, old;

		fatal_set(&sa.sa_mask);
		for (size_t i = 0; i < NSIGS; i++) {
			/* a signal the caller's parent set to be ignored stays ignored
			 * (not the watchdog's alarm: it is procbox's own) */
			sigaction(fatal_sigs[i], NULL, &old);
			if (old.sa_handler != SIG_IGN || fatal_sigs[i] == SIGALRM)
				sigaction(fatal_sigs[i], &sa, NULL);
		}
		installed = 1;
	}
	hooks[slot] = fn;
}

void fatal_timeout_message(pid_t pid, unsigned ms)
{
	int n = snprintf(timeout_msg, sizeof(timeout_msg),
			 "%s: %d: no progress for %u ms while it was stopped: let it go (PROCBOX_HOLD_MS sets the bound)\n",
			 pb_name, (int)pid, ms);

	timeout_len = n > 0 && (size_t)n < sizeof(timeout_msg) ? (size_t)n : 0;
}

void fatal_hold(int hold)
{
	static sigset_t old;
	sigset_t set;

	fatal_set(&set);
	if (hold)
		sigprocmask(SIG_BLOCK, &set, &old);
	else
		sigprocmask(SIG_SETMASK, &old, NULL);
}

void job_control_hold(int hold)
{
	static sigset_t old;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTSTP);
	sigaddset(&set, SIGTTIN);
	sigaddset(&set, SIGTTOU);
	if (hold)
		sigprocmask(SIG_BLOCK, &set, &old);
	else
		sigprocmask(SIG_SETMASK, &old, NULL);
}
