/* modules.c: the ELF files of a process, opened lazily */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "mapfile.h"
#include "modules.h"
#include "procbox.h"

enum { SECTION_MAX = 64 << 20 }; /* bytes of one section procbox copies at most */

static void find_exe(struct modules *ms);

void modules_init(struct modules *ms, const struct arch *a, const struct maps *maps, pid_t pid,
		  const char *sysroot, const char *exe)
{
	memset(ms, 0, sizeof(*ms));
	ms->arch = a, ms->pid = pid, ms->sysroot = sysroot, ms->exe = exe;
	for (size_t i = 0; i < maps->n; i++) {
		const struct region *r = &maps->r[i];
		struct module *last = ms->n ? &ms->m[ms->n - 1] : NULL;

		if (r->kind != REGION_FILE && r->kind != REGION_VDSO)
			continue;
		if (last && !strcmp(last->name, r->name) && last->inode == r->inode) {
			last->end = r->end;
			continue;
		}
		ms->m = xgrow(ms->m, &ms->cap, ms->n + 1, sizeof(*ms->m));
		ms->m[ms->n++] = (struct module){ .start = r->start, .end = r->end, .map_start = r->start,
						  .map_end = r->end, .map_pgoff = r->offset, .inode = r->inode,
						  .dev = makedev(r->major, r->minor), .name = r->name, .fd = -1,
						  .vdso = r->kind == REGION_VDSO };
	}
	find_exe(ms);
}

static const char *base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* The executable of a core: the module of exe's name, else the first */
static void find_exe(struct modules *ms)
{
	ms->exe_module = ms->n ? &ms->m[0] : NULL;
	for (size_t i = 0; ms->exe && i < ms->n; i++)
		if (!strcmp(base(ms->m[i].name), base(ms->exe)))
			ms->exe_module = &ms->m[i];
}

/* The vDSO's image, from the task's memory into a memfd (its size bounded:
 * a vDSO is a few pages) */
static int open_vdso(const struct modules *ms, const struct module *m)
{
	enum { VDSO_MAX = 1 << 20 };
	uint64_t len = m->end - m->start;
	char *buf;
	int fd = -1;

	if (!ms->read || len > VDSO_MAX)
		return -1;
	buf = xmalloc(len);
	if (!ms->read(ms->read_ctx, m->start, buf, len) && (fd = memfd_create("vdso", MFD_CLOEXEC)) >= 0 &&
	    write(fd, buf, len) != (ssize_t)len) {
		close(fd);
		fd = -1;
	}
	free(buf);
	return fd;
}

static int open_file(const struct modules *ms, const struct module *m, char *path, size_t size)
{

	if (m->vdso)
		return open_vdso(ms, m);
	if (ms->pid) { /* the mapped inode itself, or its path in the process's root */
		snprintf(path, size, "/proc/%d/root%s", (int)ms->pid, m->name);
		return region_file_open(ms->pid, m->map_start, m->map_end, path, m->dev, m->inode);
	}
	if (ms->exe && m == ms->exe_module)
		snprintf(path, size, "%s", ms->exe);
	else
		snprintf(path, size, "%s%s", ms->sysroot ? ms->sysroot : "", m->name);
	return file_open_regular(path);
}

/* A copy of the named section of m, or NULL */
static void *section(struct module *m, const char *name, const struct elf_shdr **sh, int slot)
{
	*sh = elf_section(&m->elf, name);
	if (!*sh)
		return NULL;
	return m->data[slot] = elf_section_data(&m->elf, *sh, SECTION_MAX);
}

static void load_cfi(struct module *m)
{
	const struct elf_shdr *sh, *hs;
	uint8_t *p;
	struct cfi_section s = { .bias = m->bias, .addr_size = m->elf.form.elfclass == 2 ? 8 : 4,
				 .big_endian = m->elf.form.order == 2 };

	if ((p = section(m, ".eh_frame", &sh, 0))) {
		s.data = p, s.size = sh->size, s.addr = sh->addr + m->bias;
		m->has_eh = !cfi_open(&m->eh, &s);
		if (m->has_eh && (p = section(m, ".eh_frame_hdr", &hs, 1)))
			cfi_use_hdr(&m->eh, p, hs->size, hs->addr + m->bias);
	}
	if ((p = section(m, ".debug_frame", &sh, 2))) {
		s.data = p, s.size = sh->size, s.addr = 0, s.debug_frame = 1;
		m->has_dbg = !cfi_open(&m->dbg, &s);
	}
	if ((p = section(m, ".ARM.exidx", &sh, 3))) {
		struct exidx_section idx = { p, sh->size, sh->addr + m->bias }, tab = { 0 };
		const struct elf_shdr *ts;

		if ((tab.data = section(m, ".ARM.extab", &ts, 4)))
			tab.size = ts->size, tab.addr = ts->addr + m->bias;
		m->has_ex = !exidx_open(&m->ex, &idx, &tab, m->elf.form.order == 2);
	}
}

/* The build id of the ELF headers at the start of m's first mapping, read
 * from the task's memory (a core holds that page of every ELF file mapping:
 * the kernel's rule, and pcore's); 0 if they are not there */
static size_t mapped_build_id(const struct modules *ms, const struct module *m, uint8_t id[ELF_BUILD_ID_MAX])
{
	uint64_t len = m->map_end - m->map_start;
	unsigned char b[64], notes[1024];
	struct elf_form f;
	struct elf_ehdr h;
	struct elf_phdr p;
	size_t n = 0;

	if (!ms->read || m->map_pgoff || ms->read(ms->read_ctx, m->map_start, b, EI_NIDENT) ||
	    memcmp(b, ELFMAG, SELFMAG))
		return 0;
	f = (struct elf_form){ b[EI_CLASS], b[EI_DATA] };
	if ((f.elfclass != ELFCLASS32 && f.elfclass != ELFCLASS64) || (f.order != ELFDATA2LSB && f.order != ELFDATA2MSB) ||
	    ms->read(ms->read_ctx, m->map_start, b, elf_rec_size(ELF_EHDR, f)))
		return 0;
	elf_rec_get(ELF_EHDR, f, b, &h);
	if (h.phentsize != elf_rec_size(ELF_PHDR, f) || h.phoff > len || h.phnum > (len - h.phoff) / h.phentsize)
		return 0;
	for (uint64_t i = 0; i < h.phnum && !n; i++) {
		if (ms->read(ms->read_ctx, m->map_start + h.phoff + i * h.phentsize, b, h.phentsize))
			return 0;
		elf_rec_get(ELF_PHDR, f, b, &p);
		if (p.type == PT_NOTE && p.filesz <= sizeof(notes) && p.offset <= len && p.filesz <= len - p.offset &&
		    !ms->read(ms->read_ctx, m->map_start + p.offset, notes, p.filesz))
			n = elf_notes_build_id(f, notes, p.filesz, p.align == 8 ? 8 : 4, id);
	}
	return n;
}

/* m's file is not the one mapped: another build than the core's m->id */
static int other_build(const struct module *m, const char *path)
{
	char had[2 * ELF_BUILD_ID_MAX + 1], has[2 * ELF_BUILD_ID_MAX + 1];

	if (!m->id_len || (m->id_len == m->elf.build_id_len && !memcmp(m->id, m->elf.build_id, m->id_len)))
		return 0;
	error_msg("%s: not the file the core mapped at 0x%llx: build id %s, the core's %s; not used", path,
		  (unsigned long long)m->map_start,
		  m->elf.build_id_len ? elf_build_id_hex(m->elf.build_id, m->elf.build_id_len, has) : "none",
		  elf_build_id_hex(m->id, m->id_len, had));
	return 1;
}

static int load(struct modules *ms, struct module *m)
{
	char path[4200];

	if (m->state)
		return m->state;
	m->state = -1;
	if (!ms->pid && !m->vdso) /* a core's: the build it mapped (a live one's file is the mapped inode) */
		m->id_len = mapped_build_id(ms, m, m->id);
	m->unusable = "no file";
	if ((m->fd = open_file(ms, m, path, sizeof(path))) < 0)
		return -1;
	m->unusable = "not ELF";
	if (elf_file_open(&m->elf, m->fd, m->name)) {
		close(m->fd);
		m->fd = -1;
		return -1;
	}
	m->unusable = "another build";
	if (other_build(m, path))
		return -1;
	m->unusable = "no segment at its mapping";
	if (elf_mapping_bias(&m->elf, m->map_start, m->map_pgoff, &m->bias))
		return -1;
	m->unusable = NULL;
	if (m->elf.build_id_len)
		memcpy(m->id, m->elf.build_id, m->id_len = m->elf.build_id_len);
	load_cfi(m);
	m->has_syms = !symtab_load(&m->syms, &m->elf, m->name);
	return m->state = 1;
}

static struct module *module_of(struct modules *ms, uint64_t addr)
{
	size_t lo = 0, hi = ms->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (addr < ms->m[mid].start)
			hi = mid;
		else if (addr >= ms->m[mid].end)
			lo = mid + 1;
		else
			return &ms->m[mid];
	}
	return NULL;
}

struct module *module_at(struct modules *ms, uint64_t addr)
{
	struct module *m = module_of(ms, addr);

	return m && load(ms, m) > 0 ? m : NULL;
}

/* n bytes at the file's offset off, through the cache where they lie in one page */
static int cached_read(struct module *m, void *buf, size_t n, uint64_t off)
{
	uint64_t page = off & ~(uint64_t)(MODULE_PAGE - 1);
	unsigned k = 0;

	if (off + n <= page + MODULE_PAGE) {
		if (!m->code) {
			m->code = xmalloc(MODULE_PAGES * MODULE_PAGE);
			memset(m->code_off, 0xff, sizeof(m->code_off)); /* no page */
		}
		while (k < MODULE_PAGES && m->code_off[k] != page)
			k++;
		if (k == MODULE_PAGES) { /* the oldest page gives way; a page cut short by the file's end is not kept */
			k = m->code_next++ % MODULE_PAGES;
			m->code_off[k] = pread(m->fd, m->code + k * MODULE_PAGE, MODULE_PAGE, page) == MODULE_PAGE
					       ? page : (uint64_t)-1;
		}
		if (m->code_off[k] == page) {
			memcpy(buf, m->code + k * MODULE_PAGE + (off - page), n);
			return 0;
		}
	}
	return pread(m->fd, buf, n, off) == (ssize_t)n ? 0 : -1;
}

int module_read(struct module *m, uint64_t addr, void *buf, size_t n)
{
	uint64_t vaddr = addr - m->bias;

	for (size_t i = 0; i < m->elf.nph; i++) {
		const struct elf_phdr *p = &m->elf.ph[i];

		if (p->type == 1 /* PT_LOAD */ && vaddr >= p->vaddr && vaddr + n <= p->vaddr + p->filesz &&
		    vaddr + n > vaddr)
			return cached_read(m, buf, n, p->offset + (vaddr - p->vaddr));
	}
	return -1;
}

void modules_free(struct modules *ms)
{
	for (size_t i = 0; i < ms->n; i++) {
		struct module *m = &ms->m[i];

		if (m->state > 0) {
			if (m->has_eh)
				cfi_close(&m->eh);
			if (m->has_dbg)
				cfi_close(&m->dbg);
			if (m->has_syms)
				symtab_free(&m->syms);
		}
		elf_file_close(&m->elf);
		for (int k = 0; k < 5; k++)
			free(m->data[k]);
		free(m->code);
		if (m->fd >= 0)
			close(m->fd);
	}
	free(ms->m);
	memset(ms, 0, sizeof(*ms));
}

int module_symbol(struct modules *ms, const struct maps *maps, uint64_t pc, int caller, struct symbol *s)
{
	uint64_t at = caller ? pc - 1 : pc;
	struct module *m = module_of(ms, at);
	const struct region *r;

	memset(s, 0, sizeof(*s));
	if (m) {
		m->named = 1;
		s->module = m->name;
		s->module_offset = pc - m->start + m->map_pgoff;
		if (load(ms, m) > 0 && m->has_syms && (s->function = symtab_find(&m->syms, at - m->bias, &s->offset)))
			s->offset += pc - at;
	} else if ((r = maps_find(maps, pc)) && r->name[0]) {
		/* a mapping that is not an ELF file we could open: still named */
		s->module = r->name;
		s->module_offset = pc - r->start + (r->kind == REGION_FILE ? r->offset : 0);
	}
	return s->function != NULL;
}
