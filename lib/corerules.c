/* corerules.c: how much of a mapping goes into a core, by the kernel's rules
 * (vma_dump_size() in fs/coredump.c) and /proc/PID/coredump_filter */
#include <elf.h>
#include <sys/sysmacros.h>

#include "elfcore.h"
#include "maps.h"
#include "smaps.h"

uint64_t vma_dump_size(const struct vma_facts *v, uint64_t size, unsigned filter, int all)
{
	if (v->always)
		return size;
	/* nothing to read: PROT_NONE guards and reservations */
	if (!(v->perms & PERM_R))
		return 0;
	/* reading device memory can have side effects, even with -a */
	if (v->io)
		return 0;
	if (all)
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
	if ((filter & DUMP_ELF_HEADERS) && v->pgoff == 0)
		return DUMP_IF_ELF;
	return 0;
}

/* Two neighbours that look like one anonymous mapping split in two
 * (mprotect, madvise): touching, both private and anonymous. A split gives
 * both halves the anon_vma, pages or not. (File mappings are left alone: an
 * ELF's segments touch like that too, and are separate mappings.) */
static int split_pair(const struct core_map *a, const struct vma_facts *fa, const struct core_map *b,
		      const struct vma_facts *fb)
{
	return a->end == b->start && !((fa->perms | fb->perms) & PERM_SHARED) && !fa->file && !fb->file &&
	       !fa->always && !fb->always;
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

	/* the kernel asks the inode (i_nlink), not the name: a file may be
	 * called "x (deleted)", or keep another link */
	if ((r->perms & PERM_SHARED) && v.file && !v.unlinked) {
		long links = pl->file_links ? pl->file_links(pl->ctx, r) : -1;

		v.unlinked = links >= 0 ? links == 0 : r->deleted;
	}
	if (!cd->nmap) {
		pl->k_anon = smaps_key(k, "Anonymous");
		pl->k_swap = smaps_key(k, "Swap");
	}
	/* The kernel's anon_vma, which /proc does not show: the mapping holds
	 * anonymous pages, or is a split-off neighbour of one that does. */
	v.anon = (pl->k_anon >= 0 && e->val[pl->k_anon]) || (pl->k_swap >= 0 && e->val[pl->k_swap] && !v.file);
	if (cd->nmap) {
		struct core_map *prev = &cd->map[cd->nmap - 1];

		if (split_pair(prev, &pl->prev, &m, &v)) {
			if (pl->prev.anon == 1 && !v.anon)
				v.anon = 2; /* inherited: passes it on to no one */
			else if (v.anon == 1 && !pl->prev.anon) {
				uint64_t d;

				pl->prev.anon = 2;
				d = vma_dump_size(&pl->prev, prev->end - prev->start, pl->filter, pl->all);
				if (d != DUMP_IF_ELF) { /* else the header page rule, decided before, stands */
					cd->data_size += d - prev->dump;
					prev->dump = d;
				}
			}
		}
	}
	pl->prev = v;
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
