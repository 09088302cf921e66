/* hostile MODE [ARG]: targets that try to make procbox hold them forever.
 * A "gap" thread measures the longest time it was kept from running (a stop
 * of the process shows there); a control thread answers stdin: "gap" prints
 * "gap_ms=N" (and starts a new measure), "go" starts the mode's blocking
 * step, EOF ends the process.
 *   vfork       the main thread is a vfork parent whose child sleeps (the
 *               child prints "child=PID"): it cannot stop until the child goes
 *   read PATH   on "go", a thread reads PATH (a file of a FUSE file system
 *               whose daemon the test stops: a sleep no signal ends)
 *   map PATH    PATH mapped privately, every page read (resident)
 *   uffd        16 pages registered with userfaultfd, never served; a
 *               CLONE_VM sibling (another process: not stopped with this one)
 *               fills and drops one of them in a loop
 *   mem MIB     MIB of written memory (a run that takes a while)
 *   zero MIB    MIB of anonymous memory only read (the kernel's zero page
 *               mapped everywhere) but its first page, which holds "ZERO"
 *   shared      64 pages of shared anonymous memory: this process wrote the
 *               even ones, a forked child the odd ones (pattern: page number)
 *   seccomp     under a seccomp filter (one that allows everything)
 *   exitmain    the main thread leaves by pthread_exit(): its /proc/PID/maps
 *               is empty, the process lives on in its other threads
 * Prints "pid=N", "ready". */
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gap.h"
#include "uffd.h"

static pthread_mutex_t go_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t go_cond = PTHREAD_COND_INITIALIZER;
static int go;

static void *control(void *arg)
{
	char line[64];

	(void)arg;
	while (fgets(line, sizeof(line), stdin)) {
		if (!strncmp(line, "gap", 3)) {
			printf("gap_ms=%lld\n", gap_us / 1000);
			fflush(stdout);
			gap_us = 0;
		} else if (!strncmp(line, "go", 2)) {
			pthread_mutex_lock(&go_lock);
			go = 1;
			pthread_cond_broadcast(&go_cond);
			pthread_mutex_unlock(&go_lock);
		}
	}
	_exit(0);
	return NULL;
}

static void wait_go(void)
{
	pthread_mutex_lock(&go_lock);
	while (!go)
		pthread_cond_wait(&go_cond, &go_lock);
	pthread_mutex_unlock(&go_lock);
}

static void *reader(void *path)
{
	char buf[4096];
	int fd = open(path, O_RDONLY);

	wait_go();
	if (fd < 0 || read(fd, buf, sizeof(buf)) < 0)
		perror(path);
	return NULL;
}

static char *uffd_page;
static int uffd, page_size;

static int flipper(void *arg)
{
	char *src = arg;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	for (;;) {
		struct uffdio_copy c = { (uintptr_t)uffd_page, (uintptr_t)src, page_size, 0, 0 };

		ioctl(uffd, UFFDIO_COPY, &c);
		madvise(uffd_page, page_size, MADV_DONTNEED);
	}
	return 0;
}

static int setup_uffd(void)
{
	struct uffdio_api api = { .api = UFFD_API };
	char *p = mmap(NULL, 16 * page_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct uffdio_register reg = { { (uintptr_t)p, 16 * page_size }, UFFDIO_REGISTER_MODE_MISSING, 0 };
	char *src = malloc(page_size), *stack = mmap(NULL, 1 << 16, PROT_READ | PROT_WRITE,
						     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	memset(p, 'U', 16 * page_size); /* all present at first */
	if ((uffd = uffd_open()) < 0 || ioctl(uffd, UFFDIO_API, &api) || ioctl(uffd, UFFDIO_REGISTER, &reg)) {
		perror("userfaultfd");
		return -1;
	}
	memset(src, 'F', page_size);
	uffd_page = p + 8 * page_size;
	return clone(flipper, stack + (1 << 16), CLONE_VM | SIGCHLD, src) < 0 ? -1 : 0;
}

/* <linux/filter.h>'s cBPF, not in every musl toolchain */
struct bpf_insn { uint16_t code; uint8_t jt, jf; uint32_t k; };
struct bpf_prog { unsigned short len; struct bpf_insn *insns; };

static int setup_seccomp(void)
{
	struct bpf_insn allow = { 0x06 /* BPF_RET | BPF_K */, 0, 0, 0x7fff0000 /* SECCOMP_RET_ALLOW */ };
	struct bpf_prog prog = { 1, &allow };

	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || prctl(PR_SET_SECCOMP, 2 /* SECCOMP_MODE_FILTER */, &prog);
}

static int setup_shared(void)
{
	char *p = mmap(NULL, 64 * page_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t child;

	for (int i = 0; i < 64; i += 2)
		memset(p + i * page_size, i, page_size);
	if (!(child = fork())) {
		for (int i = 1; i < 64; i += 2)
			memset(p + i * page_size, i, page_size);
		_exit(0);
	}
	waitpid(child, NULL, 0);
	printf("shared=%lx\n", (unsigned long)p);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	pthread_t t;

	page_size = sysconf(_SC_PAGESIZE);
	if (pthread_create(&t, NULL, gap_meter, NULL))
		return 1;
	if (!strcmp(mode, "read") && argc > 2) {
		if (pthread_create(&t, NULL, reader, argv[2]))
			return 1;
	} else if (!strcmp(mode, "map") && argc > 2) {
		int fd = open(argv[2], O_RDONLY);
		off_t len = fd >= 0 ? lseek(fd, 0, SEEK_END) : -1;
		volatile char *p = len > 0 ? mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;

		if (p == MAP_FAILED)
			return perror(argv[2]), 1;
		for (off_t i = 0; i < len; i += page_size)
			(void)p[i];
		printf("map=%lx\n", (unsigned long)p);
	} else if (!strcmp(mode, "uffd")) {
		if (setup_uffd())
			return 1;
		printf("uffd=%lx\n", (unsigned long)(uffd_page - 8 * page_size));
	} else if (!strcmp(mode, "mem") && argc > 2) {
		size_t len = (size_t)atol(argv[2]) << 20;
		char *p = malloc(len);

		if (!p)
			return 1;
		for (size_t i = 0; i < len; i += page_size)
			p[i] = i / page_size + 1;
	} else if (!strcmp(mode, "zero") && argc > 2) {
		size_t len = (size_t)atol(argv[2]) << 20;
		/* between two PROT_NONE pages: a mapping of its own, never merged
		 * with a neighbour */
		char *g = mmap(NULL, len + 2 * page_size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		volatile char *p = g + page_size;
		char sum = 0;

		if (g == MAP_FAILED || mprotect((char *)p, len, PROT_READ | PROT_WRITE))
			return 1;
		madvise((void *)p, len, MADV_NOHUGEPAGE); /* small zero pages, not the huge one */
		for (size_t i = 0; i < len; i += page_size)
			sum += p[i];
		memcpy((char *)p, "ZERO", 4);
		printf("zero=%lx\nsum=%d\n", (unsigned long)p, sum);
	} else if (!strcmp(mode, "shared")) {
		setup_shared();
	} else if (!strcmp(mode, "seccomp")) {
		if (setup_seccomp())
			return perror("seccomp"), 1;
	} else if (strcmp(mode, "vfork") && strcmp(mode, "exitmain")) {
		fprintf(stderr, "usage: hostile vfork|read PATH|map PATH|uffd|mem MIB|zero MIB|shared|seccomp|exitmain\n");
		return 2;
	}
	printf("pid=%d\n", (int)getpid());
	if (strcmp(mode, "vfork"))
		printf("ready\n");
	fflush(stdout);
	if (pthread_create(&t, NULL, control, NULL))
		return 1;
	if (!strcmp(mode, "exitmain"))
		pthread_exit(NULL);
	if (!strcmp(mode, "vfork")) {
		pid_t c = vfork();

		if (!c) { /* only async-signal-safe calls in a vfork child */
			char msg[48];
			int n = snprintf(msg, sizeof(msg), "child=%d\nready\n", (int)getpid());

			write(1, msg, n);
			for (;;)
				pause();
		}
		waitpid(c, NULL, 0);
	}
	for (;;)
		pause();
}
