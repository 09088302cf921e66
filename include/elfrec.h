/* elfrec.h: the ELF headers and core note structs whose layout depends on a
 * file's class (a long or an address of 4 or 8 bytes) and byte order, each
 * read into and written from one class-neutral struct: the core reader and
 * the core writer have one path for both classes and both orders, as the
 * kernel's compat_binfmt_elf.c reuses binfmt_elf.c with the 32-bit types. */
#ifndef ELFREC_H
#define ELFREC_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

/* A file's class and byte order: e_ident's EI_CLASS and EI_DATA */
struct elf_form {
	uint8_t elfclass, order;
};
/* an arch's (struct arch) */
#define ELF_FORM(A) ((struct elf_form){ (A)->elfclass, (A)->byteorder })

/* The class's word: a long, an address, an offset */
static inline unsigned elf_word(struct elf_form f)
{
	return f.elfclass == ELFCLASS64 ? 8 : 4;
}

/* Elf32_Ehdr, Elf64_Ehdr: e_ident is the form's (written; checked by the reader) */
struct elf_ehdr {
	uint64_t type, machine, version, entry, phoff, shoff, flags;
	uint64_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct elf_phdr {
	uint64_t type, flags, offset, vaddr, paddr, filesz, memsz, align;
};
struct elf_shdr {
	uint64_t name, type, flags, addr, offset, size, link, info, addralign, entsize;
};
/* struct elf_prstatus up to pr_reg (arch/core_layout.h's prstatus_head64/32) */
struct elf_prstatus_head {
	uint64_t si_signo, si_code, si_errno, cursig, sigpend, sighold, pid, ppid, pgrp, sid;
	uint64_t utime_sec, utime_usec, stime_sec, stime_usec, cutime_sec, cutime_usec, cstime_sec, cstime_usec;
};
/* struct elf_prpsinfo (core_layout.h's prpsinfo64, prpsinfo32_uid16) */
struct elf_prpsinfo {
	uint64_t state, sname, zomb, nice, flag, uid, gid, pid, ppid, pgrp, sid;
	char fname[16], psargs[80];
};
/* siginfo_t's head and its _kill member (a signal a process sent) */
struct elf_siginfo {
	uint64_t signo, errno_, code, pid, uid;
};

enum elf_rec { ELF_EHDR, ELF_PHDR, ELF_SHDR, ELF_PRSTATUS_HEAD, ELF_PRPSINFO, ELF_SIGINFO, ELF_RECS };

/* Bytes of a record in form f (for a note's struct: up to its last field) */
size_t elf_rec_size(enum elf_rec rec, struct elf_form f);
/* The record at buf into *s, its neutral struct; unsigned fields, as stored */
void elf_rec_get(enum elf_rec rec, struct elf_form f, const void *buf, void *s);
/* *s into buf, padding zeroed: elf_rec_size(rec, f) bytes */
void elf_rec_put(enum elf_rec rec, struct elf_form f, void *buf, const void *s);

#endif
