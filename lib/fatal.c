/* fatal.c: one handler for the signals that end procbox, running the hooks
 * of whoever holds something the signal must not leave behind */
#include <signal.h>
#include <stddef.h>

#include "fatal.h"

static void (*volatile hooks[FATAL_SLOTS])(void);
static const int fatal_sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };

static void fatal_set(sigset_t *set)
{
	sigemptyset(set);
	for (size_t i = 0; i < sizeof(fatal_sigs) / sizeof(fatal_sigs[0]); i++)
		sigaddset(set, fatal_sigs[i]);
}

static void on_fatal_signal(int sig)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };

	for (int i = 0; i < FATAL_SLOTS; i++)
		if (hooks[i])
			hooks[i]();
	sigaction(sig, &dfl, NULL);
	raise(sig);
}

void fatal_hook(enum fatal_slot slot, void (*fn)(void))
{
	static int installed;

	if (fn && !installed) {
		struct sigaction sa = { .sa_handler = on_fatal_signal }, old;

		fatal_set(&sa.sa_mask);
		for (size_t i = 0; i < sizeof(fatal_sigs) / sizeof(fatal_sigs[0]); i++) {
			/* a signal the caller's parent set to be ignored stays ignored */
			sigaction(fatal_sigs[i], NULL, &old);
			if (old.sa_handler != SIG_IGN)
				sigaction(fatal_sigs[i], &sa, NULL);
		}
		installed = 1;
	}
	hooks[slot] = fn;
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
