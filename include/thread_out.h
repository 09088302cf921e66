/* thread_out.h: the heads pregs and pstack print, in text or JSON */
#ifndef THREAD_OUT_H
#define THREAD_OUT_H

#include <sys/types.h>

#include "threads.h"

/* A process's or a core's: text "PID:   CMDLINE (NOTE)" or "CORE: core of
 * ARCH"; JSON opens {"pid": N | "core": PATH, "arch": ARCH, "threads": [ */
void out_threads_begin(int json, pid_t pid, const char *core, const char *arch, const char *note);
void out_threads_end(int json);
/* A thread's: text "Thread TID (NAME) state S, syscall N" (live) or "Thread
 * TID (signal N)" (a core), after an empty line but for the first; JSON
 * opens its object: tid, name, state and syscall (live), cursig (if any) */
void out_thread_head(int json, const struct thread_head *h, int live, int first);

#endif
