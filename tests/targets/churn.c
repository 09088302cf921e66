/* churn: creates and ends threads as fast as it can (each lives a few
 * microseconds), to attach to while the thread list keeps changing. Prints
 * "pid=N", "ready"; exits when stdin closes. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *brief(void *arg)
{
	return arg;
}

static void *spawner(void *arg)
{
	(void)arg;
	for (;;) {
		pthread_t t;

		if (!pthread_create(&t, NULL, brief, NULL))
			pthread_join(t, NULL);
	}
	return NULL;
}

int main(void)
{
	pthread_t t;
	char c;

	for (int i = 0; i < 2; i++)
		if (pthread_create(&t, NULL, spawner, NULL))
			return 1;
	printf("pid=%d\nready\n", (int)getpid());
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	return 0;
}
