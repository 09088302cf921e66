/* leader_exit: a process whose main thread has ended with pthread_exit while
 * another thread runs on (/proc/PID shows the leader as a zombie). Prints
 * pid= and "ready" once the leader is gone; exits when stdin closes. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static pid_t pid;

static int leader_gone(void)
{
	char path[64], buf[512], *s;
	FILE *f;
	int gone = 0;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "r"))) {
		gone = fgets(buf, sizeof(buf), f) && (s = strrchr(buf, ')')) && s[1] && s[2] == 'Z';
		fclose(f);
	}
	return gone;
}

static void *waiter(void *arg)
{
	struct timespec ms = { 0, 1000000 };
	char c;

	(void)arg;
	for (int i = 0; i < 2000 && !leader_gone(); i++)
		nanosleep(&ms, NULL);
	printf("pid=%d\nready\n", (int)pid);
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	exit(0);
}

int main(void)
{
	pthread_t t;

	pid = getpid();
	if (pthread_create(&t, NULL, waiter, NULL))
		return 1;
	pthread_exit(NULL);
}
