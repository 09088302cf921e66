/* test_elfrec.c: lib/elfrec.c's records against the C structs they stand
 * for, <elf.h>'s Elf32_/Elf64_ headers and arch/core_layout.h's note structs,
 * in both classes: the same bytes written, the same fields read back. In the
 * host's byte order (the structs are); test_byteorder has the other. */
#include <elf.h>
#include <signal.h>

#include "core_layout.h"
#include "elfrec.h"
#include "testutil.h"

static unsigned host_order(void)
{
	uint16_t one = 1;

	return *(uint8_t *)&one ? ELFDATA2LSB : ELFDATA2MSB;
}

/* put s as rec in class cls: the bytes of the C struct want; read back: s */
static void same(enum elf_rec rec, unsigned cls, const void *s, size_t ssize, const void *want, size_t size)
{
	struct elf_form f = { cls, host_order() };
	unsigned char buf[256], back[256];

	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(elf_rec_size(rec, f), size);
	elf_rec_put(rec, f, buf, s);
	if (memcmp(buf, want, size)) {
		for (size_t i = 0; i < size; i++)
			if (buf[i] != ((const unsigned char *)want)[i])
				fail_msg("record %d, class %u: byte %zu is %#x, the struct's %#x", rec, cls, i, buf[i],
					 ((const unsigned char *)want)[i]);
	}
	assert_int_equal(buf[size], 0xee); /* nothing past it */
	memset(back, 0, sizeof(back));
	elf_rec_get(rec, f, buf, back);
	assert_memory_equal(back, s, ssize);
}

static void elf_headers(void **state)
{
	struct elf_ehdr h = { .type = ET_CORE, .machine = 0x1234, .version = EV_CURRENT, .entry = 0x1111,
			      .phoff = 0x2222, .shoff = 0x3333, .flags = 0x44444444, .ehsize = 0x55, .phentsize = 0x66,
			      .phnum = 0x7777, .shentsize = 0x88, .shnum = 0x99, .shstrndx = 0xaa };
	struct elf_phdr p = { .type = PT_LOAD, .flags = PF_R | PF_X, .offset = 0x1000, .vaddr = 0x400000,
			      .paddr = 0x12, .filesz = 0x3000, .memsz = 0x4000, .align = 0x1000 };
	struct elf_shdr s = { .name = 1, .type = SHT_NULL, .flags = 2, .addr = 3, .offset = 4, .size = 5, .link = 6,
			      .info = 70000, .addralign = 8, .entsize = 9 };
	Elf64_Ehdr e64 = { .e_type = h.type, .e_machine = h.machine, .e_version = h.version, .e_entry = h.entry,
			   .e_phoff = h.phoff, .e_shoff = h.shoff, .e_flags = h.flags, .e_ehsize = h.ehsize,
			   .e_phentsize = h.phentsize, .e_phnum = h.phnum, .e_shentsize = h.shentsize,
			   .e_shnum = h.shnum, .e_shstrndx = h.shstrndx };
	Elf32_Ehdr e32 = { .e_type = h.type, .e_machine = h.machine, .e_version = h.version, .e_entry = h.entry,
			   .e_phoff = h.phoff, .e_shoff = h.shoff, .e_flags = h.flags, .e_ehsize = h.ehsize,
			   .e_phentsize = h.phentsize, .e_phnum = h.phnum, .e_shentsize = h.shentsize,
			   .e_shnum = h.shnum, .e_shstrndx = h.shstrndx };
	Elf64_Phdr p64 = { p.type, p.flags, p.offset, p.vaddr, p.paddr, p.filesz, p.memsz, p.align };
	Elf32_Phdr p32 = { p.type, p.offset, p.vaddr, p.paddr, p.filesz, p.memsz, p.flags, p.align };
	Elf64_Shdr s64 = { s.name, s.type, s.flags, s.addr, s.offset, s.size, s.link, s.info, s.addralign, s.entsize };
	Elf32_Shdr s32 = { s.name, s.type, s.flags, s.addr, s.offset, s.size, s.link, s.info, s.addralign, s.entsize };
	unsigned char ident[EI_NIDENT] = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, 0, host_order(), EV_CURRENT };

	(void)state;
	ident[EI_CLASS] = ELFCLASS64;
	memcpy(e64.e_ident, ident, EI_NIDENT);
	same(ELF_EHDR, ELFCLASS64, &h, sizeof(h), &e64, sizeof(e64));
	ident[EI_CLASS] = ELFCLASS32;
	memcpy(e32.e_ident, ident, EI_NIDENT);
	same(ELF_EHDR, ELFCLASS32, &h, sizeof(h), &e32, sizeof(e32));
	same(ELF_PHDR, ELFCLASS64, &p, sizeof(p), &p64, sizeof(p64));
	same(ELF_PHDR, ELFCLASS32, &p, sizeof(p), &p32, sizeof(p32)); /* p_flags after p_memsz */
	same(ELF_SHDR, ELFCLASS64, &s, sizeof(s), &s64, sizeof(s64));
	same(ELF_SHDR, ELFCLASS32, &s, sizeof(s), &s32, sizeof(s32));
}

#define PRSTATUS_HEAD_OF(H, T)                                                                           \
	do {                                                                                             \
		memset(&T, 0, sizeof(T));                                                                \
		T.pr_info.si_signo = H.si_signo, T.pr_info.si_code = H.si_code;                         \
		T.pr_info.si_errno = H.si_errno, T.pr_cursig = H.cursig;                                 \
		T.pr_sigpend = H.sigpend, T.pr_sighold = H.sighold, T.pr_pid = H.pid;                   \
		T.pr_ppid = H.ppid, T.pr_pgrp = H.pgrp, T.pr_sid = H.sid;                               \
		T.pr_utime.tv_sec = H.utime_sec, T.pr_utime.tv_usec = H.utime_usec;                     \
		T.pr_stime.tv_sec = H.stime_sec, T.pr_stime.tv_usec = H.stime_usec;                     \
		T.pr_cutime.tv_sec = H.cutime_sec, T.pr_cutime.tv_usec = H.cutime_usec;                 \
		T.pr_cstime.tv_sec = H.cstime_sec, T.pr_cstime.tv_usec = H.cstime_usec;                 \
	} while (0)

#define PRPSINFO_OF(I, T)                                                                                \
	do {                                                                                             \
		memset(&T, 0, sizeof(T));                                                                \
		T.pr_state = I.state, T.pr_sname = I.sname, T.pr_zomb = I.zomb, T.pr_nice = I.nice;      \
		T.pr_flag = I.flag, T.pr_uid = I.uid, T.pr_gid = I.gid, T.pr_pid = I.pid;               \
		T.pr_ppid = I.ppid, T.pr_pgrp = I.pgrp, T.pr_sid = I.sid;                               \
		memcpy(T.pr_fname, I.fname, 16), memcpy(T.pr_psargs, I.psargs, 80);                     \
	} while (0)

static void core_note_structs(void **state)
{
	/* values a 32-bit long holds */
	struct elf_prstatus_head h = { 11, 12, 13, 14, 0x101, 0x80000202, 1234, 1, 1234, 1234, 5, 6, 7, 8, 9, 10, 11, 12 };
	struct elf_prpsinfo i = { 3, 'T', 0, 0xfb, 0x400140, 1000, 1001, 1234, 1, 1234, 1234, "core_target",
				  "/bin/core_target 60 " };
	struct elf_siginfo si = { SIGSTOP, 0, 0, 4321, 1000 };
	struct prstatus_head64 t64;
	struct prstatus_head32 t32;
	struct prpsinfo64 i64;
	struct prpsinfo32_uid16 i32;
	unsigned char want[128] = { 0 };
	siginfo_t s = { .si_signo = SIGSTOP };

	(void)state;
	PRSTATUS_HEAD_OF(h, t64);
	same(ELF_PRSTATUS_HEAD, ELFCLASS64, &h, sizeof(h), &t64, sizeof(t64));
	PRSTATUS_HEAD_OF(h, t32);
	same(ELF_PRSTATUS_HEAD, ELFCLASS32, &h, sizeof(h), &t32, sizeof(t32));
	PRPSINFO_OF(i, i64);
	same(ELF_PRPSINFO, ELFCLASS64, &i, sizeof(i), &i64, sizeof(i64));
	PRPSINFO_OF(i, i32);
	same(ELF_PRPSINFO, ELFCLASS32, &i, sizeof(i), &i32, sizeof(i32));
	/* siginfo_t: the host's own, in the host's class */
	s.si_pid = si.pid, s.si_uid = si.uid;
	memcpy(want, &s, sizeof(want) < sizeof(s) ? sizeof(want) : sizeof(s));
	same(ELF_SIGINFO, sizeof(long) == 8 ? ELFCLASS64 : ELFCLASS32, &si, sizeof(si), want,
	     offsetof(siginfo_t, si_uid) + sizeof(s.si_uid));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(elf_headers),
		cmocka_unit_test(core_note_structs),
	};

	return cmocka_run_group_tests_name("elfrec", tests, NULL, NULL);
}
