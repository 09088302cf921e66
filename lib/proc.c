/* proc.c: reading /proc files whole, and saying clearly why one failed */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc.h"
#include "procbox.h"

char *read_whole(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t n = 0, cap = 0;
	char *buf = NULL, chunk[4096];

	if (fd < 0)
		return NULL;
	/* through a buffer on the stack: most /proc files are one small read,
	 * and their buffer is then allocated once, at its size (musl's malloc
	 * maps and unmaps a page-sized one each time) */
	for (;;) {
		ssize_t r = read(fd, chunk, sizeof(chunk));

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto fail;
		if (r == 0)
			break;
		buf = xgrow(buf, &cap, n + r + 1, 1);
		memcpy(buf + n, chunk, r);
		n += r;
	}
	close(fd);
	if (!buf)
		buf = xmalloc(1);
	buf[n] = 0;
	if (len)
		*len = n;
	return buf;
fail:
	n = errno;
	close(fd);
	free(buf);
	errno = n;
	return NULL;
}

static int proc_mounted(void)
{
	return access("/proc/self/stat", F_OK) == 0;
}

void proc_perror(pid_t pid, const char *file)
{
	int err = errno;

	if (!proc_mounted())
		error_msg("%d: /proc is not mounted (mount it: mount -t proc proc /proc)", (int)pid);
	else if (err == ENOENT)
		error_msg("%d: no such process", (int)pid);
	else if (err == ESRCH)
		error_msg("%d: exited while procbox was reading it", (int)pid);
	else if (err == EACCES || err == EPERM)
		error_msg("%d: permission denied reading /proc/%d/%s (not root, another user's "
			  "process, or ptrace_scope)", (int)pid, (int)pid, file);
	else
		error_msg("%d: /proc/%d/%s: %s", (int)pid, (int)pid, file, strerror(err));
}

static int by_tid(const void *a, const void *b)
{
	return *(const pid_t *)a - *(const pid_t *)b;
}

long proc_tasks(pid_t pid, pid_t **tids)
{
	char path[64];
	struct dirent *de;
	size_t n = 0, cap = 0;
	DIR *d;

	*tids = NULL;
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	if (!(d = opendir(path)))
		return -1;
	while ((de = readdir(d))) {
		pid_t tid = parse_pid(de->d_name);

		if (tid <= 0)
			continue;
		*tids = xgrow(*tids, &cap, n + 1, sizeof(**tids));
		(*tids)[n++] = tid;
	}
	closedir(d);
	if (n)
		qsort(*tids, n, sizeof(**tids), by_tid);
	return n;
}

long proc_thread_count(pid_t pid)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	return stat(path, &st) ? -1 : (long)st.st_nlink - 2;
}

pid_t proc_mm_tid(pid_t pid)
{
	pid_t *tids, tid = pid;
	long n;

	if (task_stat(pid, pid, NULL, 0) != 'Z' || (n = proc_tasks(pid, &tids)) < 0)
		return pid;
	for (long i = 0; i < n && tid == pid; i++) {
		struct proc_stat st;

		/* alive, and not on its way out (PF_EXITING: the group was killed) */
		if (tids[i] != pid && !proc_stat_read(pid, tids[i], &st) && st.state != 'Z' && st.state != 'X' &&
		    !(st.f[9] & 0x4))
			tid = tids[i];
	}
	free(tids);
	return tid;
}

int task_syscall(pid_t pid, pid_t tid, struct task_syscall *sc)
{
	char path[64], *s, *f[9];
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/syscall", (int)pid, (int)tid);
	memset(sc, 0, sizeof(*sc));
	if (!(s = read_whole(path, NULL)))
		return -1;
	for (char *t = strtok(s, " \n"); t && n < 9; t = strtok(NULL, " \n"))
		f[n++] = t;
	if (n && strcmp(f[0], "running")) {
		sc->nr = strtol(f[0], NULL, 10);
		sc->state = sc->nr == -1 ? SYSCALL_NONE : SYSCALL_IN;
		if ((sc->regs = n >= 3)) {
			sc->sp = strtoull(f[n - 2], NULL, 16);
			sc->pc = strtoull(f[n - 1], NULL, 16);
		}
	}
	free(s);
	return 0;
}

/* The files that show the memory map: a live thread's, when the leader is gone. */
static pid_t mm_holder(pid_t pid, const char *file)
{
	static const char *const mm_files[] = { "maps", "smaps", "smaps_rollup", "auxv", "cmdline", "environ" };

	for (size_t i = 0; i < sizeof(mm_files) / sizeof(mm_files[0]); i++)
		if (!strcmp(file, mm_files[i]))
			return proc_mm_tid(pid);
	return pid;
}

char *proc_read(pid_t pid, const char *file, size_t *len)
{
	char path[64];
	char *buf;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)mm_holder(pid, file), file);
	buf = read_whole(path, len);
	if (!buf)
		proc_perror(pid, file);
	return buf;
}

pid_t parse_pid(const char *s)
{
	long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		/* a 32-bit long would overflow past INT_MAX: refuse the digit first */
		if (*s < '0' || *s > '9' || v > (INT_MAX - (*s - '0')) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v > 0 ? (pid_t)v : -1;
}

char task_stat(pid_t pid, pid_t tid, char *comm, size_t size)
{
	char path[64], *s, *open, *close, st = 0;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", (int)pid, (int)tid);
	if (comm && size)
		*comm = 0;
	s = read_whole(path, NULL);
	/* comm may hold ')' and spaces: it runs from the first '(' to the last ')' */
	if (s && (open = strchr(s, '(')) && (close = strrchr(s, ')')) && close[1]) {
		if (comm)
			snprintf(comm, size, "%.*s", (int)(close - open - 1), open + 1);
		st = close[2];
	}
	free(s);
	return st;
}

int proc_stat_parse(const char *text, struct proc_stat *st)
{
	/* comm may hold ')' and spaces: it runs from the first '(' to the last ')' */
	const char *open = strchr(text, '('), *close = strrchr(text, ')'), *p;

	memset(st, 0, sizeof(*st));
	if (!open || !close || close < open || !close[1] || !close[2])
		return -1;
	snprintf(st->comm, sizeof(st->comm), "%.*s", (int)(close - open - 1), open + 1);
	st->state = close[2];
	p = close + 3;
	for (int i = 4; i < STAT_FIELDS && *p == ' '; i++) {
		char *end;

		st->f[i] = strtoll(p + 1, &end, 10);
		p = end;
	}
	return 0;
}

int proc_stat_read(pid_t pid, pid_t tid, struct proc_stat *st)
{
	char path[64], *s;
	int r;

	if (tid)
		snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", (int)pid, (int)tid);
	else
		snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (!(s = read_whole(path, NULL)))
		return -1;
	r = proc_stat_parse(s, st);
	free(s);
	if (r)
		errno = EINVAL;
	return r;
}

const char *status_field(const char *status, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = status; p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (!strncmp(p, key, n) && p[n] == ':')
			return p + n + 1 + strspn(p + n + 1, " \t");
	}
	return NULL;
}

/* Field 3 (state) and 9 (flags) of /proc/PID/stat: through proc_stat_parse,
 * which never reads past a line cut short after the ")" of comm. */
const char *proc_no_mm_reason(pid_t pid)
{
	struct proc_stat st;

	if (proc_stat_read(pid, 0, &st))
		return NULL;
	if (st.f[9] & 0x00200000) /* PF_KTHREAD */
		return "kernel thread (it has no memory map)";
	if ((st.state == 'Z' || st.state == 'X') && proc_mm_tid(pid) == pid)
		return "zombie (its memory is gone)";
	return NULL;
}

int proc_gone(pid_t pid)
{
	struct proc_stat st;

	if (proc_stat_read(pid, 0, &st))
		return errno == ENOENT || errno == ESRCH; /* reaped */
	return (st.state == 'Z' || st.state == 'X') && proc_mm_tid(pid) == pid;
}

char *proc_cmdline(pid_t pid)
{
	char path[64];
	size_t len = 0;
	char *s;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)proc_mm_tid(pid));
	s = read_whole(path, &len);
	if (s && len) {
		while (len && !s[len - 1])
			len--;
		for (size_t i = 0; i < len; i++)
			if (!s[i])
				s[i] = ' ';
		s[len] = 0;
		return s;
	}
	free(s);
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	s = read_whole(path, &len);
	if (s) {
		char *b = xmalloc(len + 3);

		len -= len && s[len - 1] == '\n';
		snprintf(b, len + 3, "[%.*s]", (int)len, s);
		free(s);
		return b;
	}
	return NULL;
}
