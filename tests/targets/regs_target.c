/* regs_target: a thread spinning with known values in its callee-saved
 * registers (the fixture cores' magic numbers), and a main thread blocked in
 * read(). Prints key=value lines, "ready", and waits until stdin closes. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "magic.h"

static void *spin(void *arg)
{
	(void)arg;
	magic_spin();
	return NULL;
}

int main(void)
{
	pthread_t t;
	char c;

	if (pthread_create(&t, NULL, spin, NULL))
		return 1;
	puts("magic_regs=" MAGIC_REGS);
	printf("pid=%d\nready\n", (int)getpid());
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	return 0;
}
