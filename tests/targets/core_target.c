/* core_target DIR [UNTOUCHED_MIB [WRITTEN_MIB]]: a process with known memory and threads,
 * for the pcore and pdump tests. Prints key=value lines (addresses in hex),
 * "ready", and waits until its stdin closes.
 *   pattern    256 KiB anonymous, page i filled with "PAGE%04d" (8 bytes) repeated
 *   sparse     1 MiB anonymous, only the page at 512 KiB written ("PROCBOX-SPARSE-PAGE")
 *   untouched  UNTOUCHED_MIB (default 64) MiB, MAP_NORESERVE, never touched
 *   dontdump   64 KiB written, madvise(MADV_DONTDUMP)
 *   named      4 pages of "NAMEDVMA", named "pb-named" where the kernel can
 *              (CONFIG_ANON_VMA_NAME: named_ok=1)
 *   written    WRITTEN_MIB (default 0) MiB anonymous, every page written
 *   file       DIR/core_target.PID.dat, 4 pages of "FILE%04d" (page number)
 *              repeated, mapped private: page 1 rewritten with "DIRT0001"
 *              repeated, page 2 read, pages 0 and 3 never touched
 *   memfd      64 KiB shared, "PROCBOX-SHMEMFD-" repeated
 *   heap       a malloc'd string "PROCBOX-HEAP-MARKER"
 *   threads    main (blocked in read), "spinner" (core_outer -> core_middle ->
 *              magic registers, spinning), "sleeper" (blocked in read) */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "magic.h"

#ifndef PR_SET_VMA
#define PR_SET_VMA 0x53564d41
#define PR_SET_VMA_ANON_NAME 0
#endif

static int sleep_pipe[2];

__attribute__((noinline)) void core_middle(void)
{
	magic_spin();
}

__attribute__((noinline)) void core_outer(void)
{
	core_middle();
	__asm__ volatile(""); /* not a tail call: core_outer stays in the backtrace */
}

static void *spinner(void *arg)
{
	(void)arg;
	prctl(PR_SET_NAME, "spinner");
	core_outer();
	return NULL;
}

static void *sleeper(void *arg)
{
	char c;

	(void)arg;
	prctl(PR_SET_NAME, "sleeper");
	while (read(sleep_pipe[0], &c, 1) > 0)
		;
	return NULL;
}

static void fill(char *p, size_t len, const char *pat)
{
	size_t n = strlen(pat);

	for (size_t i = 0; i < len; i++)
		p[i] = pat[i % n];
}

static void show(const char *key, void *addr, size_t len)
{
	printf("%s_addr=%lx\n%s_size=%zu\n", key, (unsigned long)addr, key, len);
}

/* The regions are cut from one PROT_NONE reservation, a guard page after
 * each: the kernel cannot merge them. */
static char *cursor;

static void *carve(size_t len, int flags)
{
	void *p = mmap(cursor, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | flags, -1, 0);

	if (p == MAP_FAILED)
		perror("mmap"), exit(1);
	cursor += len + sysconf(_SC_PAGESIZE);
	return p;
}

int main(int argc, char **argv)
{
	long ps = sysconf(_SC_PAGESIZE);
	const char *dir = argc > 1 ? argv[1] : "/tmp";
	size_t untouched_len = (argc > 2 ? strtoull(argv[2], NULL, 10) : 64) << 20;
	size_t written_len = (argc > 3 ? strtoull(argv[3], NULL, 10) : 0) << 20;
	char path[4096], tag[16], c, *pattern, *sparse, *untouched, *dontdump, *named, *file, *shm, *marker, *written;
	pthread_t t1, t2;
	int fd, named_ok;

	cursor = mmap(NULL, untouched_len + written_len + (2 << 20) + 95 * ps, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		      -1, 0);
	if (cursor == MAP_FAILED)
		return perror("mmap"), 1;
	cursor += ps;
	pattern = carve(64 * ps, 0);
	for (int i = 0; i < 64; i++) {
		snprintf(tag, sizeof(tag), "PAGE%04d", i);
		fill(pattern + i * ps, ps, tag);
	}
	sparse = carve(1 << 20, 0);
	strcpy(sparse + (512 << 10), "PROCBOX-SPARSE-PAGE");
	untouched = carve(untouched_len, MAP_NORESERVE);
	dontdump = carve(16 * ps, 0);
	fill(dontdump, 16 * ps, "D");
	madvise(dontdump, 16 * ps, MADV_DONTDUMP);
	named = carve(4 * ps, 0);
	fill(named, 4 * ps, "NAMEDVMA");
	named_ok = !prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, named, 4 * ps, "pb-named");
	written = written_len ? carve(written_len, 0) : NULL;
	for (size_t i = 0; i < written_len; i += ps)
		memset(written + i, (int)(i / ps) | 1, ps);

	snprintf(path, sizeof(path), "%s/core_target.%d.dat", dir, (int)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	for (int i = 0; fd >= 0 && i < 4; i++) {
		char *page = malloc(ps);

		snprintf(tag, sizeof(tag), "FILE%04d", i);
		fill(page, ps, tag);
		if (write(fd, page, ps) != ps)
			return perror(path), 1;
		free(page);
	}
	if (fd < 0 || (file = mmap(NULL, 4 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0)) == MAP_FAILED)
		return perror(path), 1;
	close(fd);
	fill(file + ps, ps, "DIRT0001");
	c = *(volatile char *)(file + 2 * ps);

	fd = syscall(SYS_memfd_create, "procbox-memfd", 0);
	if (fd < 0 || ftruncate(fd, 16 * ps) ||
	    (shm = mmap(NULL, 16 * ps, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)) == MAP_FAILED)
		return perror("memfd"), 1;
	fill(shm, 16 * ps, "PROCBOX-SHMEMFD-");

	marker = malloc(64);
	strcpy(marker, "PROCBOX-HEAP-MARKER");
	if (pipe(sleep_pipe) || pthread_create(&t1, NULL, spinner, NULL) || pthread_create(&t2, NULL, sleeper, NULL))
		return 1;

	printf("pid=%d\npagesize=%ld\nlong_bit=%d\nmagic_regs=%s\n", (int)getpid(), ps, (int)sizeof(long) * 8,
	       MAGIC_REGS);
	show("pattern", pattern, 64 * ps);
	show("sparse", sparse, 1 << 20);
	show("untouched", untouched, untouched_len);
	show("dontdump", dontdump, 16 * ps);
	show("named", named, 4 * ps);
	printf("named_ok=%d\n", named_ok);
	show("file", file, 4 * ps);
	show("memfd", shm, 16 * ps);
	show("written", written, written_len);
	printf("file_path=%s\nheap_marker=%lx\nready\n", path, (unsigned long)marker);
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	unlink(path);
	return 0;
}
