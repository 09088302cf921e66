/* exidx.h: the 32-bit Arm exception-handling tables (EHABI: .ARM.exidx and
 * .ARM.extab), which is all the unwind information Arm's GCC writes for C
 * without -g and all that armhf libc and libgcc_s carry: the look-up of a
 * pc's entry, its decoding, and one unwinding step on the CFI engine's
 * register state (DWARF numbers: r0-r15 are 0-15), so that a walk may mix
 * EHABI and CFI steps. Reads nothing but the buffers it is given and, to
 * step, the memory a callback reads: no /proc, no ptrace. Either byte order
 * (the tables are in the ELF's); every length checked, nothing recursive,
 * every loop bounded by the input. */
#ifndef EXIDX_H
#define EXIDX_H

#include <stddef.h>
#include <stdint.h>

#include "cfi.h"

/* Errors, negative; exidx_strerror names them. */
enum {
	EXIDX_E_TRUNCATED = -1,   /* a table, an entry or an instruction runs past its end */
	EXIDX_E_BAD = -2,         /* malformed: out of order, pointing outside, a spare instruction */
	EXIDX_E_UNSUPPORTED = -3, /* a personality routine whose data we do not read */
	EXIDX_E_NOENTRY = -4,     /* no entry covers the pc */
	EXIDX_E_NOREG = -5,       /* an instruction needs a register whose value is unknown */
	EXIDX_E_READ = -6,        /* the memory callback failed */
	EXIDX_E_LOOP = -7,        /* a step that would leave pc and sp as they were */
};
const char *exidx_strerror(int err);

/* A section as the process sees it: addr is data[0]'s address there
 * (sh_addr + the load bias). Every pointer in the tables is prel31,
 * relative to where it lies, so no other bias applies. */
struct exidx_section {
	const uint8_t *data;
	size_t size;
	uint64_t addr;
};

struct exidx {
	struct exidx_section idx; /* .ARM.exidx: 8-byte entries sorted by function */
	struct exidx_section tab; /* .ARM.extab, or any buffer holding it (the text
				   * segment, when there are no section headers);
				   * size 0: none, an entry pointing there is refused */
	size_t n;                 /* entries */
	uint8_t big_endian;
	/* A routine other than the compact ones 0-2 says what its data means;
	 * every GNU one (__gcc_personality_v0, __gxx_personality_v0, ...) lays
	 * it out as compact 1 and 2 do, after a count byte. Set: take any
	 * routine's data so (as libgcc's unwinder and libunwind do); clear:
	 * such entries decode without instructions and do not step. */
	uint8_t gnu_personality;
};

/* 0, or an error if the table is not one: a size not a multiple of 8, a
 * first word with bit 31 set, functions out of order. */
int exidx_open(struct exidx *t, const struct exidx_section *idx, const struct exidx_section *tab,
	       int big_endian);

/* The entry covering pc (the last whose function starts at or before it;
 * the Thumb bit of either ignored): 0 and its index, or EXIDX_E_NOENTRY. */
int exidx_find(const struct exidx *t, uint64_t pc, size_t *i);

enum exidx_kind {
	EXIDX_CANTUNWIND, /* the function cannot be unwound (the word 1) */
	EXIDX_COMPACT,    /* compact model, personality routine 0, 1 or 2 */
	EXIDX_GENERIC,    /* a personality routine at .personality */
};

/* 3 bytes, then 255 words of 4 */
#define EXIDX_MAX_OPS 1023

struct exidx_entry {
	uint64_t fn;          /* the function's address as the table has it (a
			       * Thumb bit kept) ... */
	uint64_t end;         /* ... and the next entry's: this one holds for
			       * [fn, end); 2^32 for the last */
	uint32_t word;        /* the entry's second word as it is */
	uint64_t extab;       /* its .ARM.extab entry's address; 0: inline */
	uint64_t personality; /* EXIDX_GENERIC: the routine's address */
	uint8_t kind;         /* enum exidx_kind */
	uint8_t index;        /* EXIDX_COMPACT: the routine, 0, 1 or 2 */
	uint16_t nops;
	uint8_t ops[EXIDX_MAX_OPS]; /* the unwind instructions' bytes, in order */
};

/* Entry i: 0, or an error (an extab pointer outside t->tab, an entry
 * running past its end, a reserved compact routine 3-15). */
int exidx_entry(const struct exidx *t, size_t i, struct exidx_entry *e);

/* One unwind instruction */
enum exidx_op {
	EXIDX_OP_VSP_ADD,  /* vsp += n: 00-3f, b2 uleb128 */
	EXIDX_OP_VSP_SUB,  /* vsp -= n: 40-7f */
	EXIDX_OP_REFUSE,   /* 80 00: refuse to unwind */
	EXIDX_OP_POP,      /* core registers in mask (bit k: rk): 8x xx, a0-af, b1 0x */
	EXIDX_OP_VSP_REG,  /* vsp = r[n]: 90-9f but 9d, 9f */
	EXIDX_OP_FINISH,   /* b0 */
	EXIDX_OP_POP_VFP,  /* d[first] .. d[first + count - 1], n bytes: b3, b8-bf
			    * (FSTMFDX: a pad word), c8, c9, d0-d7 (VPUSH) */
	EXIDX_OP_POP_WMMX, /* wR[first] .. wR[first + count - 1], n bytes: c0-c6 */
	EXIDX_OP_POP_WCGR, /* wCGR0-3 in mask, n bytes: c7 0x */
	EXIDX_OP_SPARE,    /* spare or reserved: 9d, 9f, b1 00, b1 1x-fx, b4-b7,
			    * c7 00, c7 1x-fx, ca-cf, d8-ff; not executed */
};

struct exidx_insn {
	uint8_t op;           /* enum exidx_op */
	uint8_t len;          /* its bytes */
	uint8_t first, count; /* POP_VFP, POP_WMMX */
	uint16_t mask;        /* POP, POP_WCGR */
	uint32_t n;           /* VSP_ADD, VSP_SUB, the pops: bytes; VSP_REG: the register */
};

/* The instruction at ops[0] (n bytes left): its length, or
 * EXIDX_E_TRUNCATED (its operand bytes missing), EXIDX_E_BAD (a uleb128
 * past 32 bits). */
int exidx_insn(const uint8_t *ops, size_t n, struct exidx_insn *in);

/* Run instructions on regs (r13 is vsp) up to a finish or their end: pops
 * read the stack through read in the given byte order; then sp = vsp and
 * pc = r15 if popped, else r14. 1 done, 0 refused to unwind, or an error
 * (a spare instruction, VFP registers past d31, a register or memory
 * unknown); regs untouched unless 1. */
int exidx_run(const uint8_t *ops, size_t n, int big_endian, struct cfi_regs *regs, cfi_read_fn read,
	      void *ctx);

/* One frame up, in the shape of cfi_step: regs become the caller's (pc
 * from r15 or r14, sp = vsp; cfa set to it, as DWARF's CFA for Arm; caller
 * set). 1 stepped, 0 this was the outermost frame (EXIDX_CANTUNWIND, a
 * refusal, a return address of 0), or an error, regs untouched. t must be
 * the table of the module holding regs->pc. */
int exidx_step(const struct exidx *t, struct cfi_regs *regs, cfi_read_fn read, void *ctx);

#endif
