/* threads.h: the threads of a live process, as /proc shows them without
 * stopping it, or with their registers read while procbox holds it */
#ifndef THREADS_H
#define THREADS_H

#include <stddef.h>
#include <sys/types.h>

#include "arch.h"
#include "proc.h"
#include "regs.h"

/* What a thread's header says: comm and state, the syscall it is in ("none",
 * its number, "running", "?" if unknown; "" for a core), the signal it held
 * (a core) */
struct thread_head {
	pid_t tid;
	char state;
	char name[64];
	char syscall[24];
	int cursig;
	int in_syscall; /* as /proc saw it: 1 blocked in one, 0 not, -1 unknown */
};

enum { THREAD_SETS = 4 }; /* the register sets an arch shows (arch_regset.nregs) at most */

struct thread_regs {
	struct thread_head h;
	const struct arch *arch;
	unsigned char reg[REGS_MAX];
	unsigned char *set[THREAD_SETS]; /* the arch's shown sets in order, if asked */
	long set_len[THREAD_SETS];       /* 0: inactive, not given */
	void *kept;                      /* what the held hook kept (the caller frees it) */
};

/* Which threads, and what to read from each while it is held */
struct thread_pick {
	const pid_t *only; /* these tids only, if nonly */
	int nonly;
	int sets;          /* the shown register sets too */
	/* called for each thread read, while it is still stopped (pstack: a
	 * copy of its stack); a failure leaves the thread out, said why */
	int (*held)(void *ctx, struct thread_regs *t);
	void *ctx;
};
int thread_wanted(const struct thread_pick *p, pid_t tid);
/* -t TID: one more into p (its only, with room for THREAD_PICK_MAX); a bad
 * one is a usage error */
enum { THREAD_PICK_MAX = 64 };
void thread_pick_add(struct thread_pick *p, pid_t *only, const char *arg);
/* -t named no thread of what (n of them listed): say so, -1; else 0 */
int thread_pick_none(const struct thread_pick *p, const char *what, long n);

/* The wanted threads as /proc shows them now, sorted by tid, into *heads and
 * (sc not NULL) their syscall lines into *sc: how many, or -1 reported. */
long threads_seen(pid_t pid, const struct thread_pick *p, struct thread_head **heads, struct task_syscall **sc);

/* Stop every thread (attach_some: one that will not stop is named and left
 * out), read the wanted ones' registers, let go. Each head has comm and state
 * from before the stop (stopping changes them) and the syscall from the
 * registers. -1 reported if a thread's registers could not be read. */
int threads_read(pid_t pid, const struct thread_pick *p, struct thread_regs **out, size_t *n);
void threads_free(struct thread_regs *t, size_t n);

#endif
