/* stopfloor PID [bare]: the least a ptrace tool must do to see every thread
 * of PID at one instant: seize each thread, interrupt each, wait until all
 * have stopped, read each one's registers and the page at its stack pointer,
 * let all go. "bare": stop and let go, nothing read. No checks, no care, no
 * output: a yardstick for make bench's pause figures. */
#include <dirent.h>
#include <elf.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

/* the stack pointer's place in NT_PRSTATUS (its size: the word's) */
#if defined(__x86_64__)
#define SP_OFF (19 * 8)
#elif defined(__aarch64__)
#define SP_OFF (31 * 8)
#elif defined(__arm__)
#define SP_OFF (13 * 4)
#elif defined(__riscv)
#define SP_OFF (2 * 8)
#elif defined(__loongarch__)
#define SP_OFF (3 * 8)
#endif

enum { MAX_THREADS = 4096 };

static pid_t tids[MAX_THREADS];

int main(int argc, char **argv)
{
	static unsigned char regs[1024], page[4096];
	int n = 0, st, bare = argc > 2 && !strcmp(argv[2], "bare"), mem;
	char path[64];
	struct dirent *e;
	DIR *d;

	if (argc < 2)
		return fprintf(stderr, "usage: stopfloor PID [bare]\n"), 2;
	snprintf(path, sizeof(path), "/proc/%s/task", argv[1]);
	if (!(d = opendir(path)))
		return perror("stopfloor"), 1;
	while ((e = readdir(d)) && n < MAX_THREADS)
		if (e->d_name[0] != '.')
			tids[n++] = atoi(e->d_name);
	closedir(d);
	snprintf(path, sizeof(path), "/proc/%s/mem", argv[1]);
	mem = open(path, O_RDONLY);
	for (int i = 0; i < n; i++)
		ptrace(PTRACE_SEIZE, tids[i], 0, 0);
	for (int i = 0; i < n; i++)
		ptrace(PTRACE_INTERRUPT, tids[i], 0, 0);
	for (int i = 0; i < n; i++)
		waitpid(tids[i], &st, __WALL);
	for (int i = 0; i < n && !bare; i++) {
		struct iovec io = { regs, sizeof(regs) };
		unsigned long sp;

		ptrace(PTRACE_GETREGSET, tids[i], NT_PRSTATUS, &io);
		memcpy(&sp, regs + SP_OFF, sizeof(sp));
		pread(mem, page, sizeof(page) - (sp & 4095), sp);
	}
	for (int i = 0; i < n; i++)
		ptrace(PTRACE_DETACH, tids[i], 0, 0);
	return 0;
}
