/* floor PID OUT: the least any core writer must do: for each mapping, find
 * the populated pages (PAGEMAP_SCAN), read them (process_vm_readv, 1 MiB at a
 * time) and write them to OUT. No ELF, no stopping the process, no care: a
 * yardstick for make bench. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <unistd.h>

struct pm_scan_arg {
	uint64_t size, flags, start, end, walk_end, vec, vec_len, max_pages;
	uint64_t category_inverted, category_mask, category_anyof_mask, return_mask;
};
struct page_region {
	uint64_t start, end, categories;
};
#define PAGEMAP_SCAN _IOWR('f', 16, struct pm_scan_arg)

static char buf[1 << 20];
static struct page_region vec[4096];

static int dump(int pid, int pm, int out, uint64_t start, uint64_t end)
{
	struct pm_scan_arg a = { .size = sizeof(a), .start = start, .end = end, .vec = (uintptr_t)vec,
				 .vec_len = 4096, .category_anyof_mask = 3 << 3, .return_mask = 3 << 3,
				 /* not pages mapping the zero page: gcore's reads leave those */
				 .category_inverted = 1 << 5, .category_mask = 1 << 5 };
	long n;

	while ((n = ioctl(pm, PAGEMAP_SCAN, &a)) > 0) {
		for (long i = 0; i < n; i++)
			for (uint64_t p = vec[i].start; p < vec[i].end;) {
				size_t len = vec[i].end - p < sizeof(buf) ? vec[i].end - p : sizeof(buf);
				struct iovec l = { buf, len }, r = { (void *)p, len };
				ssize_t got = process_vm_readv(pid, &l, 1, &r, 1, 0);

				if (got <= 0)
					got = 4096; /* [vvar] and the like */
				else if (write(out, buf, got) != got)
					return -1;
				p += got;
			}
		if (a.walk_end >= a.end)
			break;
		a.start = a.walk_end;
	}
	return n < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	char path[64], line[4096];
	int pid, pm, out;
	FILE *maps;
	unsigned long long start, end;

	if (argc != 3)
		return fprintf(stderr, "usage: floor PID OUT\n"), 2;
	pid = atoi(argv[1]);
	snprintf(path, sizeof(path), "/proc/%d/pagemap", pid);
	pm = open(path, O_RDONLY);
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	maps = fopen(path, "r");
	out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (pm < 0 || !maps || out < 0)
		return perror("floor"), 1;
	while (fgets(line, sizeof(line), maps))
		if (sscanf(line, "%llx-%llx", &start, &end) == 2 && !strstr(line, "[vsyscall]") &&
		    dump(pid, pm, out, start, end))
			return perror("floor"), 1;
	return close(out);
}
