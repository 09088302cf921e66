/* pidns.c: ids as the task's own PID namespace sees them. The kernel's core
 * has those (fill_prstatus() and fill_psinfo() in fs/binfmt_elf.c take
 * task_pid_vnr(), task_pgrp_vnr(), ... as the dumping task sees them),
 * /proc/PID/stat those of the namespace /proc was mounted in; status lists
 * every level (task_state() in fs/proc/array.c). */
#include <stdio.h>
#include <stdlib.h>

#include "pidns.h"
#include "proc.h"

/* The numbers of a status line: how many, the last into *last */
static int ns_walk(const char *status, const char *key, long *last)
{
	const char *v = status ? status_field(status, key) : NULL;
	int n = 0;
	char *end;

	while (v && *v >= '0' && *v <= '9') {
		*last = strtol(v, &end, 10);
		n++;
		for (v = end; *v == '\t' || *v == ' '; v++)
			;
	}
	return n;
}

long ns_last(const char *status, const char *key, long fallback)
{
	ns_walk(status, key, &fallback);
	return fallback;
}

int ns_levels(const char *status, const char *key)
{
	long last;

	return ns_walk(status, key, &last);
}

/* A child's namespace is its parent's or one below it (CLONE_NEWPID,
 * unshare, setns: never a sibling): as deep as the child's, it is the
 * child's; shallower, the child cannot see the parent. */
pid_t ns_parent(pid_t ppid, const char *status)
{
	int levels = ns_levels(status, "NSpid");
	char path[64], *parent;
	pid_t v = 0;

	if (levels <= 1 || ppid <= 0)
		return ppid; /* the reader's namespace is the process's (or no CONFIG_PID_NS) */
	snprintf(path, sizeof(path), "/proc/%d/status", (int)ppid);
	if ((parent = read_whole(path, NULL)) && ns_levels(parent, "NStgid") == levels)
		v = ns_last(parent, "NStgid", 0);
	free(parent);
	return v;
}
