/* test_mem.c: lib/mem.c on a child process: its bytes, and pages it cannot give */
#include <signal.h>
#include <sys/mman.h>

#include "testutil.h"
#include "maps.h"
#include "mem.h"
#include "../targets/uffd.h"

static void reads_a_child_and_zero_fills_what_it_cannot(void **state)
{
	long ps = sysconf(_SC_PAGESIZE);
	/* page 0 and 3 rw, page 1 PROT_NONE (all with a pattern), page 2 unmapped */
	unsigned char *p = mmap(NULL, 4 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char *buf = malloc(4 * ps);
	int go[2];
	pid_t child;
	struct mem m;
	uint64_t bad = 0;

	(void)state;
	skip_under_qemu("process_vm_readv and /proc/PID/mem of another process need a real kernel");
	assert_true(p != MAP_FAILED && buf);
	for (long i = 0; i < 4 * ps; i++)
		p[i] = i * 7 + 1;
	assert_int_equal(mprotect(p + ps, ps, PROT_NONE), 0);
	assert_int_equal(munmap(p + 2 * ps, ps), 0);
	assert_int_equal(pipe(go), 0);
	child = fork();
	if (!child) {
		char c;

		close(go[1]);
		read(go[0], &c, 1); /* until the parent is done */
		_exit(0);
	}
	assert_int_equal(mprotect(p + ps, ps, PROT_READ), 0); /* ours, to compare with */
	mem_init(&m, child);
	assert_int_equal(mem_read(&m, (uintptr_t)p, buf, ps), ps);
	assert_memory_equal(buf, p, ps);
	/* the PROT_NONE page too (/proc/PID/mem reads with FOLL_FORCE, as the
	 * kernel's dumper does), and the read stops at the hole after it */
	assert_int_equal(mem_read(&m, (uintptr_t)p, buf, 3 * ps), 2 * ps);
	assert_int_equal(mem_read(&m, (uintptr_t)p + ps, buf, ps), ps);
	assert_memory_equal(buf, p + ps, ps);
	/* all four: only the unmapped page is missing, as zeros, counted */
	memset(buf, 0xee, 4 * ps);
	mem_read_all(&m, (uintptr_t)p, buf, 4 * ps, ps, &bad);
	assert_int_equal(bad, 1);
	assert_memory_equal(buf, p, 2 * ps);
	assert_memory_equal(buf + 3 * ps, p + 3 * ps, ps);
	for (long i = 2 * ps; i < 3 * ps; i++)
		assert_int_equal(buf[i], 0);
	errno = 0;
	assert_int_equal(mem_read(&m, (uintptr_t)p + 2 * ps, buf, 16), -1);
	assert_int_not_equal(errno, 0);
	mem_close(&m);
	close(go[1]);
	waitpid(child, NULL, 0);
	free(buf);
}

static long smaps_kb(pid_t pid, const char *key)
{
	char path[64], *s, *p;
	long v = -1;

	snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", (int)pid);
	if ((s = slurp(path, NULL)) && (p = strstr(s, key)))
		v = atol(p + strlen(key));
	free(s);
	return v;
}

/* A forked child shares its parent's anonymous pages copy-on-write: reading
 * them must leave them shared (process_vm_readv's pinning gives the child a
 * copy of each page it reads). */
static void leaves_copy_on_write_pages_shared(void **state)
{
	size_t len = 8 << 20;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), *buf = malloc(len);
	int go[2];
	long before, after;
	pid_t child;
	struct mem m;

	(void)state;
	skip_under_qemu("/proc/PID/smaps_rollup of another process needs a real kernel");
	assert_true(p != MAP_FAILED && buf);
	memset(p, 0x5a, len);
	assert_int_equal(pipe(go), 0);
	if (!(child = fork())) {
		char c;

		close(go[1]);
		read(go[0], &c, 1);
		_exit(0);
	}
	before = smaps_kb(child, "Shared_Dirty:");
	mem_init(&m, child);
	assert_int_equal(mem_read(&m, (uintptr_t)p, buf, len), len);
	assert_memory_equal(buf, p, len);
	after = smaps_kb(child, "Shared_Dirty:");
	mem_close(&m);
	close(go[1]);
	waitpid(child, NULL, 0);
	assert_true(before >= (long)(len >> 10));
	assert_true(after >= before - 64); /* kB: nothing unshared */
	munmap(p, len);
	free(buf);
}

/* A missing page of a userfaultfd range: a read gives up at once (EIO)
 * instead of waiting for a handler that may never come. */
static void never_waits_on_userfaultfd(void **state)
{
	long ps = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 4 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), buf[64];
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .range = { (uintptr_t)p, 4 * ps }, .mode = UFFDIO_REGISTER_MODE_MISSING };
	int uffd;
	struct mem m;

	(void)state;
	skip_under_qemu("userfaultfd and /proc/PID/mem of another process need a real kernel");
	p[0] = 1; /* page 0 present, the others missing and registered */
	uffd = uffd_open();
	if (uffd < 0 || ioctl(uffd, UFFDIO_API, &api) || ioctl(uffd, UFFDIO_REGISTER, &reg)) {
		print_message("skip: no userfaultfd here (%s)\n", strerror(errno));
		skip();
	}
	/* our own memory: nobody would ever serve the fault (process_vm_readv
	 * hangs here for good) */
	mem_init(&m, getpid());
	alarm(5); /* a hang fails the test instead of stalling the suite */
	assert_int_equal(mem_read(&m, (uintptr_t)p, buf, sizeof(buf)), sizeof(buf));
	assert_int_equal(mem_read(&m, (uintptr_t)p + ps, buf, sizeof(buf)), -1);
	alarm(0);
	mem_close(&m);
	close(uffd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_a_child_and_zero_fills_what_it_cannot),
		cmocka_unit_test(leaves_copy_on_write_pages_shared),
		cmocka_unit_test(never_waits_on_userfaultfd),
	};

	return cmocka_run_group_tests_name("mem", tests, NULL, NULL);
}
