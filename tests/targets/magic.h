/* magic.h: the fixture cores' magic numbers in a thread's callee-saved
 * registers, for the targets whose registers tests check (per-arch assembly
 * is the point of a test program like this) */
#ifndef MAGIC_H
#define MAGIC_H

/* Load the magic values and spin forever: nothing clobbers them again. */
static inline void magic_spin(void)
{
#if defined(__x86_64__)
	__asm__ volatile("mov $0x1111111111111111, %%r12\n\tmov $0x2222222222222222, %%r13\n\t"
			 "mov $0x3333333333333333, %%r14\n\tmov $0x4444444444444444, %%r15\n\t"
			 "mov $0x5555555555555555, %%rbx\n1:\tjmp 1b"
			 ::: "r12", "r13", "r14", "r15", "rbx");
#elif defined(__aarch64__)
	__asm__ volatile("ldr x19, =0x1111111111111111\n\tldr x20, =0x2222222222222222\n\t"
			 "ldr x21, =0x3333333333333333\n\tldr x22, =0x4444444444444444\n\t"
			 "ldr x23, =0x5555555555555555\n\tldr x24, =0x6666666666666666\n\t"
			 "ldr x25, =0x7777777777777777\n\tldr x26, =0x8888888888888888\n\t"
			 "ldr x27, =0x9999999999999999\n\tldr x28, =0xaaaaaaaaaaaaaaaa\n"
			 "1:\tb 1b\n\t.ltorg"
			 ::: "x19", "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28");
#elif defined(__arm__)
	__asm__ volatile("ldr r4, =0x11111111\n\tldr r5, =0x22222222\n\tldr r6, =0x33333333\n\t"
			 "ldr r8, =0x55555555\n\tldr r9, =0x66666666\n\tldr r10, =0x77777777\n\t"
			 "ldr r11, =0x88888888\n1:\tb 1b\n\t.ltorg"
			 ::: "r4", "r5", "r6", "r8", "r9", "r10", "r11");
#elif defined(__riscv)
	__asm__ volatile("li s2, 0x1111111111111111\n\tli s3, 0x2222222222222222\n\t"
			 "li s4, 0x3333333333333333\n\tli s5, 0x4444444444444444\n\t"
			 "li s6, 0x5555555555555555\n\tli s7, 0x6666666666666666\n\t"
			 "li s8, 0x7777777777777777\n\tli s9, 0x8888888888888888\n\t"
			 "li s10, 0x9999999999999999\n\tli s11, 0xaaaaaaaaaaaaaaaa\n1:\tj 1b"
			 ::: "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11");
#elif defined(__loongarch__)
	__asm__ volatile("li.d $s0, 0x1111111111111111\n\tli.d $s1, 0x2222222222222222\n\t"
			 "li.d $s2, 0x3333333333333333\n\tli.d $s3, 0x4444444444444444\n\t"
			 "li.d $s4, 0x5555555555555555\n\tli.d $s5, 0x6666666666666666\n\t"
			 "li.d $s6, 0x7777777777777777\n\tli.d $s7, 0x8888888888888888\n\t"
			 "li.d $s8, 0x9999999999999999\n1:\tb 1b"
			 ::: "$s0", "$s1", "$s2", "$s3", "$s4", "$s5", "$s6", "$s7", "$s8");
#endif
	for (;;)
		;
}

/* gdb's names of the registers magic_spin() loads, in order (armv7l: r7 is
 * left alone, it may be the Thumb frame pointer) */
#if defined(__x86_64__)
#define MAGIC_REGS "r12,r13,r14,r15,rbx"
#elif defined(__aarch64__)
#define MAGIC_REGS "x19,x20,x21,x22,x23,x24,x25,x26,x27,x28"
#elif defined(__arm__)
#define MAGIC_REGS "r4,r5,r6,,r8,r9,r10,r11"
#elif defined(__riscv)
#define MAGIC_REGS "s2,s3,s4,s5,s6,s7,s8,s9,s10,s11"
#elif defined(__loongarch__)
#define MAGIC_REGS "r23,r24,r25,r26,r27,r28,r29,r30,r31"
#endif

#endif
