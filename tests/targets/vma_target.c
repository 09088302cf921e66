/* vma_target DIR: mappings that put the kernel's dump rules to the test (which
 * private mappings have an anon_vma, PROT_NONE memory, NT_FILE names). Prints
 * key=value lines (addresses in hex), "ready", and waits until stdin closes.
 *   early_split  2 pages + 8 MiB: MADV_NOHUGEPAGE on the 2 pages, then page 0
 *                written: the split came before the anon_vma, so the 8 MiB
 *                has none (a JVM's heap next to its code has this shape)
 *   ro_middle    8 pages, pages 3-4 written, then made read-only: the
 *                untouched rw- halves on both sides share their anon_vma
 *   ro_rest      8 pages, page 0 written, pages 1-7 then made read-only
 *                (they keep VmFlags ac: they had the anon_vma)
 *   ro_untouched 4 pages never written, made read-only (ac dropped: no anon_vma)
 *   none_touched 4 pages of "PROTNONE", then PROT_NONE
 *   none_rest    8 pages, page 0 written, pages 1-7 then PROT_NONE
 *   newline      DIR/vma_target.PID\nname.dat, 2 pages mapped: a file name
 *                with a newline (maps shows it as \012)
 * Each is cut from one PROT_NONE reservation, a guard page after each (the
 * guards never have an anon_vma). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static char *cursor;
static long ps;

static char *carve(const char *key, size_t len)
{
	char *p = mmap(cursor, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

	if (p == MAP_FAILED)
		perror("mmap"), exit(1);
	cursor += len + ps;
	printf("%s_addr=%lx\n%s_size=%zu\n", key, (unsigned long)p, key, len);
	return p;
}

static void protect(char *p, size_t len, int prot)
{
	if (mprotect(p, len, prot))
		perror("mprotect"), exit(1);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/tmp";
	char path[4096], c, *p, *file;
	int fd;

	ps = sysconf(_SC_PAGESIZE);
	cursor = mmap(NULL, (8 << 20) + 64 * ps, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (cursor == MAP_FAILED)
		return perror("mmap"), 1;
	cursor += ps;
	printf("pid=%d\npagesize=%ld\n", (int)getpid(), ps);

	p = carve("early_split", 2 * ps + (8 << 20));
	madvise(p, 2 * ps, MADV_NOHUGEPAGE);
	p[0] = 1;

	p = carve("ro_middle", 8 * ps);
	memset(p + 3 * ps, 2, 2 * ps);
	protect(p + 3 * ps, 2 * ps, PROT_READ);

	p = carve("ro_rest", 8 * ps);
	p[0] = 3;
	protect(p + ps, 7 * ps, PROT_READ);

	p = carve("ro_untouched", 4 * ps);
	protect(p, 4 * ps, PROT_READ);

	p = carve("none_touched", 4 * ps);
	for (long i = 0; i < 4 * ps; i += 8)
		memcpy(p + i, "PROTNONE", 8);
	protect(p, 4 * ps, PROT_NONE);

	p = carve("none_rest", 8 * ps);
	p[0] = 4;
	protect(p + ps, 7 * ps, PROT_NONE);

	snprintf(path, sizeof(path), "%s/vma_target.%d\nname.dat", dir, (int)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, 2 * ps) ||
	    (file = mmap(NULL, 2 * ps, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED)
		return perror("newline file"), 1;
	close(fd);
	printf("newline_addr=%lx\nready\n", (unsigned long)file);
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	unlink(path);
	return 0;
}
