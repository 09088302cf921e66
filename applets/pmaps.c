/* pmaps: the memory map of a live process or of a core file */
#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "corefile.h"
#include "json.h"
#include "maps.h"
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
	"  -A LOW,HIGH only mappings overlapping [LOW, HIGH) (hex; either may be empty)\n"
	"  -P, --pagemap  pages present, swapped, soft-dirty, exclusive, file/shared,\n"
	"              never touched, per mapping (from /proc/PID/pagemap)\n"
	"  --json      JSON output (see README)\n");

static const struct option longopts[] = {
	{ "pagemap", no_argument, 0, 'P' },
	{ "json", no_argument, 0, 'J' },
	{ "stop", no_argument, 0, 'S' },
	{ 0 },
};

/* What to show, and the running state of one process's listing. */
struct pmaps {
	int x, X, quiet, full, pagemap, json;
	uint64_t lo, hi;
	int width;                  /* address digits: 16, or 8 for a 32-bit core */
	struct pagemap pm;
	const struct smaps_keys *keys;
	int nrows;
	int *nobj;                  /* JSON objects written so far, for the commas */
	uint64_t kb, rss, pss, dirty, swap, sum[SMAPS_MAX_KEYS];
	struct pagemap_counts pages;
};

static const char *const pm_cols[] = { "Present", "Swapped", "SoftDirty", "Exclusive", "FileShared", "Untouched" };

static void pm_values(const struct pagemap_counts *c, uint64_t v[6])
{
	v[0] = c->present, v[1] = c->swapped, v[2] = c->soft_dirty;
	v[3] = c->exclusive, v[4] = c->file_shared, v[5] = c->untouched;
}

/* procps pmap's mode: rwx, 's' if shared, 'R' if no swap reserved */
static void mode(const struct region *r, const char *vmflags, char m[6])
{
	region_perms(r, m);
	m[3] = r->perms & PERM_SHARED ? 's' : '-';
	m[4] = vmflags && smaps_vmflag(vmflags, "nr") ? 'R' : '-';
	m[5] = 0;
}

/* pmap's mapping column: a basename (or the path with -p), else "  [ name ]" */
static void print_name(const struct pmaps *o, const struct region *r)
{
	const char *s = r->name, *slash;

	if (r->kind == REGION_ANON)
		fputs("  [ anon ]", stdout);
	else if (*s == '[')
		printf("  [ %.*s ]", (int)strlen(s) - 2, s + 1);
	else if (!o->full && (slash = strrchr(s, '/')))
		fputs(slash + 1, stdout);
	else
		fputs(s, stdout);
}

static void json_region(struct pmaps *o, const struct smaps_entry *e, const struct pagemap_counts *pc)
{
	const struct region *r = &e->r;
	char perms[5];

	region_perms(r, perms);
	printf("%s\n    {\"start\": \"0x%llx\", \"end\": \"0x%llx\", \"size_kb\": %llu, \"perms\": \"%s\", "
	       "\"offset\": %llu, \"dev\": \"%02x:%02x\", \"inode\": %llu, \"kind\": \"%s\", \"name\": ",
	       o->nrows ? "," : "", (unsigned long long)r->start, (unsigned long long)r->end,
	       (unsigned long long)(r->end - r->start) >> 10, perms, (unsigned long long)r->offset,
	       r->major, r->minor, (unsigned long long)r->inode, region_kind_name(r->kind));
	json_str(stdout, r->name);
	printf(", \"deleted\": %s", r->deleted ? "true" : "false");
	if (o->keys) {
		fputs(", \"smaps\": {", stdout);
		for (size_t k = 0; k < o->keys->n; k++) {
			printf("%s", k ? ", " : "");
			json_str(stdout, o->keys->name[k]);
			printf(": %llu", (unsigned long long)e->val[k]);
		}
		fputs("}, \"vmflags\": ", stdout);
		json_str(stdout, e->vmflags);
	}
	if (pc) {
		printf(", \"pagemap\": {\"pages\": %llu, \"present\": %llu, \"swapped\": %llu, \"soft_dirty\": ",
		       (unsigned long long)pc->pages, (unsigned long long)pc->present,
		       (unsigned long long)pc->swapped);
		if (o->pm.soft_dirty_support)
			printf("%llu", (unsigned long long)pc->soft_dirty);
		else
			fputs("null", stdout);
		printf(", \"exclusive\": %llu, \"file_shared\": %llu, \"untouched\": %llu}",
		       (unsigned long long)pc->exclusive, (unsigned long long)pc->file_shared,
		       (unsigned long long)pc->untouched);
	}
	putchar('}');
}

static void header(struct pmaps *o)
{
	if (o->json || o->quiet || (!o->x && !o->X && !o->pagemap))
		return;
	printf("%-*s ", o->width, "Address");
	if (o->X) {
		fputs("Perm   Offset Device    Inode", stdout);
		for (size_t k = 0; k < o->keys->n; k++)
			printf(" %7s", o->keys->name[k]);
	} else {
		printf("%7s", "Kbytes");
		if (o->x)
			printf(" %7s %7s %7s %7s", "RSS", "PSS", "Dirty", "Swap");
	}
	if (o->pagemap)
		for (int i = 0; i < 6; i++)
			printf(" %9s", pm_cols[i]);
	printf(" %s\n", o->X ? "VmFlags Mapping" : "Mode  Mapping");
}

static int key_val(const struct pmaps *o, const struct smaps_entry *e, const char *name)
{
	int k = smaps_key(o->keys, name);

	return k < 0 ? 0 : e->val[k];
}

/* One region: filter, count pages, print, add to the totals. */
static int row(void *ctx, const struct smaps_keys *keys, const struct smaps_entry *e)
{
	struct pmaps *o = ctx;
	const struct region *r = &e->r;
	struct pagemap_counts pc = { 0 };
	uint64_t kb = (r->end - r->start) >> 10, pv[6];
	char m[6];

	if (r->end <= o->lo || r->start >= o->hi)
		return 0;
	if (keys && !o->keys) {
		o->keys = keys;
		header(o);
	}
	/* [vsyscall] lies above the task's address space: pagemap has nothing for it */
	if (o->pagemap && r->kind != REGION_VSYSCALL && pagemap_count(&o->pm, r->start, r->end, &pc))
		return -1;
	o->kb += kb;
	if (o->json) {
		json_region(o, e, o->pagemap ? &pc : NULL);
		o->nrows++;
		return 0;
	}
	o->nrows++;
	pm_values(&pc, pv);
	mode(r, keys ? e->vmflags : NULL, m);
	if (!o->x && !o->X && !o->pagemap) {
		printf("%0*llx %6lluK %s ", o->width, (unsigned long long)r->start, (unsigned long long)kb, m);
	} else if (o->X) {
		region_perms(r, m);
		printf("%*llx %s %08llx %02x:%02x %8llu", o->width, (unsigned long long)r->start, m,
		       (unsigned long long)r->offset, r->major, r->minor, (unsigned long long)r->inode);
		for (size_t k = 0; k < keys->n; k++) {
			printf(" %*llu", (int)(strlen(keys->name[k]) > 7 ? strlen(keys->name[k]) : 7),
			       (unsigned long long)e->val[k]);
			o->sum[k] += e->val[k];
		}
	} else {
		printf("%0*llx %7llu", o->width, (unsigned long long)r->start, (unsigned long long)kb);
		if (o->x) {
			uint64_t rss = key_val(o, e, "Rss"), pss = key_val(o, e, "Pss"), swap = key_val(o, e, "Swap");
			uint64_t dirty = key_val(o, e, "Shared_Dirty") + key_val(o, e, "Private_Dirty");

			printf(" %7llu %7llu %7llu %7llu", (unsigned long long)rss, (unsigned long long)pss,
			       (unsigned long long)dirty, (unsigned long long)swap);
			o->rss += rss, o->pss += pss, o->dirty += dirty, o->swap += swap;
		}
	}
	if (o->pagemap) {
		for (int i = 0; i < 6; i++) {
			if (i == 2 && !o->pm.soft_dirty_support)
				printf(" %9s", "n/a");
			else
				printf(" %9llu", (unsigned long long)pv[i]);
		}
		o->pages.pages += pc.pages, o->pages.present += pc.present, o->pages.swapped += pc.swapped;
		o->pages.soft_dirty += pc.soft_dirty, o->pages.exclusive += pc.exclusive;
		o->pages.file_shared += pc.file_shared, o->pages.untouched += pc.untouched;
	}
	if (o->X)
		printf(" %7s ", e->vmflags);
	else if (o->x || o->pagemap)
		printf(" %s ", m);
	if (o->X)
		fputs(r->name, stdout);
	else
		print_name(o, r);
	putchar('\n');
	return 0;
}

static void footer(struct pmaps *o)
{
	uint64_t pv[6];

	if (o->json || o->quiet)
		return;
	if (!o->x && !o->X && !o->pagemap) {
		printf(" total %*lluK\n", o->width, (unsigned long long)o->kb);
		return;
	}
	if (o->x && !o->X) {
		for (int i = 0; i < o->width; i++)
			putchar('-');
		puts(" ------- ------- ------- ------- -------");
	}
	printf("%-*s ", o->width, "total kB");
	if (o->X) {
		printf("%29s", "");
		for (size_t k = 0; o->keys && k < o->keys->n; k++)
			printf(" %*llu", (int)(strlen(o->keys->name[k]) > 7 ? strlen(o->keys->name[k]) : 7),
			       (unsigned long long)o->sum[k]);
	} else {
		printf("%7llu", (unsigned long long)o->kb);
		if (o->x)
			printf(" %7llu %7llu %7llu %7llu", (unsigned long long)o->rss, (unsigned long long)o->pss,
			       (unsigned long long)o->dirty, (unsigned long long)o->swap);
	}
	pm_values(&o->pages, pv);
	for (int i = 0; o->pagemap && i < 6; i++) {
		if (i == 2 && !o->pm.soft_dirty_support)
			printf(" %9s", "n/a");
		else
			printf(" %9llu", (unsigned long long)pv[i]);
	}
	putchar('\n');
	if (o->pagemap && !o->pm.soft_dirty_support)
		puts("soft-dirty: unsupported by this kernel");
}

static void json_next(struct pmaps *o)
{
	printf("%s\n  ", (*o->nobj)++ ? "," : "");
}

static void begin(struct pmaps *o, const char *what_json, const char *title)
{
	if (o->json) {
		json_next(o);
		printf("%s", what_json);
		json_str(stdout, title);
		fputs(", \"regions\": [", stdout);
	} else if (!o->quiet) {
		printf("%s\n", title);
	}
}

static void end(struct pmaps *o)
{
	if (o->json)
		printf("\n  ], \"total_kb\": %llu}", (unsigned long long)o->kb);
	else
		footer(o);
}

static int list_pid(struct pmaps *o, pid_t pid)
{
	char *text = NULL, *cmd, what[64], title[4200];
	int r = -1;

	o->pm.fd = -1;
	if (o->x || o->X) {
		snprintf(what, sizeof(what), "/proc/%d/smaps", (int)pid);
		if (!(text = proc_read(pid, "smaps", NULL)))
			return -1;
	} else {
		snprintf(what, sizeof(what), "/proc/%d/maps", (int)pid);
		if (!(text = proc_read(pid, "maps", NULL)))
			return -1;
	}
	if (!*text) {
		const char *why = proc_no_mm_reason(pid);

		error_msg("%d: %s", (int)pid, why ? why : "no mappings");
		free(text);
		return -1;
	}
	if (o->pagemap && pagemap_open(&o->pm, pid)) {
		free(text);
		return -1;
	}
	cmd = proc_cmdline(pid);
	if (o->json) {
		char head[64];

		snprintf(head, sizeof(head), "{\"pid\": %d, \"page_size\": %ld, \"cmdline\": ", (int)pid,
			 sysconf(_SC_PAGESIZE));
		begin(o, head, cmd ? cmd : "");
	} else {
		snprintf(title, sizeof(title), "%d:   %s", (int)pid, cmd ? cmd : "");
		begin(o, "", title);
	}
	free(cmd);
	if (o->x || o->X) {
		r = smaps_parse(text, what, row, o);
	} else {
		struct maps m;

		r = maps_parse(&m, text, what);
		text = NULL; /* owned by m now */
		for (size_t i = 0; !r && i < m.n; i++) {
			struct smaps_entry e = { .r = m.r[i], .vmflags = "" };

			r = row(o, NULL, &e);
		}
		maps_free(&m);
	}
	free(text);
	pagemap_close(&o->pm);
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

	if (core_open(&c, path))
		return -1;
	nfiles = core_files(&c, &files, &page_size);
	if (nfiles < 0) {
		core_close(&c);
		return -1;
	}
	o->width = c.arch->elfclass == ELFCLASS64 ? 16 : 8;
	if (o->json) {
		json_next(o);
		printf("{\"core\": ");
		json_str(stdout, path);
		printf(", \"arch\": \"%s\", \"segments\": [", c.arch->name);
	} else if (!o->quiet) {
		printf("%s: core of %s\n%-*s %7s %7s Flags Mapping\n", path, c.arch->name, o->width, "Address",
		       "Kbytes", "InCore");
	}
	for (size_t i = 0, n = 0; i < c.nsegs; i++) {
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
			printf("%s\n    {\"start\": \"0x%llx\", \"end\": \"0x%llx\", \"memsz\": %llu, \"filesz\": %llu, "
			       "\"flags\": \"%s\", \"name\": ", n++ ? "," : "", (unsigned long long)s->vaddr,
			       (unsigned long long)(s->vaddr + s->memsz), (unsigned long long)s->memsz,
			       (unsigned long long)s->filesz, fl);
			json_str(stdout, name);
			putchar('}');
			continue;
		}
		printf("%0*llx %7llu %7llu %s   ", o->width, (unsigned long long)s->vaddr,
		       (unsigned long long)s->memsz >> 10, (unsigned long long)s->filesz >> 10, fl);
		if (!*name)
			fputs("  [ anon ]", stdout);
		else
			fputs(o->full || !strrchr(name, '/') ? name : strrchr(name, '/') + 1, stdout);
		putchar('\n');
	}
	if (o->json)
		printf("\n  ], \"total_kb\": %llu}", (unsigned long long)kb);
	else if (!o->quiet)
		printf("%-*s %7llu %7llu\n", o->width, "total kB", (unsigned long long)kb, (unsigned long long)core_kb);
	free(files);
	core_close(&c);
	return 0;
}

static void parse_range(struct pmaps *o, const char *arg)
{
	const char *comma = strchr(arg, ',');
	char lo[32] = "";

	o->lo = 0, o->hi = UINT64_MAX;
	if (comma && (size_t)(comma - arg) < sizeof(lo))
		memcpy(lo, arg, comma - arg);
	else if (!comma && strlen(arg) < sizeof(lo))
		strcpy(lo, arg);
	else
		usage_exit("-A %s: expected LOW,HIGH", arg);
	if ((*lo && parse_hex(lo, &o->lo)) || (comma && comma[1] && parse_hex(comma + 1, &o->hi)))
		usage_exit("-A %s: LOW and HIGH must be hex addresses", arg);
	if (!comma)
		o->hi = o->lo + 1; /* one address: the mapping holding it */
}

int pmaps_main(int argc, char **argv)
{
	int c, status = EXIT_OK, nobj = 0;
	struct pmaps o = { .hi = UINT64_MAX, .nobj = &nobj };

	while ((c = opt_next(argc, argv, "xXqpA:P", longopts)) != -1) {
		switch (c) {
		case 'x': o.x = 1; break;
		case 'X': o.X = 1; break;
		case 'q': o.quiet = 1; break;
		case 'p': o.full = 1; break;
		case 'A': parse_range(&o, optarg); break;
		case 'P': o.pagemap = 1; break;
		case 'J': o.json = 1; break;
		case 'S': error_msg("--stop: not implemented yet (needs the attach layer)"); return EXIT_FAIL;
		}
	}
	if (optind == argc)
		usage_exit("no PID or core file given");
	if (o.json)
		putchar('[');
	for (; optind < argc; optind++) {
		const char *arg = argv[optind];
		pid_t pid = !strcmp(arg, "self") ? getpid() : parse_pid(arg);
		struct pmaps each = o;
		int r;

		each.width = 2 * sizeof(long);
		if (pid > 0)
			r = list_pid(&each, pid);
		else if (access(arg, F_OK) == 0)
			r = list_core(&each, arg);
		else {
			error_msg("%s: not a PID, 'self' or a core file", arg);
			r = -1;
		}
		if (r)
			status = EXIT_FAIL;
	}
	if (o.json)
		puts("\n]");
	return status;
}
