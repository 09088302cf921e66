/* fault_target MODE: a target that changes under a dump.
 *   maps   a thread maps and unmaps 1-64 pages (written) in a loop
 *   flip   a thread moves a 4-page memfd mapping ("pb-flip") between two
 *          addresses every millisecond
 *   exec   re-executes itself (as "exec") every 2 ms, keeping its PID
 *   exit   exits after a random 0-20 ms (arg 2: seed)
 * Prints "pid=N", "ready" (exec: on the first run only); stdin's EOF ends it. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void *churn_maps(void *arg)
{
	unsigned r = 1;

	(void)arg;
	for (;;) {
		size_t len = (1 + (r = r * 1103515245 + 12345) % 64) * 4096;
		char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p != MAP_FAILED) {
			memset(p, 'M', len);
			munmap(p, len);
		}
	}
	return NULL;
}

/* Two slots in one PROT_NONE reservation: the mapping in one, then the other */
static void *flip(void *arg)
{
	long ps = sysconf(_SC_PAGESIZE);
	int fd = syscall(SYS_memfd_create, "pb-flip", 0);
	char *base = mmap(NULL, 16 * ps, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct timespec ms = { 0, 1000000 };

	(void)arg;
	if (fd < 0 || ftruncate(fd, 4 * ps) || base == MAP_FAILED)
		exit(1);
	for (int slot = 0;; slot ^= 1) {
		char *p = mmap(base + slot * 8 * ps, 4 * ps, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);

		if (p == MAP_FAILED)
			exit(1);
		nanosleep(&ms, NULL);
		mmap(p, 4 * ps, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "maps";
	struct timespec ts = { 0, 2000000 };
	pthread_t t;
	char c;

	if (!strcmp(mode, "exec") && argc > 2) { /* a later generation */
		nanosleep(&ts, NULL);
		execv("/proc/self/exe", (char *[]){ argv[0], "exec", "again", NULL });
		return 1;
	}
	printf("pid=%d\nready\n", (int)getpid());
	fflush(stdout);
	if (!strcmp(mode, "exec"))
		execv("/proc/self/exe", (char *[]){ argv[0], "exec", "again", NULL });
	if (!strcmp(mode, "exit")) {
		ts.tv_nsec = (argc > 2 ? atoi(argv[2]) : 0) % 20 * 1000000L;
		nanosleep(&ts, NULL);
		return 0;
	}
	if (pthread_create(&t, NULL, strcmp(mode, "flip") ? churn_maps : flip, NULL))
		return 1;
	while (read(0, &c, 1) > 0)
		;
	return 0;
}
