/* fatal.h: undoing what procbox holds (attached threads, a half-written
 * file) when SIGINT, SIGTERM, SIGHUP or SIGPIPE ends it */
#ifndef FATAL_H
#define FATAL_H

enum fatal_slot { FATAL_DETACH, FATAL_OUTPUT, FATAL_SLOTS };

/* Run fn (it must be async-signal-safe) before procbox dies of one of those
 * signals; fn NULL empties the slot. The signal then kills procbox as usual. */
void fatal_hook(enum fatal_slot slot, void (*fn)(void));

/* Hold those signals off (1) while a step the hooks must see whole runs,
 * then let them in (0); not nested. */
void fatal_hold(int hold);

#endif
