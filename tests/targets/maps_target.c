/* maps_target: a process with known mappings, for the live tests.
 * Prints key=value lines (addresses in hex), then "ready", then waits until
 * its stdin closes. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <unistd.h>

#ifndef PR_SET_VMA
#define PR_SET_VMA 0x53564d41
#define PR_SET_VMA_ANON_NAME 0
#endif

static void show(const char *key, void *addr, size_t len)
{
	printf("%s_addr=%lx\n%s_size=%zu\n", key, (unsigned long)addr, key, len);
}

int main(int argc, char **argv)
{
	long ps = sysconf(_SC_PAGESIZE);
	const char *dir = argc > 1 ? argv[1] : "/tmp";
	char path[4096], c;
	/* one reservation cut up with MAP_FIXED, guards keep the kernel from merging */
	size_t n_touched = 16, n_untouched = 64, n_named = 4;
	size_t total = (1 + n_touched + 1 + n_untouched + 1 + n_named + 1) * ps;
	char *base = mmap(NULL, total, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *touched = base + ps, *untouched = touched + (n_touched + 1) * ps;
	char *named = untouched + (n_untouched + 1) * ps;
	int fd, named_ok, shmid;
	char *file, *noreserve, *shm = NULL;

	if (base == MAP_FAILED)
		return 1;
	mmap(touched, n_touched * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	mmap(untouched, n_untouched * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	mmap(named, n_named * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	for (size_t i = 0; i < n_touched; i += 2) /* every other page: 8 of 16 */
		memset(touched + i * ps, 0x5a, ps);
	memset(named, 'N', n_named * ps);
	named_ok = prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, (unsigned long)named, n_named * ps,
			 (unsigned long)"procbox test") == 0;

	/* a private file mapping with a space in its name: 4 pages, 1 read, 1 written */
	snprintf(path, sizeof(path), "%s/maps target %d.dat", dir, (int)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, 4 * ps))
		return 1;
	file = mmap(NULL, 4 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (file == MAP_FAILED)
		return 1;
	c = file[0];
	file[2 * ps] = c + 1;

	/* no swap reserved (VmFlags nr), and System V shared memory (removed at once:
	 * it lives while attached) */
	noreserve = mmap(NULL, 4 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (noreserve == MAP_FAILED)
		return 1;
	shmid = shmget(IPC_PRIVATE, 2 * ps, IPC_CREAT | 0600);
	if (shmid >= 0) {
		shm = shmat(shmid, NULL, 0);
		shmctl(shmid, IPC_RMID, NULL);
		if (shm == (void *)-1)
			shm = NULL;
	}

	printf("pid=%d\npagesize=%ld\n", (int)getpid(), ps);
	show("guard", base, ps);
	show("touched", touched, n_touched * ps);
	printf("touched_pages=%zu\n", n_touched / 2);
	show("untouched", untouched, n_untouched * ps);
	show("named", named, n_named * ps);
	printf("named_ok=%d\n", named_ok);
	show("file", file, 4 * ps);
	show("noreserve", noreserve, 4 * ps);
	if (shm)
		show("shm", shm, 2 * ps);
	printf("shmid=%d\n", shm ? shmid : -1);
	printf("file_path=%s\nready\n", path);
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	unlink(path);
	return 0;
}
