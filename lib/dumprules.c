/* dumprules.c: how much of a mapping goes into a core, by the kernel's rules
 * (vma_dump_size() in fs/coredump.c) and /proc/PID/coredump_filter */
#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>

#include "dumprules.h"
#include "maps.h"
#include "smaps.h"

/* vma_dump_size() in fs/coredump.c, in its order. It has no VM_READ test but
 * for the ELF header page: a PROT_NONE mapping with an anon_vma is dumped
 * whole, its pages read with FOLL_FORCE (as /proc/PID/mem reads them). */
uint64_t vma_dump_size(const struct vma_facts *v, uint64_t size, unsigned filter, int all)
{
	if (v->always)
		return size;
	/* reading device memory can have side effects, even with -a */
	if (v->io)
		return 0;
	if (all && (v->perms & PERM_R))
		return size;
	if (v->dontdump)
		return 0;
	if (v->hugetlb) {
		unsigned bit = v->perms & PERM_SHARED ? DUMP_HUGETLB_SHARED : DUMP_HUGETLB_PRIVATE;

		return filter & bit ? size : 0;
	}
	if (v->perms & PERM_SHARED) {
		unsigned bit = v->unlinked ? DUMP_ANON_SHARED : DUMP_MAPPED_SHARED;

		return filter & bit ? size : 0;
	}
	if (v->anon && (filter & DUMP_ANON_PRIVATE))
		return size;
	if (!v->file)
		return 0;
	if (filter & DUMP_MAPPED_PRIVATE)
		return size;
	if ((filter & DUMP_ELF_HEADERS) && v->pgoff == 0 && (v->perms & PERM_R))
		return DUMP_IF_ELF;
	return 0;
}

/* Does VM_ACCOUNT on a read-only mapping tell its anon_vma? mprotect_fixup()
 * drops it from an anonymous mapping made read-only without one since Linux
 * 6.2 ("mm/mprotect: allow unfaulted VMAs to be unaccounted on mprotect()"). */
static int ac_tells_anon_vma(struct core_plan *pl)
{
	struct utsname u;
	char *end;
	long major, minor;

	if (pl->ac_rule == AC_RULE_ASK) {
		pl->ac_rule = AC_RULE_NO;
		if (!uname(&u)) {
			major = strtol(u.release, &end, 10);
			minor = *end == '.' ? strtol(end + 1, NULL, 10) : 0;
			if (major > 6 || (major == 6 && minor >= 2))
				pl->ac_rule = AC_RULE_YES;
		}
	}
	return pl->ac_rule == AC_RULE_YES;
}

static int prot_flag(const char *p)
{
	return !strncmp(p, "rd", 2) || !strncmp(p, "wr", 2) || !strncmp(p, "ex", 2) || !strncmp(p, "ac", 2);
}

/* The VmFlags but those mprotect() changes (rd wr ex, and ac), into out */
static void flags_but_prot(const char *vmflags, char *out, size_t size)
{
	size_t n = 0;

	for (const char *p = vmflags; p[0] && p[1]; p += p[2] ? 3 : 2) {
		if (prot_flag(p) || n + 3 >= size)
			continue;
		out[n++] = p[0], out[n++] = p[1], out[n++] = ' ';
	}
	out[n] = 0;
}

static int private_anon(const struct vma_facts *v)
{
	return !(v->perms & PERM_SHARED) && !v->file && !v->always;
}

/* A read-only anonymous mapping with an anon_vma: its pages were written
 * before the mprotect() that made it read-only, or it kept VM_ACCOUNT through
 * it; either way its vma had an anon_vma when mprotect split it off. */
static int split_source(const struct vma_facts *v)
{
	return private_anon(v) && !(v->perms & PERM_W) && v->anon;
}

/* A writable anonymous mapping that never held a page: the other half of
 * such a split if its flags are the same but for the protection. */
static int split_other_half(const struct vma_facts *v)
{
	return private_anon(v) && (v->perms & PERM_W) && !v->anon;
}

/*
 * The kernel's anon_vma, which /proc does not show (vma_dump_size() dumps a
 * private mapping whole if it has one). A mapping gets one at its first
 * anonymous page (do_anonymous_page(), wp_page_copy() in mm/memory.c) and
 * keeps it; __split_vma() (mm/vma.c) gives a copy to both halves. So:
 * - a mapping holding anonymous pages (or swap, without a file) has one;
 * - a read-only private anonymous one still accounted (VmFlags ac) had one
 *   when mprotect() made it read-only (ac_tells_anon_vma);
 * - a writable, never-touched anonymous neighbour of such a read-only one,
 *   with the same flags but the protection, is the rest of the mapping that
 *   mprotect() split: it has the same anon_vma.
 * What /proc cannot tell is left out: two writable neighbours split by
 * madvise() after a page was touched (the same picture as a JVM's regions
 * mmap()ed side by side, which have none), a mapping whose pages were all
 * dropped (MADV_DONTNEED). Either way the kernel's core would hold zeros
 * there, no more.
 */
static void anon_vma_facts(struct core_plan *pl, const struct smaps_keys *k, const struct smaps_entry *e,
			   struct vma_facts *v, char *flags, size_t size)
{
	if (!pl->cd->nmap) {
		pl->k_anon = smaps_key(k, "Anonymous");
		pl->k_swap = smaps_key(k, "Swap");
	}
	v->anon = (pl->k_anon >= 0 && e->val[pl->k_anon]) || (pl->k_swap >= 0 && e->val[pl->k_swap] && !v->file);
	if (!v->anon && private_anon(v) && !(v->perms & PERM_W) && smaps_vmflag(e->vmflags, "ac"))
		v->anon = ac_tells_anon_vma(pl);
	flags_but_prot(e->vmflags, flags, size);
}

/* The previous mapping (the last planned) now known to have an anon_vma */
static void prev_gets_anon_vma(struct core_plan *pl)
{
	struct core_map *prev = &pl->cd->map[pl->cd->nmap - 1];
	uint64_t d;

	pl->prev.anon = 1;
	d = vma_dump_size(&pl->prev, prev->end - prev->start, pl->filter, pl->all);
	if (d != DUMP_IF_ELF) { /* else the header page rule, decided before, stands */
		pl->cd->data_size += d - prev->dump;
		prev->dump = d;
	}
}

int core_plan_region(void *ctx, const struct smaps_keys *k, const struct smaps_entry *e)
{
	struct core_plan *pl = ctx;
	struct coredump *cd = pl->cd;
	const struct region *r = &e->r;
	struct vma_facts v = {
		.perms = r->perms, .file = region_has_file(r),
		.unlinked = r->kind == REGION_MEMFD || r->kind == REGION_SYSV || r->kind == REGION_ANON_SHMEM,
		.dontdump = smaps_vmflag(e->vmflags, "dd"), .io = smaps_vmflag(e->vmflags, "io"),
		.hugetlb = smaps_vmflag(e->vmflags, "ht"),
		.always = region_is_special(r),
		.pgoff = r->offset,
	};
	struct core_map m = { .start = r->start, .end = r->end, .pgoff = r->offset, .inode = r->inode,
			      .dev = makedev(r->major, r->minor), .name = NO_NAME,
			      .special = r->kind == REGION_VDSO ? SPECIAL_VDSO : v.always ? SPECIAL_ANY : SPECIAL_NONE };
	char flags[sizeof(pl->prev_flags)];

	/* the kernel asks the inode (i_nlink), not the name: a file may be
	 * called "x (deleted)", or keep another link */
	if ((r->perms & PERM_SHARED) && v.file && !v.unlinked) {
		long links = pl->file_links ? pl->file_links(pl->ctx, r) : -1;

		v.unlinked = links >= 0 ? links == 0 : r->deleted;
	}
	anon_vma_facts(pl, k, e, &v, flags, sizeof(flags));
	if (cd->nmap && cd->map[cd->nmap - 1].end == r->start && !strcmp(flags, pl->prev_flags)) {
		if (split_source(&pl->prev) && split_other_half(&v))
			v.anon = 1;
		else if (split_other_half(&pl->prev) && split_source(&v))
			prev_gets_anon_vma(pl);
	}
	pl->prev = v;
	memcpy(pl->prev_flags, flags, sizeof(flags));
	m.dump = vma_dump_size(&v, r->end - r->start, pl->filter, pl->all);
	if (m.dump == DUMP_IF_ELF)
		m.dump = pl->elf_header(pl->ctx, r) ? cd->page_size : 0;
	m.flags = (r->perms & PERM_R ? PF_R : 0) | (r->perms & PERM_W ? PF_W : 0) | (r->perms & PERM_X ? PF_X : 0);
	if (v.file) {
		m.file = 1;
		m.name = ntfile_add(pl->files, cd->arch, r->start, r->end, r->offset / cd->page_size, r->name);
		if (m.name == NO_NAME)
			return -1;
	}
	return core_map_add(cd, &m);
}
