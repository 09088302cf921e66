/* regs.h: a stopped thread's registers, by PTRACE_GETREGSET only (aarch64,
 * riscv64 and loongarch64 have no PTRACE_GETREGS) */
#ifndef REGS_H
#define REGS_H

#include <stddef.h>
#include <sys/types.h>

#include "arch.h"

enum {
	REGS_MAX = 512,        /* bytes: any arch's NT_PRSTATUS pr_reg fits */
	REGSET_MAX = 64 << 10, /* bytes: any set GETREGSET gives (XSTATE, SVE) fits */
};

/* The general registers, NT_PRSTATUS, into buf (REGS_MAX bytes). The layout
 * is chosen by the size the kernel returned, not by procbox's own arch (an
 * arm64 kernel gives 72 bytes for a 32-bit ARM task). The arch, or NULL with
 * errno (EPROTO: a layout procbox does not know). */
const struct arch *regs_read(pid_t tid, void *buf, size_t size);
/* Another set (NT_PRFPREG, NT_ARM_VFP, ...): its size, or -1 with errno. */
long regset_read(pid_t tid, unsigned type, void *buf, size_t size);

#endif
