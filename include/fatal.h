/* fatal.h: undoing what procbox holds (attached threads, a half-written
 * file) when SIGINT, SIGTERM, SIGHUP, SIGPIPE or the watchdog's SIGALRM ends it */
#ifndef FATAL_H
#define FATAL_H

#include <sys/types.h>

enum fatal_slot { FATAL_DETACH, FATAL_OUTPUT, FATAL_SLOTS };

/* Run fn (it must be async-signal-safe) before procbox dies of one of those
 * signals; fn NULL empties the slot. The signal then kills procbox as usual;
 * SIGALRM (the watchdog's, lib/watchdog.c) prints the line set by
 * fatal_timeout_message() and exits 1. */
void fatal_hook(enum fatal_slot slot, void (*fn)(void));
void fatal_timeout_message(pid_t pid, unsigned ms);
/* Run and empty the hooks now (error_exit: procbox ends without a signal). */
void fatal_cleanup(void);

/* Hold those signals off (1) while a step the hooks must see whole runs,
 * then let them in (0); not nested. */
void fatal_hold(int hold);

/* Hold off SIGTSTP, SIGTTIN and SIGTTOU (1) while a target is stopped: ^Z of
 * procbox takes effect once the target runs again (0). Not nested. */
void job_control_hold(int hold);

#endif
