/* fuzz_unwind: lib/unwind.c's walk on a hostile stack and hostile code, with
 * no unwind tables (the link register, the frame-pointer chain, the scan,
 * signal frames: what runs where tables are missing). The input:
 *   byte 0      the arch (index into arch_all)
 *   then        the task's registers (the arch's pr_reg_size bytes), then
 *               memory: the first half mapped r-x at CODE (the calls the
 *               scan validates, the trampolines), all of it rw- at STACK
 * Beyond no crash: the walk ends within its cap, never repeats a frame, and
 * its sp never goes down but through a signal frame. */
#include "fuzz.h"
#include "unwind.h"

enum { CODE = 0x400000, STACK = 0x7f0000 };

struct mem {
	const uint8_t *p;
	size_t n;
};

static int mem_read(void *ctx, uint64_t addr, void *buf, size_t n)
{
	const struct mem *m = ctx;
	uint64_t base = addr >= STACK ? STACK : CODE;

	if (addr < base || addr - base > m->n || n > m->n - (addr - base))
		return -1;
	memcpy(buf, m->p + (addr - base), n);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char code_line[] = "400000-500000 r-xp 00000000 00:00 0\n7f0000-900000 rw-p 00000000 00:00 0 [stack]\n";
	const struct arch *a;
	size_t na = 0;
	struct maps maps;
	struct modules ms;
	struct mem m;
	struct frame f[64];
	struct unwinder u;
	int n;

	while (arch_all[na])
		na++;
	if (size < 1 || (a = arch_all[data[0] % na], size < 1 + a->pr_reg_size))
		return 0;
	m = (struct mem){ data + 1 + a->pr_reg_size, size - 1 - a->pr_reg_size };
	if (maps_parse(&maps, strdup(code_line), "fuzz"))
		abort();
	modules_init(&ms, a, &maps, 0, NULL, NULL);
	u = (struct unwinder){ .arch = a, .mods = &ms, .maps = &maps, .read = mem_read, .ctx = &m, .scan_bytes = 4096 };
	n = unwind(&u, data + 1, f, 64);
	if (n < 1 || n > 64)
		abort();
	for (int i = 1; i < n; i++) {
		if (f[i].how != HOW_SIGNAL && f[i].sp < f[i - 1].sp)
			abort();
		for (int j = 0; j < i; j++)
			if (f[i].pc == f[j].pc && f[i].sp == f[j].sp)
				abort();
	}
	modules_free(&ms);
	maps_free(&maps);
	return 0;
}
