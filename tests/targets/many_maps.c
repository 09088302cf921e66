/* many_maps N: a process with N separate mappings (alternating protections
 * stop the kernel from merging neighbours), half of them touched. Prints
 * "ready", then waits until stdin closes. For benchmarks and PN_XNUM tests. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 60000, ps = sysconf(_SC_PAGESIZE);
	char *base = mmap(NULL, n * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char c;

	if (base == MAP_FAILED)
		return 1;
	for (long i = 0; i < n; i += 2)
		base[i * ps] = 1;
	for (long i = 1; i < n; i += 2)
		if (mprotect(base + i * ps, ps, PROT_READ))
			return perror("mprotect"), 1;
	printf("pid=%d\nready\n", (int)getpid());
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	return 0;
}
