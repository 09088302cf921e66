/* bench_target WRITTEN_MIB UNTOUCHED_MIB NMAPS: the process the benchmarks
 * dump: WRITTEN_MIB MiB written, UNTOUCHED_MIB MiB never touched
 * (MAP_NORESERVE), NMAPS extra one-page mappings. A thread wakes every
 * millisecond and keeps the longest gap between its wake-ups: the pause a
 * dump inflicts. A line on stdin prints that gap (ms) and resets it; EOF
 * ends the process. Prints "pid=", "ready". */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "gap.h"

int main(int argc, char **argv)
{
	size_t written = (argc > 1 ? strtoull(argv[1], NULL, 10) : 1024) << 20;
	size_t untouched = (argc > 2 ? strtoull(argv[2], NULL, 10) : 0) << 20;
	long nmaps = argc > 3 ? atol(argv[3]) : 0, ps = sysconf(_SC_PAGESIZE);
	char *w, *many;
	pthread_t t;

	w = mmap(NULL, written + ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (w == MAP_FAILED)
		return perror("mmap"), 1;
	for (size_t i = 0; i < written; i += ps)
		memset(w + i, (int)(i / ps) | 1, ps);
	if (untouched && mmap(NULL, untouched, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1,
			      0) == MAP_FAILED)
		return perror("mmap"), 1;
	/* alternating protections: the kernel cannot merge them */
	many = nmaps ? mmap(NULL, nmaps * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) : NULL;
	for (long i = 0; i < nmaps; i++) {
		many[i * ps] = 1;
		if (i & 1)
			mprotect(many + i * ps, ps, PROT_READ);
	}
	if (pthread_create(&t, NULL, gap_meter, NULL))
		return 1;
	printf("pid=%d\nready\n", (int)getpid());
	fflush(stdout);
	gap_serve();
	return 0;
}
