/* unwind.c: frame by frame, the best way there is */
#include <string.h>

#include "byteorder.h"
#include "unwind.h"

const char *const frame_how_name[] = { "regs", "cfi", "exidx", "lr", "fp", "scan", "signal" };

enum { WORD_MAX = 8 };

static unsigned word(const struct unwinder *u)
{
	return u->arch->elfclass == ELFCLASS64 ? 8 : 4;
}

static int read_word(const struct unwinder *u, uint64_t addr, uint64_t *v)
{
	uint8_t b[WORD_MAX];

	if (u->read(u->ctx, addr, b, word(u)))
		return -1;
	*v = word_get(b, word(u), u->arch->byteorder);
	return 0;
}

/* Code bytes: the mapped file's (page cache, not the process), else the
 * task's memory (JIT code, the vDSO, a file that could not be opened) */
static int read_code(const struct unwinder *u, uint64_t addr, void *buf, size_t n)
{
	struct module *m = module_at(u->mods, addr);

	if (m && !module_read(m, addr, buf, n))
		return 0;
	return u->read(u->ctx, addr, buf, n);
}

/* Could ra be a return address: in executable memory, just after a call?
 * 0 no, 1 after an indirect call, 2 after a direct one to *to */
static int call_before(const struct unwinder *u, uint64_t ra, uint64_t *to)
{
	const struct arch_unwind *au = u->arch->unwind;
	uint64_t at = ra & ~(uint64_t)(u->arch->dwarf->thumb ? 1 : 0);
	const struct region *r = maps_find(u->maps, at - 1);
	uint8_t b[8];

	if (!r || !(r->perms & PERM_X) || at - r->start < au->call_max || at < au->call_max ||
	    read_code(u, at - au->call_max, b, au->call_max))
		return 0;
	return au->after_call(b, ra, u->arch->byteorder, to);
}

static int executable(const struct unwinder *u, uint64_t pc)
{
	const struct region *r = maps_find(u->maps, pc & ~(uint64_t)(u->arch->dwarf->thumb ? 1 : 0));

	return r && (r->perms & PERM_X);
}

/* The start and size of the function holding pc, by the symbols: 1, or 0 unknown */
static int function_of(const struct unwinder *u, uint64_t pc, uint64_t *start, uint64_t *size)
{
	struct module *m = module_at(u->mods, pc);

	if (!m || !m->has_syms || !symtab_range(&m->syms, pc - m->bias, start, size))
		return 0;
	*start += m->bias;
	return 1;
}

/* Is pc at a sigreturn trampoline: 1 + which, or 0 */
static int at_sigreturn(const struct unwinder *u, uint64_t pc)
{
	const struct arch_unwind *au = u->arch->unwind;
	uint8_t b[16];

	pc &= ~(uint64_t)(u->arch->dwarf->thumb ? 1 : 0);
	for (int k = 0; k < SIGRET_MAX && au->sigret_len[k]; k++)
		if (!read_code(u, pc, b, au->sigret_len[k]) && !memcmp(b, au->sigret[k], au->sigret_len[k]))
			return 1 + k;
	return 0;
}

/* Could ra be a return address: just after a call, or a handler's, the
 * sigreturn trampoline, which no call precedes */
static int return_address(const struct unwinder *u, uint64_t ra)
{
	uint64_t to;

	return call_before(u, ra, &to) || (executable(u, ra) && at_sigreturn(u, ra));
}

/* At a sigreturn trampoline: the interrupted registers from the signal
 * frame. 1, or 0 if pc is not at one. */
static int signal_step(const struct unwinder *u, struct cfi_regs *r)
{
	const struct arch_unwind *au = u->arch->unwind;
	int k = executable(u, r->pc) ? at_sigreturn(u, r->pc) : 0;
	uint64_t sp = r->r[u->arch->dwarf->sp] + (k ? au->sigret_at[k - 1] : 0), v, mode;

	if (!k || read_word(u, sp + au->sig_pc, &v))
		return 0;
	if (au->sig_mode >= 0 && !read_word(u, sp + au->sig_mode, &mode) && mode & au->sig_thumb)
		v |= 1;
	r->pc = v;
	for (int i = 0; i < au->nsigregs; i++)
		for (unsigned j = 0; j < au->sigregs[i].count; j++) {
			if (read_word(u, sp + au->sigregs[i].at + j * word(u), &v))
				return 0;
			cfi_reg_set(r, au->sigregs[i].reg + j, v);
		}
	r->caller = 0; /* the interrupted instruction itself, not a return address */
	r->ra_signed = 0;
	return 1;
}

static void regs_clear(struct cfi_regs *r)
{
	memset(r->valid, 0, sizeof(r->valid));
}

static uint64_t sp_of(const struct unwinder *u, const struct cfi_regs *r)
{
	return r->r[u->arch->dwarf->sp];
}

/* A step by CFI or EHABI: 1 stepped, 0 the outermost frame, -1 none there */
static int table_step(const struct unwinder *u, struct cfi_regs *r, int *how)
{
	struct module *m = module_at(u->mods, r->caller ? r->pc - 1 : r->pc);
	int s;

	if (!m)
		return -1;
	*how = HOW_CFI;
	if (m->has_eh && (s = cfi_step(&m->eh, u->arch->dwarf, r, u->read, u->ctx)) >= 0)
		return s;
	if (m->has_dbg && (s = cfi_step(&m->dbg, u->arch->dwarf, r, u->read, u->ctx)) >= 0)
		return s;
	*how = HOW_EXIDX;
	/* EXIDX_CANTUNWIND is no outermost frame: libgcc's last entry covers
	 * all of a static musl's libc that follows it */
	if (m->has_ex && (s = exidx_step(&m->ex, r, u->read, u->ctx)) > 0)
		return s;
	return -1;
}

/* A leaf that saved nothing: the link register is the return address (only
 * for the innermost frame, and not if it points back into pc's function) */
static int lr_step(const struct unwinder *u, struct cfi_regs *r)
{
	const struct arch_unwind *au = u->arch->unwind;
	uint64_t lr = r->r[au->lr], s1, s2, z;

	if (!au->has_lr || !cfi_reg_valid(r, au->lr) || !return_address(u, lr))
		return 0;
	if (function_of(u, r->pc, &s1, &z) && function_of(u, lr - 1, &s2, &z) && s1 == s2)
		return 0;
	r->pc = lr;
	return 1;
}

/* The frame record of pc's code: Thumb's own where it has one */
static const struct arch_frame_record *record(const struct unwinder *u, const struct cfi_regs *r)
{
	const struct arch_unwind *au = u->arch->unwind;

	return u->arch->dwarf->thumb && r->pc & 1 && au->thumb_frame.fp ? &au->thumb_frame : &au->frame;
}

/* A frame record of fr's kind at fp, above slot: it holds a return address */
static int record_at(const struct unwinder *u, const struct arch_frame_record *fr, uint64_t fp, uint64_t slot)
{
	uint64_t ra;

	return fp > slot && !read_word(u, fp + fr->saved_ra, &ra) && return_address(u, ra);
}

/* After a scan found the return address at slot, of the caller's registers
 * only its frame pointers can be guessed, callee-saved as they are: the
 * value the callee had, if it points at a record (a callee without tables
 * may have used the register, as musl's syscalls use r7), else the word a
 * record would have saved next to the return address, if that does. A
 * wrong guess fails the chain's checks later, or loses to the scan, nearer. */
static void scan_regs(const struct unwinder *u, struct cfi_regs *r, uint64_t slot)
{
	const struct arch_unwind *au = u->arch->unwind;
	struct cfi_regs was = *r;

	regs_clear(r);
	for (int k = 0; k < 2; k++) {
		const struct arch_frame_record *fr = k ? &au->thumb_frame : &au->frame;
		uint64_t v = was.r[fr->fp];

		if (k && !fr->fp)
			continue;
		if ((cfi_reg_valid(&was, fr->fp) && record_at(u, fr, v, slot)) ||
		    (!read_word(u, slot + fr->saved_fp - fr->saved_ra, &v) && record_at(u, fr, v, slot)))
			cfi_reg_set(r, fr->fp, v);
	}
}

/* The frame-pointer chain */
static int fp_step(const struct unwinder *u, struct cfi_regs *r)
{
	const struct arch_frame_record *fr = record(u, r);
	uint64_t fp = r->r[fr->fp], sp = sp_of(u, r), saved_fp, ra;

	if (!cfi_reg_valid(r, fr->fp) || fp < sp || fp % word(u) || fp - sp > u->scan_bytes ||
	    read_word(u, fp + fr->saved_fp, &saved_fp) || read_word(u, fp + fr->saved_ra, &ra) ||
	    !return_address(u, ra))
		return 0;
	regs_clear(r);
	r->pc = ra;
	cfi_reg_set(r, fr->fp, saved_fp);
	cfi_reg_set(r, u->arch->dwarf->sp, fp + fr->caller_sp);
	return 1;
}

/* The first word above sp that is a return address into another function
 * than pc's (a callee's saved return into pc's function is not a caller).
 * Requiring a direct call's target to be pc's function would drop true
 * frames (libc's tail calls: musl's __syscall_cp jumps to __syscall_cp_c)
 * and, once a stale word was taken, every frame after it; a stale word
 * left by an older call may be taken instead: such frames are marked [scan].
 * *slot: where it was found. */
static int scan_step(const struct unwinder *u, struct cfi_regs *r, uint64_t *slot)
{
	uint64_t sp = sp_of(u, r), here = r->caller ? r->pc - 1 : r->pc, fn = 0, any = 0, ra, f, z;
	const struct region *stack = maps_find(u->maps, sp);
	uint64_t end = stack ? stack->end : sp; /* never into the next mapping: another thread's stack */
	int known = function_of(u, here, &fn, &z);

	for (uint64_t a = sp; a - sp < u->scan_bytes && a + word(u) <= end && !any; a += word(u)) {
		if (read_word(u, a, &ra))
			break;
		if (ra > 4096 && return_address(u, ra) &&
		    !(known && function_of(u, ra - 1, &f, &z) && f == fn))
			any = a;
	}
	if (!any || read_word(u, any, &ra))
		return 0;
	scan_regs(u, r, any);
	r->pc = ra;
	cfi_reg_set(r, u->arch->dwarf->sp, any + word(u));
	*slot = any;
	return 1;
}

/* After a scan on an arch where the return address sits at the bottom of
 * the callee's frame (aarch64): the caller's sp is the first, above the
 * slot, from which the caller's own tables lead to a return address (or,
 * the caller a sigreturn trampoline, its signal frame to code); if
 * none does within a page, the guess stays (the next step then rejects
 * what the tables would make of it, or scans). */
static void scan_sp(const struct unwinder *u, struct cfi_regs *r)
{
	const struct arch_unwind *au = u->arch->unwind;
	uint64_t guess = sp_of(u, r), s = (guess + au->sp_align - 1) & ~(uint64_t)(au->sp_align - 1);
	int sig = at_sigreturn(u, r->pc);

	for (; s - guess < 4096; s += au->sp_align) {
		struct cfi_regs t = *r;
		int how;

		cfi_reg_set(&t, u->arch->dwarf->sp, s);
		if (sig ? signal_step(u, &t) && executable(u, t.pc) :
		    table_step(u, &t, &how) > 0 && return_address(u, t.pc)) {
			cfi_reg_set(r, u->arch->dwarf->sp, s);
			return;
		}
	}
}

/* A frame already walked: a signal frame, which may lead anywhere (an
 * alternate stack), led back, and the walk would go round */
static int seen(const struct frame *f, int n, uint64_t pc, uint64_t sp)
{
	while (n--)
		if (f[n].pc == pc && f[n].sp == sp)
			return 1;
	return 0;
}

static int walk(const struct unwinder *u, struct cfi_regs *r, struct frame *f, int max)
{
	uint64_t thumb = u->arch->dwarf->thumb ? 1 : 0;
	int n = 0;

	f[n++] = (struct frame){ r->pc & ~thumb, sp_of(u, r), HOW_REGS, 0 };
	while (n < max) {
		struct cfi_regs next = *r;
		int how = HOW_SIGNAL, s = signal_step(u, &next) ? 1 : (next = *r, table_step(u, &next, &how));

		if (s == 0)
			break; /* the tables say: the outermost frame */
		if (s > 0 && next.ra_signed) /* arm64 PAC: the code's bits, not an address's */
			next.pc &= ~(u->pac_mask ? u->pac_mask : u->arch->unwind->pac_default);
		if (s > 0 && !executable(u, next.pc))
			s = -1; /* tables applied to a wrong sp (after a scan): not believed */
		if (s < 0) {
			struct cfi_regs byfp = *r;
			uint64_t slot = 0;
			int fp = fp_step(u, &byfp);

			next = *r;
			if (n == 1 && lr_step(u, &next)) {
				how = HOW_LR;
			} else if ((next = *r, scan_step(u, &next, &slot)) &&
				   (!fp || slot < r->r[record(u, r)->fp] + record(u, r)->saved_ra)) {
				how = HOW_SCAN; /* nearer than the frame-pointer chain's: a function
						 * without a frame pointer, which the chain skips */
				next.caller = 1;
				if (!u->arch->unwind->scan_sp_exact)
					scan_sp(u, &next);
			} else if (fp) {
				next = byfp, how = HOW_FP;
			} else {
				break;
			}
			next.caller = 1;
		}
		if (at_sigreturn(u, next.pc))
			next.caller = 0; /* a handler's return: the trampoline's own address, no call before it */
		/* progress: sp goes up (only a leaf's caller may share its sp; a
		 * signal may have come on an alternate stack, anywhere) */
		if (!next.pc || (how != HOW_SIGNAL && (sp_of(u, &next) < sp_of(u, r) ||
		    (sp_of(u, &next) == sp_of(u, r) && (next.pc == r->pc || n > 1)))) ||
		    seen(f, n, next.pc & ~thumb, sp_of(u, &next)))
			break;
		*r = next;
		f[n++] = (struct frame){ r->pc & ~thumb, sp_of(u, r), how, r->caller };
	}
	return n;
}

int unwind(const struct unwinder *u, const void *pr_reg, struct frame *f, int max)
{
	const struct arch *a = u->arch;
	const struct arch_reg *pc = arch_reg_by_role(a, ROLE_PC), *cpsr = arch_reg_by_name(a, "cpsr");
	struct cfi_regs r = { 0 };

	for (unsigned n = 0; n < a->dwarf->nnames; n++) {
		const struct arch_reg *reg = arch_dwarf_reg(a, n);

		if (reg)
			cfi_reg_set(&r, n, arch_reg_value(reg, pr_reg));
	}
	r.pc = arch_reg_value(pc, pr_reg);
	if (a->dwarf->thumb && cpsr && arch_reg_value(cpsr, pr_reg) & 0x20)
		r.pc |= 1; /* Thumb state: the mode bit, as in a return address */
	return walk(u, &r, f, max);
}

int unwind_pc_sp(const struct unwinder *u, uint64_t pc, uint64_t sp, struct frame *f, int max)
{
	struct cfi_regs r = { .pc = pc };

	cfi_reg_set(&r, u->arch->dwarf->sp, sp);
	return walk(u, &r, f, max);
}
