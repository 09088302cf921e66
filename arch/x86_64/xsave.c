/* xsave.c: NT_X86_XSAVE_LAYOUT as arch/x86/kernel/fpu/xstate.c writes it: a
 * struct x86_xfeat_component { type, size, offset, flags } for each extended
 * feature (2 and up) the kernel saves for user space. The features are the
 * XSTATE set's sw_reserved word (offset 464, as gdb reads it); sizes and
 * offsets are CPUID leaf 0xd's, which only an x86 CPU can answer. */
#include <stdint.h>

#include "byteorder.h"
#include "xsave.h"

long x86_xsave_layout(const void *xstate, size_t len, void *out, size_t cap)
{
#if defined(__x86_64__) || defined(__i386__)
	uint64_t features;
	size_t n = 0;

	if (len < 472)
		return -1;
	features = get64((const char *)xstate + 464, ELFDATA2LSB);
	for (unsigned i = 2; i < 64; i++) {
		uint32_t c[4], eax, ebx, ecx, edx;

		if (!(features >> i & 1))
			continue;
		__asm__ volatile("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx) : "a"(0xd), "c"(i));
		if (n + 16 > cap)
			return -1;
		c[0] = i, c[1] = eax, c[2] = ebx, c[3] = 0;
		for (int k = 0; k < 4; k++, n += 4)
			put32((char *)out + n, c[k], ELFDATA2LSB);
	}
	return n;
#else
	(void)xstate, (void)len, (void)out, (void)cap;
	return -1;
#endif
}
