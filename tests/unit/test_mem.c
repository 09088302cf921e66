/* test_mem.c: lib/mem.c on a child process: its bytes, and pages it cannot give */
#include <signal.h>
#include <sys/mman.h>

#include "testutil.h"
#include "maps.h"
#include "mem.h"

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
	/* process_vm_readv stops at the PROT_NONE page; /proc/PID/mem reads it */
	assert_int_equal(mem_read(&m, (uintptr_t)p, buf, 2 * ps), ps);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_a_child_and_zero_fills_what_it_cannot),
	};

	return cmocka_run_group_tests_name("mem", tests, NULL, NULL);
}
