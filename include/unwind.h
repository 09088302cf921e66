/* unwind.h: a thread's call stack from its registers, frame by frame, each
 * found the best way there is: CFI, EHABI, the link register of a leaf, the
 * frame-pointer chain, or, last, a validated scan of the stack */
#ifndef UNWIND_H
#define UNWIND_H

#include <stdint.h>

#include "cfi.h"
#include "maps.h"
#include "modules.h"

enum frame_how { HOW_REGS, HOW_CFI, HOW_EXIDX, HOW_LR, HOW_FP, HOW_SCAN, HOW_SIGNAL };
extern const char *const frame_how_name[]; /* "regs", "cfi", "exidx", "lr", "fp", "scan", "signal" */

struct frame {
	uint64_t pc;    /* Thumb's mode bit cleared */
	uint64_t sp;
	uint8_t how;    /* enum frame_how: how this frame was found */
	uint8_t caller; /* pc is a return address (the call is just before it) */
};

struct unwinder {
	const struct arch *arch;
	struct modules *mods;
	const struct maps *maps; /* executable mappings: where a return address may point */
	cfi_read_fn read;        /* the task's memory */
	void *ctx;
	uint64_t scan_bytes;     /* how far past sp a scan looks (default 64 KiB) */
	uint64_t pac_mask;       /* bits a PAC-signed return address loses (0: the arch's default) */
};

/* The frames of a thread whose NT_PRSTATUS registers are pr_reg (valid:
 * DWARF numbers known; NULL: all of them), innermost first: how many, at
 * most max. Never loops (sp never goes down, a cap), never trusts memory. */
int unwind(const struct unwinder *u, const void *pr_reg, struct frame *f, int max);
/* From a pc and an sp alone (what /proc shows of a blocked thread) */
int unwind_pc_sp(const struct unwinder *u, uint64_t pc, uint64_t sp, struct frame *f, int max);

#endif
