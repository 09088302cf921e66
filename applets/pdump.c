/* pdump: a process's memory regions dumped with per-page metadata, or a peek */
#include <stdio.h>
#include <sys/sysmacros.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "addr.h"
#include "attach.h"
#include "json.h"
#include "maps.h"
#include "match.h"
#include "memcopy.h"
#include "out.h"
#include "proc.h"
#include "procbox.h"
#include "progress.h"

APPLET(pdump, "pdump [options] PID|self [ADDR[+LEN|-END]]",
	"Dump memory regions to PID-START-END.dump (decimal addresses), each with a\n"
	"PID-START-END.dump.metadata of one line per page: present, swapped (1/0).\n"
	"By default the anonymous rw-p regions but the stack; the process is stopped\n"
	"(ptrace seize, never SIGSTOP) while they are read.\n"
	"  -d DIR      write the files there (default: the current directory)\n"
	"  -a          every readable region\n"
	"  --anon      the anonymous regions, [heap], [stack] and [anon:NAME] too\n"
	"  --file      the file-backed regions\n"
	"  -n GLOB     regions whose name matches (e.g. '[anon:*]', '*libc*')\n"
	"  -A LOW,HIGH regions overlapping [LOW, HIGH) (hex; either may be empty;\n"
	"              one address: the region holding it)\n"
	"              (-n and -A narrow -a, --anon or --file; alone, they pick\n"
	"              among every readable region)\n"
	"  --metadata=full  also soft-dirty, exclusive, file/shared, unreadable, swap entry\n"
	"  -f          replace existing files\n"
	"  --json      the summary and each region's page counts as JSON\n"
	"  --no-stop   do not stop the process\n"
	"With ADDR (hex, or NAME[+OFFSET] as in '[heap]+0x40' or 'libc.so.6+0x1000'),\n"
	"peek instead:\n"
	"  -x          hexdump (LEN default 256, at most 64 MiB)\n"
	"  -s          the C string there\n"
	"  -r          raw bytes to stdout (LEN default 256)\n");

static const struct option longopts[] = {
	{ "no-stop", no_argument, 0, 'N' },
	{ "json", no_argument, 0, 'J' },
	{ "anon", no_argument, 0, '1' },
	{ "file", no_argument, 0, '2' },
	{ "metadata", required_argument, 0, 'M' },
	{ 0 },
};

enum { SEL_SEED, SEL_ALL, SEL_ANON, SEL_FILE };
enum { META_PAGES = 1024 }; /* pagemap entries read, then those pages copied */
enum { PEEK_PAGES = 16 };   /* a peek's window */

struct pdump {
	pid_t pid;
	const char *dir, *glob;
	uint64_t low, high;
	int sel, full, force, json, nostop, peek;
	struct maps maps;   /* read before stopping it: the selection's */
	struct maps now;    /* read again once it is stopped */
	const struct region **pick;
	size_t npick;
	struct memcopy mc;
	/* a dump's window of META_PAGES: pagemap entries, unreadable flags, lines */
	uint64_t *win_pm;
	uint8_t *win_bad;
	char *win_lines;
	/* totals */
	uint64_t regions, bytes, present, swapped, bad;
	struct timespec t0;
	/* a peek: [peek_lo, peek_hi), read into peek_buf from peek_base */
	char *peek_buf;
	uint64_t peek_lo, peek_hi, peek_base;
};

/* The regions to dump. [vsyscall] lies outside the task's address space
 * (no pagemap entries): never. The seed's choice: private rw-p, not a file,
 * not the stack; -n and -A alone choose among every readable region. */
static int wanted(const struct pdump *o, const struct region *r)
{
	int anon = !region_has_file(r) && !region_is_special(r);

	if (!(r->perms & PERM_R) || r->kind == REGION_VSYSCALL)
		return 0;
	if (o->glob && !glob_match(o->glob, r->name))
		return 0;
	if (o->high && (r->end <= o->low || r->start >= o->high))
		return 0;
	switch (o->sel) {
	case SEL_ALL: return 1;
	case SEL_ANON: return anon;
	case SEL_FILE: return region_has_file(r);
	}
	if (o->glob || o->high)
		return 1;
	return r->perms == (PERM_R | PERM_W) && r->name[0] != '/' && strncmp(r->name, "[stack", 6);
}

/* The selection, made from maps read before the process is stopped (a
 * pattern costs nothing to the process then); -1 reported if it is empty. */
static int select_regions(struct pdump *o)
{
	o->pick = xmalloc((o->maps.n + 1) * sizeof(*o->pick));
	for (size_t i = 0; i < o->maps.n; i++)
		if (wanted(o, &o->maps.r[i]))
			o->pick[o->npick++] = &o->maps.r[i];
	if (o->npick)
		return 0;
	if (o->glob)
		error_msg("%d: no readable region matches '%s'", (int)o->pid, o->glob);
	else
		error_msg("%d: no region matches the selection", (int)o->pid);
	return -1;
}

static int same_mapping(const struct region *a, const struct region *b)
{
	return b && a->start == b->start && a->perms == b->perms && a->offset == b->offset &&
	       a->inode == b->inode && a->major == b->major && a->minor == b->minor && !strcmp(a->name, b->name);
}

/* Once stopped: each region picked as the maps read now have it (the heap
 * may have grown). One unmapped or changed meanwhile was not there when the
 * process stopped: left out, and said in one line. */
static int recheck(struct pdump *o)
{
	const struct region *gone = NULL;
	size_t n = 0;

	if (maps_read(&o->now, o->pid))
		return -1;
	for (size_t i = 0; i < o->npick; i++) {
		const struct region *r = o->pick[i], *q = maps_find(&o->now, r->start);

		if (same_mapping(r, q))
			o->pick[n++] = q;
		else if (!gone)
			gone = r;
	}
	if (!n) {
		error_msg("%d: the regions picked were unmapped or changed before the process was stopped: "
			  "nothing to dump", (int)o->pid);
		return -1;
	}
	if (gone)
		error_msg("%d: %zu of the regions picked (%llx-%llx%s%s%s) unmapped or changed before the "
			  "process was stopped: left out", (int)o->pid, o->npick - n, (unsigned long long)gone->start,
			  (unsigned long long)gone->end, *gone->name ? " " : "", gone->name,
			  o->npick - n > 1 ? ", ..." : "");
	o->npick = n;
	return 0;
}

static char *out_path(const struct pdump *o, const struct region *r, const char *suffix)
{
	size_t n = strlen(o->dir) + 80;
	char *p = xmalloc(n);

	snprintf(p, n, "%s/%d-%llu-%llu.dump%s", o->dir, (int)o->pid, (unsigned long long)r->start,
			 (unsigned long long)r->end, suffix);
	return p;
}

struct counts {
	uint64_t pages, present, swapped, bad;
};

static void json_region(const struct region *r, const struct counts *k, const char *file)
{
	json_open('{');
	json_field_hex("start", r->start);
	json_field_hex("end", r->end);
	json_field_str("name", r->name);
	json_field_str("file", file);
	json_field_u64("pages", k->pages);
	json_field_u64("present", k->present);
	json_field_u64("swapped", k->swapped);
	json_field_u64("unreadable", k->bad);
	json_close();
}

/* One region: pagemap entries, then those pages' bytes, then their metadata
 * lines, META_PAGES at a time (constant memory, pagemap read before the data). */
static int dump_region(struct pdump *o, const struct region *r, struct counts *k)
{
	uint64_t page = o->mc.pm.page_size, *e = o->win_pm;
	uint8_t *bad = o->win_bad;
	char *dpath = out_path(o, r, ""), *mpath = out_path(o, r, ".metadata"), *lines = o->win_lines;
	struct outfile data, meta;
	struct memfile f = { r->start, r->end, r->offset, r->name, makedev(r->major, r->minor), r->inode };
	int ok = -1;

	if (!dpath || !mpath || outfile_open(&data, dpath, o->force))
		goto out;
	if (outfile_open(&meta, mpath, o->force)) {
		outfile_abort(&data);
		goto out;
	}
	for (uint64_t a = r->start; a < r->end;) {
		size_t n = (r->end - a) / page > META_PAGES ? META_PAGES : (r->end - a) / page, len = 0;

		memset(bad, 0, n);
		if (pagemap_entries(&o->mc.pm, a, n, e) ||
		    memcopy_pages(&o->mc, a, e, n, region_has_file(r) ? &f : NULL, &data, bad))
			goto fail;
		for (size_t i = 0; i < n; i++) {
			len += pagemap_meta_line(lines + len, e[i], o->full, bad[i], o->mc.pm.soft_dirty_support);
			k->present += !!(e[i] & PM_PRESENT);
			k->swapped += !!(e[i] & PM_SWAPPED);
			k->bad += bad[i];
		}
		if (outfile_write(&meta, lines, len))
			goto fail;
		k->pages += n;
		a += n * page;
	}
	if (outfile_close(&data)) {
		outfile_abort(&meta);
		goto out;
	}
	if (outfile_close(&meta))
		goto out;
	if (o->json)
		json_region(r, k, dpath);
	ok = 0;
	goto out;
fail:
	outfile_abort(&data);
	outfile_abort(&meta);
out:
	free(dpath);
	free(mpath);
	return ok;
}

static int dump_all(struct pdump *o)
{
	uint64_t total = 0;

	clock_gettime(CLOCK_MONOTONIC, &o->t0);
	for (size_t i = 0; i < o->npick; i++)
		total += o->pick[i]->end - o->pick[i]->start;
	o->win_pm = xmalloc(META_PAGES * sizeof(*o->win_pm));
	o->win_bad = xmalloc(META_PAGES);
	o->win_lines = xmalloc(META_PAGES * PAGEMAP_LINE_MAX);
	progress_start(total);
	if (o->json) {
		json_open('{');
		json_field_u64("pid", o->pid);
		json_key("regions");
		json_open('[');
	}
	for (size_t i = 0; i < o->npick; i++) {
		const struct region *r = o->pick[i];
		struct counts k = { 0 };

		if (dump_region(o, r, &k))
			return -1;
		o->regions++;
		o->bytes += r->end - r->start;
		o->present += k.present, o->swapped += k.swapped, o->bad += k.bad;
	}
	progress_end();
	return 0;
}

/* Once the files' pages are in too (memcopy_finish) */
static void dump_summary(struct pdump *o)
{
	struct timespec t1;
	unsigned long long ms;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - o->t0.tv_sec) * 1000 + (t1.tv_nsec - o->t0.tv_nsec) / 1000000;
	if (o->json) {
		char secs[32];

		snprintf(secs, sizeof(secs), "%llu.%03llu", ms / 1000, ms % 1000);
		json_close();
		json_key("total");
		json_open('{');
		json_field_u64("regions", o->regions);
		json_field_u64("bytes", o->bytes);
		json_field_u64("present", o->present);
		json_field_u64("swapped", o->swapped);
		json_field_u64("unreadable", o->bad);
		json_field_u64("from_memory", o->mc.mem_bytes);
		json_field_u64("from_file", o->mc.file_bytes);
		json_key("seconds");
		json_literal(secs);
		json_close();
		json_close();
		out_char('\n');
	} else
		out_fmt("%llu regions, %llu bytes: %llu pages present, %llu swapped, %llu unreadable; "
			"%llu bytes read from memory, %llu from files; %llu.%03llu s\n",
			(unsigned long long)o->regions, (unsigned long long)o->bytes, (unsigned long long)o->present,
			(unsigned long long)o->swapped, (unsigned long long)o->bad, (unsigned long long)o->mc.mem_bytes,
			(unsigned long long)o->mc.file_bytes, ms / 1000, ms % 1000);
	if (o->bad)
		error_msg("%d: %llu unreadable pages written as holes (flagged in --metadata=full)", (int)o->pid,
			  (unsigned long long)o->bad);
	if (o->mc.no_file_pages)
		error_msg("%d: %llu never-populated pages of files that could not be opened written as holes", (int)o->pid,
			  (unsigned long long)o->mc.no_file_pages);
}

/* ---- peek ---- */

static void hexdump(uint64_t addr, const unsigned char *b, size_t len)
{
	for (size_t i = 0; i < len; i += 16) {
		out_hex(addr + i, 8, '0');
		out_str(": ");
		for (size_t j = 0; j < 16; j++) {
			if (i + j < len)
				out_hex(b[i + j], 2, '0');
			else
				out_str("  ");
			if (j & 1)
				out_char(' ');
		}
		out_char(' ');
		for (size_t j = 0; j < 16 && i + j < len; j++)
			out_char(b[i + j] >= 0x20 && b[i + j] < 0x7f ? b[i + j] : '.');
		out_char('\n');
	}
}

/* the C string, bytes outside printable ASCII as C escapes */
static void cstring(const unsigned char *b, size_t len)
{
	for (size_t i = 0; i < len && b[i]; i++) {
		if (b[i] == '\\' || b[i] == '"')
			out_char('\\'), out_char(b[i]);
		else if (b[i] >= 0x20 && b[i] < 0x7f)
			out_char(b[i]);
		else
			out_fmt("\\%03o", b[i]);
	}
	out_char('\n');
}

/* The pages under the peek into a buffer as a dump would take them (a peek
 * must not populate a page either): memory while the process is held, the
 * files' pages after (memcopy_finish); unreadable ones counted and zeroed. */
static int peek_read(struct pdump *o, const char *spec)
{
	enum { STRMAX = 4096, PEEKMAX = 64 << 20 };
	uint64_t page = o->mc.pm.page_size, first, n, e[PEEK_PAGES];
	uint8_t bad[PEEK_PAGES];
	const struct region *r;
	struct addr_range a;
	struct outfile mem;
	const char *why;

	if (addr_parse(&o->maps, spec, &a, &why)) {
		error_msg("%d: %s: %s", (int)o->pid, spec, why);
		return -1;
	}
	r = a.region;
	/* the gate page is mapped above the task's size: no pagemap entry, and
	 * not readable (vsyscall=xonly) or not through /proc/PID/mem (emulate) */
	if (r->kind == REGION_VSYSCALL) {
		error_msg("%d: [vsyscall] (%llx) lies outside the task's address space and cannot be read",
			  (int)o->pid, (unsigned long long)a.start);
		return -1;
	}
	if (!a.len)
		a.len = o->peek == 's' ? STRMAX : 256;
	o->peek_lo = a.start;
	o->peek_hi = a.start + a.len > r->end ? r->end : a.start + a.len; /* the mapping's end at most */
	first = a.start & ~(page - 1);
	n = (o->peek_hi - first + page - 1) / page;
	if (n * page > PEEKMAX) {
		error_msg("%d: %s: a peek shows at most %d MiB (a region dump takes more)", (int)o->pid, spec,
			  PEEKMAX >> 20);
		return -1;
	}
	o->peek_buf = xmalloc(n * page);
	o->peek_base = first;
	outfile_memory(&mem, o->peek_buf);
	struct memfile f = { r->start, r->end, r->offset, r->name, makedev(r->major, r->minor), r->inode };
	for (uint64_t i = 0, k; i < n; i += k) {
		k = n - i > PEEK_PAGES ? PEEK_PAGES : n - i;
		memset(bad, 0, k);
		if (pagemap_entries(&o->mc.pm, first + i * page, k, e) ||
		    memcopy_pages(&o->mc, first + i * page, e, k, region_has_file(r) ? &f : NULL, &mem, bad))
			return -1;
		for (size_t j = 0; j < k; j++)
			o->bad += bad[j];
	}
	return 0;
}

static void peek_show(struct pdump *o)
{
	const unsigned char *b = (unsigned char *)o->peek_buf + (o->peek_lo - o->peek_base);
	size_t len = o->peek_hi - o->peek_lo;

	if (o->peek == 'x')
		hexdump(o->peek_lo, b, len);
	else if (o->peek == 'r')
		out_mem(b, len);
	else
		cstring(b, len);
	if (o->bad)
		error_msg("%d: %llu unreadable pages shown as zeros", (int)o->pid, (unsigned long long)o->bad);
	if (o->mc.no_file_pages)
		error_msg("%d: %llu pages of a file that could not be opened shown as zeros", (int)o->pid,
			  (unsigned long long)o->mc.no_file_pages);
}

/* The process stopped (or not, with --no-stop): the maps a peek finds its
 * address in, or the regions picked, checked again */
static int maps_stopped(struct pdump *o)
{
	if (o->peek)
		return maps_read(&o->maps, o->pid);
	return o->nostop ? 0 : recheck(o);
}

int pdump_main(int argc, char **argv)
{
	struct pdump o = { .dir = "." };
	struct attach at = { 0 };
	const char *why;
	uint64_t mark = out_mark();
	int c, r = -1;

	while ((c = opt_next(argc, argv, "d:axsrfA:n:", longopts)) != -1) {
		switch (c) {
		case 'd': o.dir = optarg; break;
		case 'a': o.sel = SEL_ALL; break;
		case '1': o.sel = SEL_ANON; break;
		case '2': o.sel = SEL_FILE; break;
		case 'n': o.glob = optarg; break;
		case 'A':
			if ((why = addr_bounds(optarg, &o.low, &o.high)))
				usage_exit("-A %s: %s", optarg, why);
			break;
		case 'f': o.force = 1; break;
		case 'J': o.json = 1; break;
		case 'N': o.nostop = 1; break;
		case 'x': case 's': case 'r': o.peek = c; break;
		case 'M':
			if (strcmp(optarg, "full"))
				usage_exit("--metadata=%s: only 'full' is known", optarg);
			o.full = 1;
			break;
		}
	}
	if (optind == argc || argc - optind > 2)
		usage_exit("PID [ADDR[+LEN|-END]] expected");
	if ((o.pid = target_pid(argv[optind])) < 0)
		usage_exit("%s: not a process ID", argv[optind]);
	if (o.peek && argc - optind != 2)
		usage_exit("-%c: an address is needed", o.peek);
	if (argc - optind == 2 && !o.peek)
		o.peek = 'x';
	/* a dump picks its regions before the process is stopped */
	if (!o.peek && (maps_read(&o.maps, o.pid) || select_regions(&o)))
		goto out;
	if (!o.nostop && attach_all(&at, o.pid))
		goto out;
	outfile_run_begin(); /* nothing partial: the files of this run all go if it fails */
	if (!maps_stopped(&o) && !memcopy_init(&o.mc, o.pid)) {
		r = o.peek ? peek_read(&o, argv[optind + 1]) : dump_all(&o);
		if (!o.nostop)
			detach_all(&at);
		if (!r) /* the files' pages, now that the process runs */
			r = memcopy_finish(&o.mc);
		if (!r && o.peek)
			peek_show(&o);
		else if (!r)
			dump_summary(&o);
		memcopy_free(&o.mc);
	}
	if (!o.nostop)
		detach_all(&at);
	if (outfile_run_end(!r))
		r = -1;
	if (r)
		out_rewind(mark); /* no JSON of files that are not there */
out:
	maps_free(&o.maps);
	maps_free(&o.now);
	free(o.pick);
	free(o.peek_buf);
	free(o.win_pm);
	free(o.win_bad);
	free(o.win_lines);
	return finish_stdout(r ? EXIT_FAIL : EXIT_OK);
}
