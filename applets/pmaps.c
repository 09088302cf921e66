/* pmaps: the memory map of a live process or of a core file */
#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "addr.h"
#include "attach.h"
#include "core_read.h"
#include "json.h"
#include "maps.h"
#include "out.h"
#include "pagemap.h"
#include "proc.h"
#include "procbox.h"
#include "smaps.h"

APPLET(pmaps, "pmaps [options] PID|self|CORE...",
	"Show the memory map of each process (or core file), like pmap.\n"
	"  -x          extended: RSS, PSS, Dirty, Swap (kB, from smaps)\n"
	"  -X          every smaps field the kernel gives, and VmFlags\n"
	"  -q          no header or total line\n"
	"  -p          full paths\n"
	"  -A LOW,HIGH only mappings overlapping [LOW, HIGH) (hex; either may be empty;\n"
	"              one address: the mapping holding it)\n"
	"  -P, --pagemap  pages present, swapped, soft-dirty, exclusive, file/shared,\n"
	"              never touched, per mapping (from /proc/PID/pagemap)\n"
	"  --json      JSON output (see README)\n"
	"  --stop      freeze the process while reading, so maps, smaps and pagemap\n"
	"              agree (ptrace seize, never SIGSTOP; default: not stopped)\n");

static const struct option longopts[] = {
	{ "pagemap", no_argument, 0, 'P' },
	{ "json", no_argument, 0, 'J' },
	{ "stop", no_argument, 0, 'S' },
	{ 0 },
};

/* What to show, and the running state of one process's listing. */
struct pmaps {
	int x, X, quiet, full, pagemap, json, stop;
	uint64_t lo, hi;
	int width;                  /* address digits: 16, or 8 for a 32-bit core */
	struct pagemap pm;
	/* smaps' keys, known from the first region on: their number and -X
	 * column widths (the names live in the parser, gone after the read) */
	size_t nkeys;
	uint8_t kw[SMAPS_MAX_KEYS];
	int k_rss, k_pss, k_swap, k_sdirty, k_pdirty; /* their indexes, for -x */
	int headed;
	uint64_t kb, rss, pss, dirty, swap, sum[SMAPS_MAX_KEYS];
	struct pagemap_counts pages;
};

static const char *const pm_cols[] = { "Present", "Swapped", "SoftDirty", "Exclusive", "FileShared", "Untouched" };

static void pm_values(const struct pagemap_counts *c, uint64_t v[6])
{
	v[0] = c->present, v[1] = c->swapped, v[2] = c->soft_dirty;
	v[3] = c->exclusive, v[4] = c->file_shared, v[5] = c->untouched;
}

/* procps pmap's mode: rwx, 's' if shared, and a fifth letter procps 4 leaves
 * '-' (Solaris' R, no swap reserved, would need smaps: -X shows VmFlags nr) */
static void mode(const struct region *r, char m[6])
{
	region_perms(r, m);
	m[3] = r->perms & PERM_SHARED ? 's' : '-';
	m[4] = '-';
	m[5] = 0;
}

/* pmap's mapping column: a basename (or the path with -p), else "  [ name ]";
 * System V shared memory as procps shows it, by its shmid (the inode), but
 * with -p: the kernel's name, /SYSV then the IPC key, which the shmid lacks */
static void print_name(const struct pmaps *o, const struct region *r)
{
	const char *s = r->name, *slash;
	size_t n = strlen(s);

	if (r->kind == REGION_SYSV && !r->major && !o->full) {
		out_str("  [ shmid=0x");
		out_hex(r->inode, 0, '0');
		out_str(" ]");
	} else if (r->kind == REGION_ANON) {
		out_str("  [ anon ]");
	} else if (*s == '[' && n > 1 && s[n - 1] == ']') {
		out_str("  [ ");
		out_text_n(s + 1, n - 2);
		out_str(" ]");
	} else {
		out_text(!o->full && (slash = strrchr(s, '/')) ? slash + 1 : s);
	}
}

static void col(uint64_t v, int width)
{
	out_char(' ');
	out_dec(v, width);
}

static void col_str(const char *s, int width)
{
	out_char(' ');
	for (int n = strlen(s); n < width; n++)
		out_char(' ');
	out_str(s);
}

static int key_width(const char *name)
{
	return strlen(name) > 7 ? strlen(name) : 7;
}

static void json_region(struct pmaps *o, const struct smaps_keys *keys, const struct smaps_entry *e,
			const struct pagemap_counts *pc)
{
	const struct region *r = &e->r;
	char perms[5], dev[16];

	region_perms(r, perms);
	snprintf(dev, sizeof(dev), "%02x:%02x", r->major, r->minor);
	json_open('{');
	json_field_hex("start", r->start);
	json_field_hex("end", r->end);
	json_field_u64("size_kb", (r->end - r->start) >> 10);
	json_field_str("perms", perms);
	json_field_u64("offset", r->offset);
	json_field_str("dev", dev);
	json_field_u64("inode", r->inode);
	json_field_str("kind", region_kind_name(r->kind));
	json_field_str("name", r->name);
	json_key("deleted");
	json_literal(r->deleted ? "true" : "false");
	if (keys) {
		json_key("smaps");
		json_open('{');
		for (size_t k = 0; k < keys->n; k++)
			json_field_u64(keys->name[k], e->val[k]);
		json_close();
		json_field_str("vmflags", e->vmflags);
	}
	if (pc) {
		json_key("pagemap");
		json_open('{');
		json_field_u64("pages", pc->pages);
		json_field_u64("present", pc->present);
		json_field_u64("swapped", pc->swapped);
		json_key("soft_dirty");
		if (o->pm.soft_dirty_support)
			json_u64(pc->soft_dirty);
		else
			json_literal("null");
		json_field_u64("exclusive", pc->exclusive);
		json_field_u64("file_shared", pc->file_shared);
		json_field_u64("untouched", pc->untouched);
		json_close();
	}
	json_close();
}

static void pm_cells(const struct pmaps *o, const struct pagemap_counts *c)
{
	uint64_t v[6];

	pm_values(c, v);
	for (int i = 0; i < 6; i++) {
		if (i == 2 && !o->pm.soft_dirty_support)
			col_str("n/a", 9);
		else
			col(v[i], 9);
	}
}

/* Once, before the first row (or the total line if no mapping was in range). */
static void header(struct pmaps *o, const struct smaps_keys *keys)
{
	if (o->headed++ || o->json || o->quiet || (!o->x && !o->X && !o->pagemap))
		return;
	out_str("Address");
	for (int i = 7; i < o->width; i++)
		out_char(' ');
	if (o->X) {
		out_str(" Perm   Offset Device    Inode");
		for (size_t k = 0; keys && k < keys->n; k++)
			col_str(keys->name[k], o->kw[k]);
	} else {
		col_str("Kbytes", 7);
		if (o->x)
			out_str("     RSS     PSS   Dirty    Swap");
	}
	for (int i = 0; o->pagemap && i < 6; i++)
		col_str(pm_cols[i], 9);
	out_str(o->X ? " VmFlags Mapping\n" : " Mode  Mapping\n");
}

static uint64_t key_val(const struct smaps_entry *e, int k)
{
	return k < 0 ? 0 : e->val[k];
}

/* One region: filter, count pages, print, add to the totals. */
static int row(void *ctx, const struct smaps_keys *keys, const struct smaps_entry *e)
{
	struct pmaps *o = ctx;
	const struct region *r = &e->r;
	struct pagemap_counts pc = { 0 };
	uint64_t kb = (r->end - r->start) >> 10;
	char m[6];

	if (r->end <= o->lo || r->start >= o->hi)
		return 0;
	if (keys && !o->nkeys) {
		o->nkeys = keys->n;
		for (size_t k = 0; k < keys->n; k++)
			o->kw[k] = key_width(keys->name[k]);
		o->k_rss = smaps_key(keys, "Rss"), o->k_pss = smaps_key(keys, "Pss");
		o->k_swap = smaps_key(keys, "Swap"), o->k_sdirty = smaps_key(keys, "Shared_Dirty");
		o->k_pdirty = smaps_key(keys, "Private_Dirty");
	}
	header(o, keys);
	/* [vsyscall] lies above the task's address space: pagemap has nothing for it */
	if (o->pagemap && r->kind != REGION_VSYSCALL && pagemap_count(&o->pm, r->start, r->end, &pc))
		return -1;
	o->kb += kb;
	o->pages.pages += pc.pages, o->pages.present += pc.present, o->pages.swapped += pc.swapped;
	o->pages.soft_dirty += pc.soft_dirty, o->pages.exclusive += pc.exclusive;
	o->pages.file_shared += pc.file_shared, o->pages.untouched += pc.untouched;
	if (o->json) {
		json_region(o, keys, e, o->pagemap ? &pc : NULL);
		return 0;
	}
	mode(r, m);
	if (o->X) {
		region_perms(r, m);
		out_hex(r->start, o->width, ' ');
		out_char(' ');
		out_str(m);
		out_char(' ');
		out_hex(r->offset, 8, '0');
		out_fmt("  %02x:%02x", r->major, r->minor);
		col(r->inode, 8);
		for (size_t k = 0; k < o->nkeys; k++) {
			col(e->val[k], o->kw[k]);
			o->sum[k] += e->val[k];
		}
	} else {
		out_hex(r->start, o->width, '0');
		col(kb, o->x || o->pagemap ? 7 : 6);
		if (!o->x && !o->pagemap)
			out_char('K');
		if (o->x) {
			uint64_t rss = key_val(e, o->k_rss), pss = key_val(e, o->k_pss), swap = key_val(e, o->k_swap);
			uint64_t dirty = key_val(e, o->k_sdirty) + key_val(e, o->k_pdirty);

			col(rss, 7), col(pss, 7), col(dirty, 7), col(swap, 7);
			o->rss += rss, o->pss += pss, o->dirty += dirty, o->swap += swap;
		}
	}
	if (o->pagemap)
		pm_cells(o, &pc);
	if (o->X) {
		col_str(e->vmflags, 7);
		out_char(' ');
		out_text(r->name);
	} else {
		out_char(' ');
		out_str(m);
		out_char(' ');
		print_name(o, r);
	}
	out_char('\n');
	return 0;
}

static void footer(struct pmaps *o)
{
	header(o, NULL);
	if (o->json || o->quiet)
		return;
	if (!o->x && !o->X && !o->pagemap) {
		out_str(" total");
		col(o->kb, o->width);
		out_str("K\n");
		return;
	}
	if (o->x && !o->X) {
		for (int i = 0; i < o->width; i++)
			out_char('-');
		out_str(" ------- ------- ------- ------- -------\n");
	}
	out_str("total kB");
	for (int i = 8; i < o->width; i++)
		out_char(' ');
	if (o->X) {
		out_fmt("%30s", "");
		for (size_t k = 0; k < o->nkeys; k++)
			col(o->sum[k], o->kw[k]);
	} else {
		col(o->kb, 7);
		if (o->x)
			col(o->rss, 7), col(o->pss, 7), col(o->dirty, 7), col(o->swap, 7);
	}
	if (o->pagemap)
		pm_cells(o, &o->pages);
	out_char('\n');
	if (o->pagemap && !o->pm.soft_dirty_support)
		out_str("soft-dirty: unsupported by this kernel\n");
}

static void end(struct pmaps *o)
{
	if (o->json) {
		json_close();
		json_field_u64("total_kb", o->kb);
		json_close();
	} else {
		footer(o);
	}
}

static int map_row(void *o, const struct region *r)
{
	struct smaps_entry e = { .r = *r, .vmflags = "" };

	return row(o, NULL, &e);
}

static int list_pid(struct pmaps *o, pid_t pid)
{
	const char *why = proc_no_mm_reason(pid);
	struct attach at;
	char *cmd;
	int r;

	if (why) {
		error_msg("%d: %s", (int)pid, why);
		return -1;
	}
	if (o->stop && attach_all(&at, pid))
		return -1;
	if (o->pagemap && pagemap_open(&o->pm, pid)) {
		if (o->stop)
			detach_all(&at);
		return -1;
	}
	cmd = proc_cmdline(pid);
	if (o->json) {
		json_open('{');
		json_field_u64("pid", pid);
		json_field_u64("page_size", sysconf(_SC_PAGESIZE));
		json_field_str("cmdline", cmd ? cmd : "");
		json_key("regions");
		json_open('[');
	} else if (!o->quiet) {
		out_fmt("%d:   ", (int)pid);
		out_text(cmd ? cmd : "");
		out_char('\n');
	}
	free(cmd);
	/* region by region, in constant memory */
	r = o->x || o->X ? smaps_read(pid, row, o) : maps_stream(pid, map_row, o);
	if (o->pagemap)
		pagemap_close(&o->pm);
	if (o->stop)
		detach_all(&at);
	end(o);
	return r;
}

/* A core file: its PT_LOAD segments, named from NT_FILE. */
static int list_core(struct pmaps *o, const char *path)
{
	struct core c;
	struct core_file *files;
	uint64_t page_size = 0, kb = 0, core_kb = 0;
	long nfiles;
	const char *live = o->X ? "-X" : o->x ? "-x" : o->pagemap ? "-P" : NULL;

	if (live) { /* a core has no smaps or pagemap */
		error_msg("%s: %s needs a live process", path, live);
		return -1;
	}
	if (core_open(&c, path))
		return -1;
	nfiles = core_files(&c, &files, &page_size);
	if (nfiles < 0) {
		core_close(&c);
		return -1;
	}
	o->width = c.arch->elfclass == ELFCLASS64 ? 16 : 8;
	if (o->json) {
		json_open('{');
		json_field_str("core", path);
		json_field_str("arch", c.arch->name);
		json_key("segments");
		json_open('[');
	} else if (!o->quiet) {
		out_text(path);
		out_fmt(": core of %s\n%-*s  Kbytes  InCore Flags Mapping\n", c.arch->name, o->width, "Address");
	}
	for (size_t i = 0; i < c.nsegs; i++) {
		const struct core_seg *s = &c.segs[i];
		const char *name = "";
		char fl[4] = { s->flags & PF_R ? 'r' : '-', s->flags & PF_W ? 'w' : '-', s->flags & PF_X ? 'x' : '-', 0 };

		if (s->vaddr + s->memsz <= o->lo || s->vaddr >= o->hi)
			continue;
		for (long f = 0; f < nfiles; f++)
			if (files[f].start <= s->vaddr && s->vaddr < files[f].end)
				name = files[f].name;
		kb += s->memsz >> 10, core_kb += s->filesz >> 10;
		if (o->json) {
			json_open('{');
			json_field_hex("start", s->vaddr);
			json_field_hex("end", s->vaddr + s->memsz);
			json_field_u64("size_kb", s->memsz >> 10);
			json_field_u64("incore_kb", s->filesz >> 10);
			json_field_str("flags", fl);
			json_field_str("name", name);
			json_close();
			continue;
		}
		out_hex(s->vaddr, o->width, '0');
		col(s->memsz >> 10, 7), col(s->filesz >> 10, 7);
		out_fmt(" %s   ", fl);
		if (!*name)
			out_str("  [ anon ]");
		else
			out_text(o->full || !strrchr(name, '/') ? name : strrchr(name, '/') + 1);
		out_char('\n');
	}
	if (o->json) {
		json_close();
		json_field_u64("total_kb", kb);
		json_field_u64("incore_kb", core_kb);
		json_close();
	} else if (!o->quiet) {
		out_fmt("%-*s", o->width, "total kB");
		col(kb, 7), col(core_kb, 7);
		out_char('\n');
	}
	free(files);
	core_close(&c);
	return 0;
}

/* each target starts from the options with fresh totals */
static int on_pid(void *o, pid_t pid)
{
	struct pmaps each = *(struct pmaps *)o;

	each.width = 2 * sizeof(long);
	return list_pid(&each, pid);
}

static int on_core(void *o, const char *path)
{
	struct pmaps each = *(struct pmaps *)o;

	return list_core(&each, path);
}

int pmaps_main(int argc, char **argv)
{
	int c;
	const char *why;
	struct pmaps o = { .hi = UINT64_MAX };

	while ((c = opt_next(argc, argv, "xXqpA:P", longopts)) != -1) {
		switch (c) {
		case 'x': o.x = 1; break;
		case 'X': o.X = 1; break;
		case 'q': o.quiet = 1; break;
		case 'p': o.full = 1; break;
		case 'A':
			if ((why = addr_bounds(optarg, &o.lo, &o.hi)))
				usage_exit("-A %s: %s", optarg, why);
			break;
		case 'P': o.pagemap = 1; break;
		case 'J': o.json = 1; break;
		case 'S': o.stop = 1; break;
		}
	}
	return each_target(argc, argv, o.json, on_pid, on_core, &o);
}
