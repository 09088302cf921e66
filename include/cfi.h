/* cfi.h: DWARF call frame information (.eh_frame, .debug_frame): the CIEs
 * and FDEs of a section held in memory, the row of unwinding rules at a pc,
 * and one unwinding step. Reads nothing but the buffers it is given and,
 * to step, the memory a callback reads: no /proc, no ptrace. Any byte order
 * and ELF class; every length and count in the input is checked, nothing
 * recurses, every loop is bounded by the input's size or a fixed cap. */
#ifndef CFI_H
#define CFI_H

#include <stddef.h>
#include <stdint.h>

#include "arch.h"

/* Errors, negative; cfi_strerror names them. */
enum {
	CFI_E_TRUNCATED = -1, /* an entry or a value runs past its end */
	CFI_E_BAD = -2,       /* a malformed entry, encoding or instruction */
	CFI_E_UNSUPPORTED = -3, /* well-formed, but not something we decode */
	CFI_E_NOFDE = -4,     /* no FDE covers the pc */
	CFI_E_LIMIT = -5,     /* a cap: rules per row, state stack, expression steps */
	CFI_E_NOREG = -6,     /* a rule needs a register whose value is unknown */
	CFI_E_READ = -7,      /* the memory callback failed */
	CFI_E_NOMEM = -8,
	CFI_E_LOOP = -9,      /* a step that would leave pc and CFA as they were */
};
const char *cfi_strerror(int err);

/* A section as the process sees it (or the file, with bias 0). */
struct cfi_section {
	const uint8_t *data;
	size_t size;
	uint64_t addr;        /* data[0]'s address: sh_addr + bias */
	uint64_t bias;        /* where the ELF is loaded minus where it was linked:
			       * added to absolute addresses (DW_EH_PE_absptr,
			       * every .debug_frame address) */
	uint64_t data_base;   /* DW_EH_PE_datarel's base; 0: none, such values are refused */
	uint8_t debug_frame;  /* .debug_frame, not .eh_frame */
	uint8_t addr_size;    /* 4 or 8: the ELF class */
	uint8_t big_endian;
};

struct cfi_index_entry;

struct cfi {
	struct cfi_section s;
	/* .eh_frame_hdr's sorted table, when cfi_use_hdr found it valid: its
	 * address, and the header's (what datarel values are relative to) */
	const uint8_t *hdr_table;
	uint64_t hdr_addr, hdr_base, hdr_count;
	uint8_t hdr_enc, hdr_entry_size;
	/* otherwise a sorted index of the FDEs, built at the first look-up */
	struct cfi_index_entry *index;
	size_t nindex;
	int index_built;
};

/* 0, or an error if the section cannot be CFI (size, class). */
int cfi_open(struct cfi *c, const struct cfi_section *s);
/* Use .eh_frame_hdr (data, size, at address addr) for look-ups: 0 if it is
 * valid and describes c's .eh_frame, else an error and c keeps its index. */
int cfi_use_hdr(struct cfi *c, const uint8_t *data, size_t size, uint64_t addr);
void cfi_close(struct cfi *c);

struct cfi_cie {
	uint64_t offset;       /* in the section */
	uint64_t code_align;
	int64_t data_align;
	uint32_t ra_column;
	uint8_t version, addr_size, seg_size;
	uint8_t fde_enc, lsda_enc, personality_enc; /* DW_EH_PE_*; 0xff omitted */
	uint8_t has_z, signal_frame, b_key, mte_tagged; /* augmentations z, S, B, G */
	const char *augmentation;  /* NUL-terminated, inside the section */
	uint64_t personality;  /* its address, or its pointer's if personality_enc has DW_EH_PE_indirect */
	const uint8_t *insns;  /* the initial instructions */
	size_t insns_len;
};

struct cfi_fde {
	uint64_t offset;       /* in the section */
	uint64_t pc_begin, pc_end;
	uint64_t lsda;         /* 0: none; its pointer's address if lsda_enc has DW_EH_PE_indirect */
	const uint8_t *insns;
	size_t insns_len;
	struct cfi_cie cie;
};

/* The entry at *off, moving *off past it: 1 an FDE (all of *fde), 2 a CIE
 * (fde->cie only), 0 a zero terminator (entries may follow one: walk while
 * *off < size) or the section's end, or an error (*off then moves past the
 * entry if its length was sound, else to the end). */
int cfi_entry(const struct cfi *c, uint64_t *off, struct cfi_fde *fde);
/* The FDE covering pc: 0, or CFI_E_NOFDE or another error. */
int cfi_find(struct cfi *c, uint64_t pc, struct cfi_fde *fde);

/* A register's rule, or the CFA's */
enum cfi_rule_kind {
	CFI_UNSET,        /* none given: the register keeps its value (callee-saved) */
	CFI_UNDEFINED,    /* not recoverable; for the return address: the outermost frame */
	CFI_SAME,         /* unchanged from the callee */
	CFI_OFFSET,       /* saved at CFA + n */
	CFI_VAL_OFFSET,   /* is CFA + n */
	CFI_REGISTER,     /* is in register n */
	CFI_EXPR,         /* saved at the address expr yields (CFA pushed first) */
	CFI_VAL_EXPR,     /* is the value expr yields (CFA pushed first) */
	CFI_CFA_REG,      /* the CFA only: register reg + n */
	CFI_CFA_EXPR,     /* the CFA only: the value expr yields */
};

struct cfi_rule {
	uint16_t reg;     /* the register the rule is for; the CFA's base register */
	uint8_t kind;     /* enum cfi_rule_kind */
	uint32_t len;     /* of expr */
	union {
		int64_t n;
		const uint8_t *expr; /* inside the section */
	};
};

#define CFI_MAX_RULES 48 /* registers with a rule in one row: real code uses ~25 */
#define CFI_MAX_STATES 8 /* DW_CFA_remember_state nesting */

struct cfi_row {
	uint64_t loc, end;        /* the pcs [loc, end) the row holds for */
	struct cfi_rule cfa;
	uint64_t args_size;       /* DW_CFA_GNU_args_size */
	uint8_t ra_signed;        /* aarch64 (DW_CFA_AARCH64_negate_ra_state): the
				   * return address carries a pointer authentication
				   * code, to strip before use */
	uint8_t nrules;
	struct cfi_rule rules[CFI_MAX_RULES]; /* in the order first given */
};

/* Run the CIE's and the FDE's instructions up to pc (pc_begin <= pc <
 * pc_end, or the CIE's initial row if the FDE has no instructions): 0 or an error. */
int cfi_row_at(const struct cfi *c, const struct cfi_fde *fde, uint64_t pc, struct cfi_row *row);
/* A register's rule in row (kind CFI_UNSET if none). */
struct cfi_rule cfi_row_rule(const struct cfi_row *row, unsigned reg);

/* Registers by DWARF number (arch/ARCH/dwarf.c), with the pc apart: on
 * aarch64, riscv64 and loongarch64 it has no DWARF number. Values of a
 * 32-bit task are kept in the low 32 bits. */
#define CFI_NREGS 128
struct cfi_regs {
	uint64_t pc;
	uint64_t cfa;             /* the CFA of the frame a step left, 0 before */
	uint64_t r[CFI_NREGS];
	uint64_t valid[CFI_NREGS / 64];
	uint8_t caller;           /* pc is a return address: the call is just before it */
	uint8_t ra_signed;        /* the pc came from a PAC-signed return address */
};

static inline int cfi_reg_valid(const struct cfi_regs *r, unsigned n)
{
	return n < CFI_NREGS && (r->valid[n / 64] >> (n % 64) & 1);
}
void cfi_reg_set(struct cfi_regs *r, unsigned n, uint64_t v);

/* Read n bytes of the task's memory at addr into buf: 0, or -1 */
typedef int (*cfi_read_fn)(void *ctx, uint64_t addr, void *buf, size_t n);

/* One frame up: regs become the caller's (its pc from the return address
 * column, its sp the CFA unless a rule says otherwise). 1 stepped, 0 this
 * was the outermost frame (the return address is undefined, or 0), or an
 * error, regs untouched. c must be the CFI of the module holding regs->pc. */
int cfi_step(struct cfi *c, const struct arch_dwarf *arch, struct cfi_regs *regs,
	     cfi_read_fn read, void *ctx);

/* lib/dwarf_expr.c: a DWARF expression as CFI uses them (DW_OP_breg*,
 * deref, arithmetic, branches; no location descriptions), at most 1000
 * operations and a 64-deep stack. initial: pushed first (the CFA), or NULL. */
struct dwarf_expr_env {
	const struct cfi_regs *regs;
	cfi_read_fn read;
	void *ctx;
	uint8_t addr_size, big_endian;
};
int dwarf_expr_eval(const uint8_t *expr, size_t len, const struct dwarf_expr_env *env,
		    const uint64_t *initial, uint64_t *result);

#endif
