/* stack_target: threads with known call chains, for pstack's tests. Prints
 * "pid=PID", "tid_NAME=TID" for each thread, then "ready", and runs until
 * killed.
 * Expected frames, innermost first (the functions of this file; libc's
 * below them differ by libc and build):
 *   main      main_wait -> pthread_join
 *   sleeper   run -> sleeper_outer -> sleeper_middle -> sleeper_inner
 *             -> sleep_long -> nanosleep
 *   reader    run -> reader_outer -> reader_inner -> read (a pipe nobody writes)
 *   spinner   run -> spinner_outer -> spin_leaf (a leaf that never returns)
 *   handler   run -> handler_outer -> raise -> on_signal (the handler)
 *             -> sleep_long -> nanosleep: the frames past the handler are on
 *             the far side of a signal frame
 * Every function is noinline and followed by an asm barrier, so no call is a
 * tail call: each stays on the stack. None is static: built with -rdynamic,
 * .dynsym names them all (tests/live/pstack.sh strips a copy to that). */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define KEEP __attribute__((noinline, used))
#define NOT_TAIL() __asm__ volatile("" ::: "memory")

static int pipe_fd[2];
static volatile int spin_forever = 1;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int started;

static void ready_one(const char *name)
{
	pthread_mutex_lock(&lock);
	printf("tid_%s=%ld\n", name, (long)syscall(SYS_gettid));
	started++;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
}

KEEP void sleep_long(void)
{
	struct timespec ts = { 100000, 0 };

	for (;;)
		nanosleep(&ts, NULL);
}

KEEP void sleeper_inner(void)
{
	sleep_long();
	NOT_TAIL();
}

KEEP void sleeper_middle(void)
{
	sleeper_inner();
	NOT_TAIL();
}

KEEP void sleeper_outer(void)
{
	sleeper_middle();
	NOT_TAIL();
}

KEEP void reader_inner(void)
{
	char c;

	while (read(pipe_fd[0], &c, 1) != 0)
		;
	NOT_TAIL();
}

KEEP void reader_outer(void)
{
	reader_inner();
	NOT_TAIL();
}

KEEP void spin_leaf(void)
{
	while (spin_forever)
		__asm__ volatile("");
}

KEEP void spinner_outer(void)
{
	spin_leaf();
	NOT_TAIL();
}

KEEP void on_signal(int sig)
{
	(void)sig;
	sleep_long();
	NOT_TAIL();
}

KEEP void handler_outer(void)
{
	raise(SIGUSR1);
	NOT_TAIL();
}

KEEP void *run(void *arg)
{
	const char *name = arg;

	prctl(PR_SET_NAME, name);
	ready_one(name);
	if (!strcmp(name, "sleeper"))
		sleeper_outer();
	else if (!strcmp(name, "reader"))
		reader_outer();
	else if (!strcmp(name, "spinner"))
		spinner_outer();
	else
		handler_outer();
	return NULL;
}

KEEP void main_wait(pthread_t t)
{
	pthread_join(t, NULL);
	NOT_TAIL();
}

int main(void)
{
	static const char *const names[] = { "sleeper", "reader", "spinner", "handler" };
	struct sigaction sa = { .sa_handler = on_signal };
	pthread_t t[4];

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (pipe(pipe_fd) || sigaction(SIGUSR1, &sa, NULL))
		return 1;
	printf("pid=%ld\ntid_main=%ld\n", (long)getpid(), (long)getpid());
	for (int i = 0; i < 4; i++)
		if (pthread_create(&t[i], NULL, run, (void *)names[i]))
			return 1;
	pthread_mutex_lock(&lock);
	while (started < 4)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	usleep(100000); /* each thread on its way into its call */
	printf("ready\n");
	main_wait(t[0]);
	return 0;
}
