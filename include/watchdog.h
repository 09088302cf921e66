/* watchdog.h: a bound on how long procbox holds a target stopped */
#ifndef WATCHDOG_H
#define WATCHDOG_H

#include <sys/types.h>

/* How long procbox may go without progress while it holds pid: the
 * environment's PROCBOX_HOLD_MS, else 5000 ms. */
unsigned watchdog_ms(void);

/*
 * Watch procbox while it holds pid. A second process (procbox's child, so
 * that it still acts when procbox itself is stuck in the kernel or stopped)
 * sees the beat of watchdog_tick(); after watchdog_ms() without one it sends
 * procbox SIGCONT and SIGALRM, whose handler (lib/fatal.c) lets the target
 * go, removes unfinished outputs, says so and exits 1; if procbox is still
 * there a second later (in a killable sleep the handler cannot interrupt),
 * SIGKILL: the kernel then detaches every thread procbox had seized. 0, or
 * -1 (no watchdog could be started: reported).
 */
int watchdog_start(pid_t pid);
/* Something moved: bytes read or written, a register set read. */
void watchdog_tick(void);
/* A wait for any child reaped pid: if that was the watchdog (something
 * killed it), it is gone, and its pid no longer procbox's to signal. */
void watchdog_reaped(pid_t pid);
/* The target is let go: the watchdog ends. */
void watchdog_stop(void);

#endif
