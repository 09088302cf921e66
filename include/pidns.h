/* pidns.h: a process's ids as its own PID namespace numbers them (what the
 * kernel writes in its core), from /proc/PID/status read from outside */
#ifndef PIDNS_H
#define PIDNS_H

#include <sys/types.h>

/* The innermost number of a status line of one number per namespace level
 * (NStgid, NSpid, NSpgid, NSsid: the reader's level first, the task's own
 * last); fallback where the line is missing (no CONFIG_PID_NS). */
long ns_last(const char *status, const char *key, long fallback);
/* How many levels such a line has (1: the reader's namespace is the task's). */
int ns_levels(const char *status, const char *key);
/* The parent's tgid as the process's namespace sees it: 0 if the parent is
 * outside it. ppid is status' PPid (the reader's view); status the process's. */
pid_t ns_parent(pid_t ppid, const char *status);

#endif
