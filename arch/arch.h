/* arch.h: what procbox knows about an architecture, as plain data.
 * Every table is compiled into every build, so any build decodes any arch. */
#ifndef ARCH_H
#define ARCH_H

#include <stddef.h>
#include <stdint.h>

/* ROLE_ZERO: a hardwired zero register whose pr_reg slot may hold anything */
enum reg_role { ROLE_NONE, ROLE_PC, ROLE_SP, ROLE_FP, ROLE_LR, ROLE_RET, ROLE_SYSNO, ROLE_ZERO };

struct arch_reg {
	const char *name;   /* as gdb's "info registers" prints it */
	uint16_t off;       /* byte offset in pr_reg (the NT_PRSTATUS regset) */
	uint8_t size : 6;   /* bytes */
	uint8_t order : 2;  /* their order: the arch's byteorder (a register
	                       read alone, as arch_reg_value does, needs it) */
	uint8_t role;       /* enum reg_role */
};

/* A register set after NT_PRSTATUS, in the order the kernel's core dumper
 * writes them per thread: what PTRACE_GETREGSET(type) gives, what pcore
 * writes, and which registers in it pregs -f shows (regs may be empty). */
struct arch_regset {
	uint32_t type;        /* NT_PRFPREG, NT_ARM_VFP, ... */
	const char *owner;    /* its note's name in a core: "CORE" or "LINUX" */
	uint16_t size;        /* what the kernel's core note holds (GETREGSET may give
	                         more); 0 if it varies (XSTATE, SVE) */
	const struct arch_reg *regs;
	uint8_t nregs;
	/* GETREGSET says only how much room the set may take: its size is the
	 * u32 at its start (arm64's struct user_sve_header) */
	uint8_t size_in_header;
};

/* The psABI's DWARF register numbers, for CFI (arch/ARCH/dwarf.c): the
 * stack pointer (the CFA is its value in the caller), frame pointer, usual
 * return address column and pc (ARCH_DWARF_NONE where the pc has no number),
 * and the registers of regs that numbers 0, 1, ... stand for, by name. */
#define ARCH_DWARF_NONE 0xffff
struct arch_dwarf {
	uint16_t sp, fp, ra, pc;
	uint8_t thumb;  /* bit 0 of a code address is a mode (ARM Thumb), not an address bit */
	uint8_t nnames;
	const char *names; /* nnames names, each NUL-terminated; "" for none in pr_reg */
};

/* What pstack's unwinder knows of an arch beyond its CFI (arch/ARCH/unwind.c) */
/* A frame record: the frame pointer's DWARF number; from its value, where
 * the caller's frame pointer and the return address are saved, and the
 * caller's sp */
enum { SIGRET_MAX = 4 }; /* an arch's sigreturn trampolines */

/* In a signal frame, count registers from DWARF number reg, a word apart
 * from offset at */
struct arch_sigrun {
	uint8_t reg, count;
	int16_t at;
};

struct arch_frame_record {
	uint16_t fp;
	int8_t saved_fp, saved_ra, caller_sp;
};

struct arch_unwind {
	/* Is the instruction just before ra a call? before: the call_max
	 * bytes that precede ra (ra's mode bit cleared), in memory order.
	 * 0 no, 1 an indirect call, 2 a direct one, whose target is *to. */
	uint8_t call_max;
	int (*after_call)(const uint8_t *before, uint64_t ra, unsigned order, uint64_t *to);
	/* The frame-pointer chain as compilers lay it out with frame pointers
	 * kept: the record (has_caller_sp 0: its caller_sp only a lower bound,
	 * as on aarch64, where the record's place in the frame varies); Thumb
	 * code's own (fp 0: none) */
	struct arch_frame_record frame, thumb_frame;
	uint8_t has_caller_sp;
	/* A return address found on the stack is the caller's sp minus a word
	 * (pushed by the call, or saved at the top of the frame); 0 where it
	 * is saved at the frame's bottom (aarch64's stp x29, x30, [sp, #-N]!):
	 * the caller's sp is then sought, sp_align at a time */
	uint8_t scan_sp_exact, sp_align;
	/* The return address is in a register at a call (DWARF number; x86_64:
	 * none, it is pushed): a leaf function that saved nothing returns to it */
	uint8_t has_lr;
	uint16_t lr;
	/* The sigreturn trampolines a signal handler returns to (libc's
	 * restorers, the vDSO's: its CFI, where there is any, is not enough:
	 * arm64's restores x29 and x30 alone): their first bytes. There, sp
	 * is the kernel's signal frame, holding the interrupted registers:
	 * runs of registers saved a word apart, the pc's, and the word whose
	 * sig_thumb bit says Thumb state (ARM), from sp plus sigret_at (a
	 * frame of another layout than the offsets': ARM's without siginfo) */
	const uint8_t *sigret[SIGRET_MAX];
	uint8_t sigret_len[SIGRET_MAX];
	int16_t sigret_at[SIGRET_MAX];
	const struct arch_sigrun *sigregs;
	uint8_t nsigregs;
	int16_t sig_pc, sig_mode;
	uint32_t sig_thumb;
	/* Return addresses signed with a pointer authentication code (arm64
	 * PAC): the register set with the task's masks (NT_ARM_PAC_MASK:
	 * data_mask, insn_mask), the insn mask's offset in it, and the mask to
	 * use without it (the bits above a 48-bit address) */
	uint32_t pac_set;
	uint8_t pac_insn_off;
	uint64_t pac_default;
};

struct arch {
	const char *name;       /* uname -m style: x86_64, aarch64, armv7l, ... */
	uint16_t machine;       /* ELF e_machine */
	uint8_t elfclass;       /* ELFCLASS32 or ELFCLASS64 */
	uint8_t byteorder;      /* ELFDATA2LSB or ELFDATA2MSB: its registers', its cores' */
	const struct arch *compat; /* the arch of the 32-bit tasks its kernels run, if
	                              procbox knows it (x86_64's i386: no) */
	uint32_t page_size;     /* the usual page size of its kernels */
	uint32_t max_page_size; /* the largest a kernel of this arch may use */
	/* NT_PRSTATUS and NT_PRPSINFO as the kernel writes them for this task */
	uint16_t prstatus_size;
	uint16_t pr_reg_off;
	uint16_t pr_reg_size;   /* also what PTRACE_GETREGSET(NT_PRSTATUS) returns */
	uint16_t prpsinfo_size;
	const struct arch_reg *regs; /* in gdb's display order */
	uint8_t nregs;
	/* The ROLE_SYSNO register says -1 outside a syscall (x86_64's
	 * orig_rax); elsewhere it is the register the number is passed in,
	 * which holds it only inside one. */
	uint8_t sysno_exact;
	const struct arch_regset *regsets;
	uint8_t nregsets;
	/* A note the kernel writes once, after every thread's (x86_64:
	 * NT_X86_XSAVE_LAYOUT), made from the first thread's set of type
	 * extra_note_from: its size into out, or -1 if it cannot be made here. */
	uint32_t extra_note_type, extra_note_from;
	long (*extra_note)(const void *set, size_t len, void *out, size_t cap);
	const struct arch_dwarf *dwarf; /* arch/ARCH/dwarf.c */
	const struct arch_unwind *unwind; /* arch/ARCH/unwind.c */
};

extern const struct arch arch_x86_64, arch_aarch64, arch_armv7l, arch_riscv64, arch_loongarch64;
extern const struct arch *const arch_all[]; /* NULL-terminated */
extern const struct arch_unwind arch_x86_64_unwind, arch_aarch64_unwind, arch_armv7l_unwind,
	arch_riscv64_unwind, arch_loongarch64_unwind;
extern const struct arch_dwarf arch_x86_64_dwarf, arch_aarch64_dwarf, arch_armv7l_dwarf,
	arch_riscv64_dwarf, arch_loongarch64_dwarf;

const struct arch *arch_host(void);
const struct arch *arch_by_name(const char *name);
/* The one of among (NULL-terminated: arch_all, or a test's) of an ELF file's
 * e_machine, class and byte order */
const struct arch *arch_by_elf(const struct arch *const *among, unsigned machine, unsigned elfclass,
			       unsigned order);
/* The layout of a task's registers on a kernel of arch host, from the size
 * PTRACE_GETREGSET(NT_PRSTATUS) gave: host's own or its compat arch's (an
 * arm64 kernel gives 72 bytes for a 32-bit ARM task), as strace chooses a
 * personality; NULL if neither. Another arch's set of the same size (s390x's
 * 216 bytes are x86_64's, mips64's 360 loongarch64's) is never taken. */
const struct arch *arch_personality(const struct arch *host, size_t pr_reg_size);
const struct arch_reg *arch_reg_by_name(const struct arch *a, const char *name);
const struct arch_reg *arch_reg_by_role(const struct arch *a, enum reg_role role);
/* A register of up to 8 bytes (the low 8 of a larger one), in its byte order */
uint64_t arch_reg_value(const struct arch_reg *r, const void *pr_reg);
/* Any register (vectors too) as "0x..." without leading zeros; buf >= 68 */
char *arch_reg_hex(const struct arch_reg *r, const void *set, char *buf);
const struct arch_regset *arch_regset(const struct arch *a, uint32_t type);
/* arch/dwarf.c: the register DWARF number n stands for, NULL if none */
const struct arch_reg *arch_dwarf_reg(const struct arch *a, unsigned n);

/* Table rows from a register struct's fields: name, field, role. Each
 * arch/<arch>/regs.c defines ARCH_ORDER, its byte order, before its tables. */
#define ARCH_REG(STRUCT, NAME, FIELD, ROLE) \
	ARCH_AT(NAME, offsetof(struct STRUCT, FIELD), sizeof(((struct STRUCT *)0)->FIELD), ROLE)
#define ARCH_NREGS(T) (sizeof(T) / sizeof((T)[0]))
/* a register at a byte offset of a set that has no struct of ours */
#define ARCH_RAW(NAME, OFF, SIZE) ARCH_AT(NAME, OFF, SIZE, ROLE_NONE)
#define ARCH_AT(NAME, OFF, SIZE, ROLE) { NAME, OFF, SIZE, ARCH_ORDER, ROLE }
#define ARCH_SET(TYPE, OWNER, SIZE, REGS) { TYPE, OWNER, SIZE, REGS, ARCH_NREGS(REGS), 0 }
#define ARCH_SET_OPAQUE(TYPE, OWNER, SIZE) { TYPE, OWNER, SIZE, NULL, 0, 0 }
#define ARCH_SET_HEADER(TYPE, OWNER) { TYPE, OWNER, 0, NULL, 0, 1 }
/* The note sizes of struct arch, from the arch's own structs. */
#define ARCH_NOTES(PRSTATUS, PRPSINFO)                                       \
	.prstatus_size = sizeof(struct PRSTATUS),                            \
	.pr_reg_off = offsetof(struct PRSTATUS, pr_reg),                     \
	.pr_reg_size = sizeof(((struct PRSTATUS *)0)->pr_reg),               \
	.prpsinfo_size = sizeof(struct PRPSINFO)

#endif
