/* armv7l/unwind.c: calls and frame pointers of ARM and Thumb code */
#include "arch.h"
#include "byteorder.h"

/* ARM: bl, blx imm, blx reg. Thumb (ra's bit 0): the 32-bit bl/blx, or the
 * 16-bit blx reg. */
static int after_call(const uint8_t *b, uint64_t ra, unsigned order, uint64_t *to)
{
	uint32_t w = get32(b, order);
	uint16_t h1 = get16(b, order), h2 = get16(b + 2, order);

	(void)to; /* targets not decoded: every call counts as indirect */
	if (!(ra & 1))
		return ((w & 0x0f000000) == 0x0b000000 && w >> 28 != 0xf) || (w & 0xfe000000) == 0xfa000000 ||
		       (w & 0x0ffffff0) == 0x012fff30;
	return ((h1 & 0xf800) == 0xf000 && (h2 & 0xd000) == 0xd000) ||
	       ((h1 & 0xf800) == 0xf000 && (h2 & 0xd001) == 0xc000) || (h2 & 0xff87) == 0x4780;
}

/* mov r7, #173 (rt_sigreturn); svc 0: musl's __restore_rt and the kernel's
 * sigpage, in ARM and in Thumb (little-endian code); with #119 (sigreturn),
 * musl's __restore, a handler's without SA_SIGINFO, whose frame the kernel
 * lays out without the siginfo */
static const uint8_t restore_arm[] = { 0xad, 0x70, 0xa0, 0xe3, 0x00, 0x00, 0x00, 0xef };
static const uint8_t restore_thumb[] = { 0x4f, 0xf0, 0xad, 0x07, 0x00, 0xdf };
static const uint8_t restore_arm_old[] = { 0x77, 0x70, 0xa0, 0xe3, 0x00, 0x00, 0x00, 0xef };
static const uint8_t restore_thumb_old[] = { 0x4f, 0xf0, 0x77, 0x07, 0x00, 0xdf };

/* There sp is the rt_sigframe: siginfo (128 bytes), then the ucontext,
 * whose sigcontext (at 20) holds trap_no, error_code, oldmask, then r0-r15
 * and cpsr (arch/arm/include/uapi/asm/sigcontext.h) */
#define SC(N) (128 + 20 + 12 + 4 * (N))
static const struct arch_sigrun sigregs[] = { { 0, 15, SC(0) } };

/* ARM mode, push {..., fp, lr}; add fp, sp, #4*n: fp points at the saved lr,
 * the caller's fp just below, the caller's sp just above. Thumb code keeps
 * its frame in r7: clang's push {r7, lr}; mov r7, sp points it at the saved
 * r7, lr above. (GCC's r7 points below the locals, at no record: its saved
 * lr is no return address, and the scan goes on.) */
const struct arch_unwind arch_armv7l_unwind = {
	.scan_sp_exact = 1, .call_max = 4, .after_call = after_call,
	.frame = { .fp = 11, .saved_fp = -4, .saved_ra = 0, .caller_sp = 4 }, .has_caller_sp = 1,
	.thumb_frame = { .fp = 7, .saved_fp = 0, .saved_ra = 4, .caller_sp = 8 },
	.has_lr = 1, .lr = 14,
	.sigret = { restore_arm, restore_thumb, restore_arm_old, restore_thumb_old },
	.sigret_len = { sizeof(restore_arm), sizeof(restore_thumb), sizeof(restore_arm_old), sizeof(restore_thumb_old) },
	.sigret_at = { 0, 0, -128, -128 },
	.sigregs = sigregs, .nsigregs = sizeof(sigregs) / sizeof(sigregs[0]), .sig_pc = SC(15), .sig_mode = SC(16),
	.sig_thumb = 0x20,
};
