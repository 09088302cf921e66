/* test_proc.c: lib/proc.c: /proc files read whole, stat and status texts
 * parsed, the thread holding a process's memory, and the one-line errors */
#include <limits.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "testutil.h"
#include "proc.h"

static void read_whole_reads_it_all(void **state)
{
	char path[] = "/tmp/procbox-wholeXXXXXX";
	int fd = mkstemp(path);
	size_t len = 12345;
	char *want = malloc(100000), *got;

	(void)state;
	assert_true(fd >= 0);
	/* past the first 16 KiB buffer, NULs included */
	for (int i = 0; i < 100000; i++)
		want[i] = i % 251;
	assert_int_equal(write(fd, want, 100000), 100000);
	got = read_whole(path, &len);
	assert_non_null(got);
	assert_int_equal(len, 100000);
	assert_memory_equal(got, want, 100000);
	assert_int_equal(got[len], 0);
	free(got);
	/* empty: "", not NULL */
	assert_int_equal(ftruncate(fd, 0), 0);
	got = read_whole(path, &len);
	assert_non_null(got);
	assert_int_equal(len, 0);
	assert_int_equal(got[0], 0);
	free(got);
	close(fd);
	unlink(path);
	errno = 0;
	assert_null(read_whole(path, &len));
	assert_int_equal(errno, ENOENT);
	assert_null(read_whole("/", &len));
	assert_int_equal(errno, EISDIR);
	free(want);
}

static void parse_pid_takes_positive_decimals(void **state)
{
	(void)state;
	assert_int_equal(parse_pid("1234"), 1234);
	assert_int_equal(parse_pid("1"), 1);
	assert_int_equal(parse_pid("007"), 7);
	assert_int_equal(parse_pid("2147483647"), INT_MAX);
	assert_int_equal(parse_pid("2147483648"), -1);
	assert_int_equal(parse_pid("99999999999999999999999"), -1);
	/* 2^64 + 5 and 2^32 + 5: wrapped around, a long would say 5 */
	assert_int_equal(parse_pid("18446744073709551621"), -1);
	assert_int_equal(parse_pid("4294967301"), -1);
	assert_int_equal(parse_pid("0"), -1);
	assert_int_equal(parse_pid(""), -1);
	assert_int_equal(parse_pid("-1"), -1);
	assert_int_equal(parse_pid("+1"), -1);
	assert_int_equal(parse_pid(" 1"), -1);
	assert_int_equal(parse_pid("1 "), -1);
	assert_int_equal(parse_pid("12a"), -1);
	assert_int_equal(parse_pid("0x10"), -1);
	assert_int_equal(parse_pid("self"), -1);
}

/* A stat line whose comm holds ") (", spaces and a digit: fields counted from
 * the last ')', numbered as proc(5) numbers them */
static void stat_parse_fields(void **state)
{
	char line[1024], *p = line;
	struct proc_stat st;

	(void)state;
	p += sprintf(p, "4242 (a) 1 (b) x) S");
	for (int i = 4; i < STAT_FIELDS; i++)
		p += sprintf(p, " %d", i == 19 ? -5 : i * 1000 + i);
	strcpy(p, "\n");
	assert_int_equal(proc_stat_parse(line, &st), 0);
	assert_string_equal(st.comm, "a) 1 (b) x");
	assert_int_equal(st.state, 'S');
	for (int i = 4; i < STAT_FIELDS; i++)
		assert_true(st.f[i] == (i == 19 ? -5 : i * 1000 + i));
	/* 64-bit values (addresses: startstack is field 28) are not cut to 32 bits */
	assert_int_equal(proc_stat_parse("1 (x) R 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 "
					 "140737488355327 26", &st), 0);
	assert_int_equal(st.f[10], 7);
	assert_true(st.f[27] == 24 && st.f[28] == 140737488355327ll && st.f[29] == 26 && st.f[30] == 0);
}

static void stat_parse_short_or_broken(void **state)
{
	struct proc_stat st;

	(void)state;
	/* cut after the state: parsed, no field beyond it */
	assert_int_equal(proc_stat_parse("12 (sh) Z", &st), 0);
	assert_int_equal(st.state, 'Z');
	assert_string_equal(st.comm, "sh");
	assert_true(st.f[4] == 0 && st.f[9] == 0);
	assert_int_equal(proc_stat_parse("12 (sh) R 7", &st), 0);
	assert_true(st.f[4] == 7 && st.f[5] == 0);
	/* cut before it, or no comm: refused, and nothing left from a previous parse */
	assert_int_equal(proc_stat_parse("12 (sh)", &st), -1);
	assert_true(st.f[4] == 0 && st.comm[0] == 0);
	assert_int_equal(proc_stat_parse("12 (sh) ", &st), -1);
	assert_int_equal(proc_stat_parse("12 sh R 1", &st), -1);
	assert_int_equal(proc_stat_parse("12 )sh( R 1", &st), -1);
	assert_int_equal(proc_stat_parse("", &st), -1);
	/* a comm longer than the buffer is cut, the fields still found */
	assert_int_equal(proc_stat_parse("3 (0123456789012345678901234567890123456789012345678901234567890123456789) T 9",
					 &st), 0);
	assert_int_equal(strlen(st.comm), sizeof(st.comm) - 1);
	assert_int_equal(st.state, 'T');
	assert_int_equal(st.f[4], 9);
}

static void status_field_finds_the_key(void **state)
{
	static const char status[] = "Name:\tpb (x)\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t12\nNgid:\t0\n"
				     "PPid:\t1\nTracerPid:\t0\nVmRSS:\t    1234 kB\nxPid:\t5\n";
	const char *v;

	(void)state;
	assert_true(!strncmp(status_field(status, "Name"), "pb (x)\n", 7)); /* the first line */
	assert_true(!strncmp(status_field(status, "State"), "S (sleeping)\n", 13));
	assert_int_equal(atoi(status_field(status, "Tgid")), 12);
	assert_int_equal(atoi(status_field(status, "TracerPid")), 0);
	/* the value after the tab and the padding */
	v = status_field(status, "VmRSS");
	assert_true(!strncmp(v, "1234 kB", 7));
	/* a key is a whole key at a line's start: not PPid's or xPid's end, not a prefix */
	assert_null(status_field(status, "Pid"));
	assert_null(status_field(status, "Tg"));
	assert_null(status_field(status, "VmRSS kB"));
	assert_null(status_field("", "Name"));
}

static int blocked_fd[2];
static pid_t thread_tid;

static void *blocked_thread(void *arg)
{
	char c;

	(void)arg;
	thread_tid = syscall(SYS_gettid);
	/* a comm with the characters that fool a parser splitting at the first ')' */
	prctl(PR_SET_NAME, "a) S (b");
	read(blocked_fd[0], &c, 1);
	return NULL;
}

/* the state letter of a thread once it is st (up to 5 s) */
static char wait_state(pid_t pid, pid_t tid, char st, char *comm, size_t size)
{
	char s = 0;

	for (int i = 0; i < 500 && (s = task_stat(pid, tid, comm, size)) != st; i++)
		usleep(10000);
	return s;
}

/* Our own threads, as the real kernel shows them (task/TID files are not
 * QEMU user-mode's to fake) */
static void task_stat_and_proc_stat_of_threads(void **state)
{
	pthread_t t;
	char comm[32];
	struct proc_stat st;

	(void)state;
	assert_int_equal(pipe(blocked_fd), 0);
	assert_int_equal(pthread_create(&t, NULL, blocked_thread, NULL), 0);
	while (!thread_tid)
		usleep(1000);
	assert_int_equal(wait_state(getpid(), thread_tid, 'S', comm, sizeof(comm)), 'S');
	assert_string_equal(comm, "a) S (b");
	/* a small buffer: cut, still terminated */
	assert_int_equal(task_stat(getpid(), thread_tid, comm, 4), 'S');
	assert_string_equal(comm, "a) ");
	assert_int_equal(task_stat(getpid(), thread_tid, NULL, 0), 'S');
	assert_int_equal(proc_stat_read(getpid(), thread_tid, &st), 0);
	assert_string_equal(st.comm, "a) S (b");
	assert_int_equal(st.state, 'S');
	assert_int_equal(st.f[4], getppid());
	assert_int_equal(st.f[5], getpgrp());
	/* this thread, reading: running */
	prctl(PR_SET_NAME, "pb-unit");
	assert_int_equal(proc_stat_read(getpid(), syscall(SYS_gettid), &st), 0);
	assert_string_equal(st.comm, "pb-unit");
	assert_int_equal(st.state, 'R');
	/* the process's own stat (QEMU user-mode makes that one up, with our ppid) */
	assert_int_equal(proc_stat_read(getpid(), 0, &st), 0);
	assert_int_equal(st.state, 'R');
	assert_int_equal(st.f[4], getppid());
	write(blocked_fd[1], "x", 1);
	pthread_join(t, NULL);
	/* gone (the kernel releases it a moment after the join): 0, and comm emptied */
	assert_int_equal(wait_state(getpid(), thread_tid, 0, comm, sizeof(comm)), 0);
	assert_string_equal(comm, "");
	errno = 0;
	assert_int_equal(proc_stat_read(getpid(), thread_tid, &st), -1);
	assert_int_equal(errno, ENOENT);
	close(blocked_fd[0]);
	close(blocked_fd[1]);
}

/* A child that exits at once, unwaited: a zombie named pb-zombie */
static pid_t zombie(void)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (!pid) {
		prctl(PR_SET_NAME, "pb-zombie");
		_exit(0);
	}
	assert_int_equal(wait_state(pid, pid, 'Z', NULL, 0), 'Z');
	return pid;
}

static void a_zombie_has_no_memory(void **state)
{
	pid_t z = zombie();
	char *cmd;

	(void)state;
	assert_int_equal(proc_mm_tid(z), z);
	assert_string_equal(proc_no_mm_reason(z), "zombie (its memory is gone)");
	assert_int_equal(proc_gone(z), 1);
	/* no command line left: the [comm] */
	cmd = proc_cmdline(z);
	assert_string_equal(cmd, "[pb-zombie]");
	free(cmd);
	assert_int_equal(waitpid(z, NULL, 0), z);
	/* reaped: gone too */
	assert_int_equal(proc_gone(z), 1);
	assert_int_equal(task_stat(z, z, NULL, 0), 0);
	/* alive */
	assert_int_equal(proc_gone(getpid()), 0);
	assert_null(proc_no_mm_reason(getpid()));
	assert_int_equal(proc_mm_tid(getpid()), getpid());
}

/* a thread that reports its tid, then waits for the end of file on hold[0]:
 * the test's end, or its death, ends the child */
static int hold[2], report[2];

static void *holder(void *arg)
{
	pid_t tid = syscall(SYS_gettid);
	char c;

	(void)arg;
	write(report[1], &tid, sizeof(tid));
	read(hold[0], &c, 1);
	_exit(0);
}

/* The leader gone (pthread_exit in main), a thread alive: its files show the memory */
static void the_memory_is_a_live_threads(void **state)
{
	pid_t pid, tid;

	(void)state;
	skip_under_qemu("QEMU user-mode runs threads of its own beside the program's (call_rcu): which live thread is found is not ours to know");
	assert_int_equal(pipe(hold), 0);
	assert_int_equal(pipe(report), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		pthread_t t;

		close(hold[1]);
		pthread_create(&t, NULL, holder, NULL);
		pthread_exit(NULL);
	}
	close(hold[0]);
	assert_int_equal(read(report[0], &tid, sizeof(tid)), sizeof(tid));
	assert_int_equal(wait_state(pid, pid, 'Z', NULL, 0), 'Z');
	assert_int_equal(proc_mm_tid(pid), tid);
	assert_null(proc_no_mm_reason(pid));
	assert_int_equal(proc_gone(pid), 0);
	close(hold[1]);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	close(report[0]);
	close(report[1]);
}

static int parked[2];

static void *parked_thread(void *arg)
{
	char c;

	read(parked[0], &c, 1);
	return arg;
}

/* attach's shortcut: the count from one stat is the listing's, as threads
 * come and go */
static void thread_count_is_the_listing(void **state)
{
	pthread_t t[5];
	pid_t *tids;
	long before = proc_tasks(getpid(), &tids);
	pid_t z;

	(void)state;
	free(tids);
	skip_under_qemu("QEMU user-mode starts and ends threads of its own (call_rcu): the count is the emulator's");
	assert_true(before >= 1);
	assert_int_equal(proc_thread_count(getpid()), before);
	assert_int_equal(pipe(parked), 0);
	for (int i = 0; i < 5; i++)
		assert_int_equal(pthread_create(&t[i], NULL, parked_thread, NULL), 0);
	assert_int_equal(proc_thread_count(getpid()), before + 5);
	assert_int_equal(proc_tasks(getpid(), &tids), before + 5);
	free(tids);
	close(parked[1]);
	for (int i = 0; i < 5; i++)
		pthread_join(t[i], NULL);
	assert_int_equal(proc_thread_count(getpid()), before);
	close(parked[0]);
	z = zombie();
	assert_int_equal(waitpid(z, NULL, 0), z);
	assert_int_equal(proc_thread_count(z), -1);
}

static void kernel_thread(void **state)
{
	char *comm = read_whole("/proc/2/comm", NULL);
	int kthreadd = comm && !strcmp(comm, "kthreadd\n");
	const char *why;

	(void)state;
	free(comm);
	if (!kthreadd) {
		print_message("[  SKIP    ] PID 2 is not kthreadd in this PID namespace\n");
		skip();
	}
	why = proc_no_mm_reason(2);
	assert_non_null(why);
	assert_string_equal(why, "kernel thread (it has no memory map)");
	assert_int_equal(proc_gone(2), 0);
}

/* NULs between the arguments as spaces, the last ones dropped, an empty
 * argument kept as two spaces */
static void cmdline_of_a_process(void **state)
{
	char *argv[] = { "sh", "-c", "read x", "a b", "", "c", NULL }, *env[] = { NULL }, *cmd;
	int in = -1;
	pid_t pid = spawn_sh(argv, env, &in);

	(void)state;
	if (!pid) {
		print_message("[  SKIP    ] no /bin/sh to run\n");
		skip();
	}
	cmd = proc_cmdline(pid);
	assert_string_equal(cmd, "sh -c read x a b  c");
	free(cmd);
	close(in);
	waitpid(pid, NULL, 0);
	assert_null(proc_cmdline(pid));
}

static int perror_with(int argc, char **argv)
{
	(void)argc;
	errno = atoi(argv[1]);
	proc_perror(1, "maps");
	return 0;
}

static int read_missing(int argc, char **argv)
{
	(void)argc, (void)argv;
	return proc_read(99999999, "status", NULL) ? 3 : 0;
}

/* One line naming the PID and the reason, for each errno */
static void errors_in_one_line(void **state)
{
	static const struct {
		int err;
		const char *says;
	} rows[] = {
		{ ENOENT, "procbox: 1: no such process\n" },
		{ ESRCH, "procbox: 1: exited while procbox was reading it\n" },
		{ EACCES, "procbox: 1: permission denied reading /proc/1/maps (not root, another user's process, or ptrace_scope)\n" },
		{ EPERM, "procbox: 1: permission denied reading /proc/1/maps (not root, another user's process, or ptrace_scope)\n" },
		{ EIO, "procbox: 1: /proc/1/maps: I/O error\n" },
	};
	struct captured c;
	char err[16], *argv[] = { "perror", err, NULL };

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		snprintf(err, sizeof(err), "%d", rows[i].err);
		run_captured(&c, perror_with, 2, argv);
		if (rows[i].err == EIO && strcmp(c.err, rows[i].says)) /* libc's words for EIO */
			assert_true(!strncmp(c.err, "procbox: 1: /proc/1/maps: ", 26) && count_lines(c.err) == 1);
		else
			assert_string_equal(c.err, rows[i].says);
	}
	run_captured(&c, read_missing, 0, NULL);
	assert_int_equal(c.status, 0);
	assert_string_equal(c.err, "procbox: 99999999: no such process\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(read_whole_reads_it_all),
		cmocka_unit_test(parse_pid_takes_positive_decimals),
		cmocka_unit_test(stat_parse_fields),
		cmocka_unit_test(stat_parse_short_or_broken),
		cmocka_unit_test(status_field_finds_the_key),
		cmocka_unit_test(task_stat_and_proc_stat_of_threads),
		cmocka_unit_test(a_zombie_has_no_memory),
		cmocka_unit_test(the_memory_is_a_live_threads),
		cmocka_unit_test(thread_count_is_the_listing),
		cmocka_unit_test(kernel_thread),
		cmocka_unit_test(cmdline_of_a_process),
		cmocka_unit_test(errors_in_one_line),
	};

	return cmocka_run_group_tests_name("proc", tests, NULL, NULL);
}
