/* many_threads N: the process pstack's benchmark stacks: N threads, each
 * three calls deep in its own function, half blocked in nanosleep, half in
 * a read of a pipe nobody writes, plus gap.h's thread that keeps the longest
 * time it was kept from running (the pause a backtrace inflicts). A line on
 * stdin prints that gap (pause_ms=) and resets it; EOF ends the process.
 * The meter runs SCHED_FIFO where that is allowed (root), so that a busy
 * machine's wait for a CPU does not pass for a stop.
 * Prints "pid=", "threads=" (all of its threads), "realtime=" (1 or 0),
 * "ready". */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "gap.h"

#define KEEP __attribute__((noinline, used))
#define NOT_TAIL() __asm__ volatile("" ::: "memory")

static int pipe_fd[2];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int started;

KEEP void many_sleeper_inner(void)
{
	struct timespec ts = { 100000, 0 };

	for (;;)
		nanosleep(&ts, NULL);
	NOT_TAIL();
}

KEEP void many_sleeper_outer(void)
{
	many_sleeper_inner();
	NOT_TAIL();
}

KEEP void many_reader_inner(void)
{
	char c;

	while (read(pipe_fd[0], &c, 1) != 0)
		;
	NOT_TAIL();
}

KEEP void many_reader_outer(void)
{
	many_reader_inner();
	NOT_TAIL();
}

static void *run(void *arg)
{
	pthread_mutex_lock(&lock);
	started++;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
	if ((long)arg & 1)
		many_reader_outer();
	else
		many_sleeper_outer();
	return NULL;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 64;
	pthread_t t;
	pthread_attr_t rt;
	int realtime;

	if (pipe(pipe_fd))
		return perror("pipe"), 1;
	for (long i = 0; i < n; i++)
		if (pthread_create(&t, NULL, run, (void *)i))
			return fprintf(stderr, "many_threads: thread %ld not created\n", i), 1;
	pthread_mutex_lock(&lock);
	while (started < n)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	/* the meter real-time where allowed: what it measures is then the stop,
	 * not the wait for a CPU on a busy machine */
	pthread_attr_init(&rt);
	pthread_attr_setinheritsched(&rt, PTHREAD_EXPLICIT_SCHED);
	pthread_attr_setschedpolicy(&rt, SCHED_FIFO);
	pthread_attr_setschedparam(&rt, &(struct sched_param){ .sched_priority = 1 });
	gap_period_ns = 100000; /* a stop shorter than the meter's sleep goes unseen */
	realtime = !pthread_create(&t, &rt, gap_meter, NULL);
	if (!realtime && pthread_create(&t, NULL, gap_meter, NULL))
		return 1;
	usleep(100000); /* each thread on its way into its call */
	printf("pid=%d\nthreads=%ld\nrealtime=%d\nready\n", (int)getpid(), n + 2, realtime);
	fflush(stdout);
	gap_serve();
	return 0;
}
