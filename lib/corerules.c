/* corerules.c: how much of a mapping goes into a core, by the kernel's rules
 * (vma_dump_size() in fs/coredump.c) and /proc/PID/coredump_filter */
#include "elfcore.h"
#include "maps.h"

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
