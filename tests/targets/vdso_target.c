/* vdso_target: a thread that spends its time in the vDSO (clock_gettime in
 * a loop: libc calls the vDSO's), for pstack's frames there, found through
 * the vDSO's own tables. Prints "pid=PID", "ready", runs until killed. */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

__attribute__((noinline, used)) void spin_time(void)
{
	struct timespec t;

	for (;;)
		clock_gettime(CLOCK_MONOTONIC, &t);
}

int main(void)
{
	printf("pid=%ld\nready\n", (long)getpid());
	fflush(stdout);
	spin_time();
	return 0;
}
