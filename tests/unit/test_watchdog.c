/* test_watchdog.c: lib/watchdog.c: the watchdog costs procbox no page faults
 * while a target is held (it shares procbox's memory, where a forked copy
 * write-protects every page), and one reaped elsewhere is never signalled */
#include <dirent.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "testutil.h"
#include "proc.h"
#include "watchdog.h"

/* The one child of this process (the watchdog), or 0 */
static pid_t my_child(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	pid_t child = 0;

	while (d && (e = readdir(d))) {
		pid_t pid = parse_pid(e->d_name);
		struct proc_stat st;

		if (pid > 0 && !proc_stat_read(pid, pid, &st) && st.f[4] == getpid())
			child = pid;
	}
	if (d)
		closedir(d);
	return child;
}

static long minor_faults(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

static void writes_while_watched_cost_no_faults(void **state)
{
	enum { PAGES = 64 };
	long page = sysconf(_SC_PAGESIZE), faults;
	char *buf = malloc(PAGES * page);

	(void)state;
	skip_under_qemu("QEMU user-mode refuses clone(CLONE_VM) of a process");
	memset(buf, 1, PAGES * page); /* in memory, writable, before */
	assert_int_equal(watchdog_start(getpid()), 0);
	assert_true(my_child() > 0);
	faults = minor_faults();
	for (int i = 0; i < PAGES; i++)
		buf[i * page] = 2;
	faults = minor_faults() - faults;
	watchdog_stop();
	assert_int_equal(my_child(), 0);
	if (faults >= PAGES / 4)
		fail_msg("%ld page faults writing %d pages while watched (a forked watchdog: one a page)", faults, PAGES);
	free(buf);
}

/* Killed by someone and reaped by a wait for any child (attach's settle):
 * its pid may go to another process, which watchdog_stop() must not kill.
 * Where this process may set the next pid (root: ns_last_pid), the pid is
 * given to a decoy to prove it. */
static void a_reaped_watchdog_is_not_signalled(void **state)
{
	FILE *f;
	pid_t dog, decoy;
	int st;

	(void)state;
	skip_under_qemu("QEMU user-mode refuses clone(CLONE_VM) of a process");
	assert_int_equal(watchdog_start(getpid()), 0);
	dog = my_child();
	assert_true(dog > 0);
	kill(dog, SIGKILL);
	assert_int_equal(waitpid(-1, &st, __WALL), dog);
	watchdog_reaped(dog);
	if ((f = fopen("/proc/sys/kernel/ns_last_pid", "w"))) {
		fprintf(f, "%d", (int)dog - 1);
		fclose(f);
	}
	if (!(decoy = fork())) {
		pause();
		_exit(0);
	}
	assert_true(decoy > 0);
	watchdog_stop();
	assert_int_equal(waitpid(decoy, &st, WNOHANG), 0); /* not killed */
	kill(decoy, SIGKILL);
	assert_int_equal(waitpid(decoy, &st, 0), decoy);
	if (decoy != dog)
		print_message("[  NOTE    ] the decoy got pid %d, not the watchdog's %d (no ns_last_pid here)\n",
			      (int)decoy, (int)dog);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(writes_while_watched_cost_no_faults),
		cmocka_unit_test(a_reaped_watchdog_is_not_signalled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
