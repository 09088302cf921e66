/* regs_target: a thread spinning with known values in its callee-saved
 * registers (the fixture cores' magic numbers), and a main thread blocked in
 * read(). Prints key=value lines, "ready", and waits until stdin closes. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "magic.h"

/* x86_64: leave the x87 instruction and operand pointers (FIP, FDP) at known
 * addresses above 4 GiB, where gdb's fioff/fiseg split shows: fldl of a
 * double in a mapped page, from code copied to another ("x87_fip=",
 * "x87_fdp=" lines; none elsewhere). The value stays on the x87 stack: an
 * empty one is x87's initial state, which XSAVE may skip, pointers and all. */
static void x87_pointers(void)
{
#if defined(__x86_64__)
	static const unsigned char code[] = { 0xdd, 0x07, 0xc3 }; /* fldl (%rdi); ret */
	unsigned char *text = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	double *data = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (text == MAP_FAILED || data == MAP_FAILED)
		return;
	memcpy(text, code, sizeof(code));
	*data = 1.5;
	if (mprotect(text, 4096, PROT_READ | PROT_EXEC))
		return;
	((void (*)(double *))(void *)text)(data);
	printf("x87_fip=%lx\nx87_fdp=%lx\n", (unsigned long)text, (unsigned long)data);
#endif
}

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
	x87_pointers();
	puts("magic_regs=" MAGIC_REGS);
	printf("pid=%d\nready\n", (int)getpid());
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	return 0;
}
