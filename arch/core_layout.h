/* core_layout.h: the generic parts of the kernel's ELF core note structs
 * (include/uapi/linux/elfcore.h, include/linux/elfcore-compat.h), for 64-bit
 * tasks and for 32-bit ones. Each arch/<arch>/regs.c completes them with
 * its register set and locks the kernel's sizes with _Static_assert. */
#ifndef CORE_LAYOUT_H
#define CORE_LAYOUT_H

#include <stdint.h>

struct elf_siginfo_ {
	int32_t si_signo, si_code, si_errno;
};

struct timeval64_ {
	int64_t tv_sec, tv_usec;
};

struct timeval32_ {
	int32_t tv_sec, tv_usec;
};

/* struct elf_prstatus up to pr_reg, 64-bit task (long = 8) */
struct prstatus_head64 {
	struct elf_siginfo_ pr_info;
	int16_t pr_cursig;
	uint64_t pr_sigpend, pr_sighold;
	int32_t pr_pid, pr_ppid, pr_pgrp, pr_sid;
	struct timeval64_ pr_utime, pr_stime, pr_cutime, pr_cstime;
};

/* the same for a 32-bit task (long = 4), e.g. struct compat_elf_prstatus */
struct prstatus_head32 {
	struct elf_siginfo_ pr_info;
	int16_t pr_cursig;
	uint32_t pr_sigpend, pr_sighold;
	int32_t pr_pid, pr_ppid, pr_pgrp, pr_sid;
	struct timeval32_ pr_utime, pr_stime, pr_cutime, pr_cstime;
};

/* struct elf_prpsinfo, 64-bit task with 32-bit uid/gid */
struct prpsinfo64 {
	char pr_state, pr_sname, pr_zomb, pr_nice;
	uint64_t pr_flag;
	uint32_t pr_uid, pr_gid;
	int32_t pr_pid, pr_ppid, pr_pgrp, pr_sid;
	char pr_fname[16];
	char pr_psargs[80];
};

/* 32-bit task whose __kernel_uid_t is 16 bits (arm, and compat arm on arm64) */
struct prpsinfo32_uid16 {
	char pr_state, pr_sname, pr_zomb, pr_nice;
	uint32_t pr_flag;
	uint16_t pr_uid, pr_gid;
	int32_t pr_pid, pr_ppid, pr_pgrp, pr_sid;
	char pr_fname[16];
	char pr_psargs[80];
};

/* struct elf_prstatus of one arch: the head, its registers, pr_fpvalid */
#define PRSTATUS_STRUCT(NAME, HEAD, REGS) \
	struct NAME {                     \
		struct HEAD head;         \
		struct REGS pr_reg;       \
		int32_t pr_fpvalid;       \
	}

#endif
