/* regs.c: a stopped thread's register sets */
#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <sys/ptrace.h>
#include <sys/uio.h>

#include "regs.h"
#include "watchdog.h"

long regset_read(pid_t tid, unsigned type, void *buf, size_t size)
{
	struct iovec iov = { buf, size };

	if (ptrace(PTRACE_GETREGSET, tid, (void *)(uintptr_t)type, &iov))
		return -1;
	watchdog_tick();
	return iov.iov_len;
}

const struct arch *regs_read(pid_t tid, void *buf, size_t size)
{
	long n = regset_read(tid, NT_PRSTATUS, buf, size);
	const struct arch *a;

	if (n < 0)
		return NULL;
	a = arch_personality(arch_host(), n);
	if (!a)
		errno = EPROTO;
	return a;
}
