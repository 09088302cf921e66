/* proc.h: reading /proc files and naming their errors */
#ifndef PROC_H
#define PROC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* A whole file, read() until EOF into a growing buffer (seq_file hands out
 * about a page per read, and the file may change between reads). Malloc'd and
 * NUL-terminated; NULL with errno set on failure. */
char *read_whole(const char *path, size_t *len);

/* /proc/PID/FILE whole; on failure one message naming PID and the reason
 * (no such process, permission denied, /proc not mounted) and NULL. */
char *proc_read(pid_t pid, const char *file, size_t *len);
/* Report a failure to use /proc/PID/FILE (errno) in one line. */
void proc_perror(pid_t pid, const char *file);

/* "1234" -> 1234. Not a positive decimal within pid_t: -1. */
pid_t parse_pid(const char *s);

/* A thread's comm (into comm[size], may be NULL) and state letter from
 * /proc/PID/task/TID/stat; 0 if the thread is gone. */
char task_stat(pid_t pid, pid_t tid, char *comm, size_t size);

/* A stat line (/proc/PID/stat or /proc/PID/task/TID/stat): comm, state, and
 * the numeric fields by their number in proc(5) (f[4] ppid ... f[19] nice). */
enum { STAT_FIELDS = 53 };
struct proc_stat {
	char comm[64];
	char state;
	long long f[STAT_FIELDS];
};
int proc_stat_parse(const char *text, struct proc_stat *st);
/* tid 0: the process's own stat (times of all its threads); 0 or -1 (errno). */
int proc_stat_read(pid_t pid, pid_t tid, struct proc_stat *st);
/* The value of "Key:" in a status text (after the tab), or NULL. */
const char *status_field(const char *status, const char *key);

/* The thread whose /proc files show the process's memory: pid, or a live
 * thread when the leader has exited (pthread_exit in main): its
 * /proc/PID/maps, mem, ... are empty then, /proc/TID/... are not. proc_read()
 * and proc_lines() use it for maps, smaps, auxv and cmdline. */
pid_t proc_mm_tid(pid_t pid);

/* The thread ids in /proc/PID/task, sorted, malloc'd into *tids: how many,
 * or -1 (errno) if the directory cannot be read. */
long proc_tasks(pid_t pid, pid_t **tids);
/* How many threads the process has: the kernel adds its count to the 2 links
 * of /proc/PID/task (one stat, where a listing reads every entry); -1 if gone */
long proc_thread_count(pid_t pid);

/* /proc/PID/task/TID/syscall: "running", "-1 sp pc" (blocked outside a
 * syscall), or "nr args... sp pc" (blocked in one). 0, or -1 if the thread is
 * gone or the file unreadable (errno). */
enum { SYSCALL_RUNNING, SYSCALL_NONE, SYSCALL_IN };
struct task_syscall {
	int state;   /* SYSCALL_*: RUNNING if the kernel could not tell */
	long nr;     /* SYSCALL_IN: the number */
	int regs;    /* sp and pc are given (not RUNNING) */
	uint64_t sp, pc;
};
int task_syscall(pid_t pid, pid_t tid, struct task_syscall *sc);

/* Why a process has no memory map: "zombie" (no live thread left), "kernel
 * thread", or NULL. */
const char *proc_no_mm_reason(pid_t pid);
/* It has exited (zombie or gone) since procbox began. */
int proc_gone(pid_t pid);

/* The command line with NULs as spaces (malloc'd), or the [comm] if empty. */
char *proc_cmdline(pid_t pid);

#endif
