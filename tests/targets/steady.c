/* steady: threads that notice if being stopped and resumed changes what
 * they see. One counts and keeps a running checksum, one sleeps in
 * nanosleep(), one blocks in read() on a pipe fed by the main thread. Each
 * line on stdin makes it print "errors=N reads=N sleeps=N count=N"; EOF ends it. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile unsigned long errors, reads, sleeps, count;
static int pipefd[2];

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

int main(void)
{
	pthread_t t;
	char line[64];
	unsigned char b = 0;
	struct timespec ts = { 0, 1000000 };

	if (pipe(pipefd) || pthread_create(&t, NULL, counter, NULL) || pthread_create(&t, NULL, sleeper, NULL) ||
	    pthread_create(&t, NULL, reader, NULL))
		return 1;
	printf("pid=%d\nready\n", (int)getpid());
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin)) {
		for (int i = 0; i < 10; i++, b++) { /* keep the reader busy */
			if (write(pipefd[1], &b, 1) != 1)
				errors++;
			nanosleep(&ts, NULL);
		}
		printf("errors=%lu reads=%lu sleeps=%lu count=%lu\n", errors, reads, sleeps, count);
		fflush(stdout);
	}
	return 0;
}
