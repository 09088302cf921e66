/* steady: threads that notice if being stopped and resumed changes what
 * they see. One counts and keeps a running checksum, one sleeps in
 * nanosleep(), one blocks in read() on a pipe fed by the main thread, one
 * waits on a futex and one in epoll_wait(), both with timeouts that must
 * expire as timeouts. Each line on stdin makes it print
 * "errors=N reads=N sleeps=N waits=N count=N epoll_eintr=N"; EOF ends it. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define FUTEX_WAIT_PRIVATE 128 /* linux/futex.h: FUTEX_WAIT | FUTEX_PRIVATE_FLAG */

static volatile unsigned long errors, reads, sleeps, waits, count, epoll_eintr;
static int pipefd[2], idle[2];

static void *counter(void *arg)
{
	unsigned long a = 0, b = 0;

	(void)arg;
	for (unsigned long i = 1;; i++) {
		a += i, b += 2 * i; /* two accumulators that must stay in step */
		if (b != 2 * a)
			errors++;
		count = i;
	}
	return NULL;
}

static void *sleeper(void *arg)
{
	struct timespec ts = { 0, 2000000 };

	(void)arg;
	for (;;) {
		if (nanosleep(&ts, NULL))
			errors++; /* EINTR would mean a stop leaked through */
		sleeps++;
	}
	return NULL;
}

static void *reader(void *arg)
{
	unsigned char want = 0, c;

	(void)arg;
	for (;;) {
		ssize_t n = read(pipefd[0], &c, 1);

		if (n != 1 || c != want++)
			errors++;
		reads++;
	}
	return NULL;
}

/* a futex nobody wakes: each wait must end in ETIMEDOUT, never EINTR */
static void *futex_waiter(void *arg)
{
	static int word;
	struct timespec ts = { 0, 3000000 };

	(void)arg;
	for (;;) {
		if (syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, &ts) != -1 || errno != ETIMEDOUT)
			errors++;
		waits++;
	}
	return NULL;
}

/* epoll on a pipe nobody writes: each wait must return 0 (timed out) */
static void *epoll_waiter(void *arg)
{
	struct epoll_event ev = { .events = EPOLLIN }, got;
	int ep = epoll_create1(0);

	(void)arg;
	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, idle[0], &ev))
		errors++;
	for (;;) {
		int n = epoll_wait(ep, &got, 1, 3);

		/* EINTR after a stop is epoll_wait's documented lot (signal(7):
		 * never restarted, even without a handler): counted apart */
		if (n == -1 && errno == EINTR)
			epoll_eintr++;
		else if (n != 0)
			errors++;
		waits++;
	}
	return NULL;
}

int main(void)
{
	pthread_t t;
	char line[64];
	unsigned char b = 0;
	struct timespec ts = { 0, 1000000 };

	if (pipe(pipefd) || pipe(idle) || pthread_create(&t, NULL, counter, NULL) ||
	    pthread_create(&t, NULL, sleeper, NULL) || pthread_create(&t, NULL, reader, NULL) ||
	    pthread_create(&t, NULL, futex_waiter, NULL) || pthread_create(&t, NULL, epoll_waiter, NULL))
		return 1;
	printf("pid=%d\nready\n", (int)getpid());
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin)) {
		for (int i = 0; i < 10; i++, b++) { /* keep the reader busy */
			if (write(pipefd[1], &b, 1) != 1)
				errors++;
			nanosleep(&ts, NULL);
		}
		printf("errors=%lu reads=%lu sleeps=%lu waits=%lu count=%lu epoll_eintr=%lu\n", errors, reads, sleeps,
		       waits, count, epoll_eintr);
		fflush(stdout);
	}
	return 0;
}
