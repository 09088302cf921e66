/* maps.c: the /proc/PID/maps parser shared by every applet.
 *
 * A line is "start-end perms offset major:minor inode [padding name]". The
 * name may hold spaces (it runs to the end of the line; newlines in paths come
 * escaped as \012) and may end in " (deleted)". Parsing is by hand, one pass,
 * no allocation per line: 60,000 lines must cost well under 1 us each. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lines.h"
#include "maps.h"
#include "proc.h"
#include "procbox.h"

/* hex digit value + 1, 0 for anything else: a table, as this runs per character */
static const unsigned char hexval1[256] = {
	['0'] = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
	['a'] = 11, 12, 13, 14, 15, 16,
	['A'] = 11, 12, 13, 14, 15, 16,
};

/* Hex digits at *p up to a non-hex char; advances *p. -1 if none or > 64 bits. */
static int scan_hex(char **p, uint64_t *v)
{
	char *s = *p;
	uint64_t x = 0;
	int d;

	if (!hexval1[(unsigned char)*s])
		return -1;
	while ((d = hexval1[(unsigned char)*s]))
		x = x << 4 | (d - 1), s++;
	if (s - *p > 16 && *p + strspn(*p, "0") < s - 16)
		return -1; /* more than 64 bits */
	*p = s, *v = x;
	return 0;
}

static int scan_dec(char **p, uint64_t *v)
{
	char *s = *p;
	uint64_t x = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (x > (UINT64_MAX - 9) / 10)
			return -1;
		x = x * 10 + (*s - '0');
	}
	*p = s, *v = x;
	return 0;
}

static int starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static enum region_kind classify(const char *name)
{
	if (!*name)
		return REGION_ANON;
	if (*name == '/') {
		if (starts(name, "/memfd:"))
			return REGION_MEMFD;
		if (starts(name, "/SYSV"))
			return REGION_SYSV;
		return REGION_FILE;
	}
	if (!strcmp(name, "[heap]"))
		return REGION_HEAP;
	if (starts(name, "[stack"))
		return REGION_STACK;
	if (!strcmp(name, "[vdso]"))
		return REGION_VDSO;
	if (starts(name, "[vvar"))
		return REGION_VVAR;
	if (!strcmp(name, "[vsyscall]"))
		return REGION_VSYSCALL;
	if (starts(name, "[anon:"))
		return REGION_ANON_NAMED;
	if (starts(name, "[anon_shmem:"))
		return REGION_ANON_SHMEM;
	return REGION_SPECIAL;
}

int maps_parse_line(char *s, struct region *r)
{
	uint64_t maj, min;
	size_t len;

	if (scan_hex(&s, &r->start) || *s++ != '-' || scan_hex(&s, &r->end) || *s++ != ' ')
		return -1;
	if (r->end < r->start)
		return -1;
	if ((s[0] != 'r' && s[0] != '-') || (s[1] != 'w' && s[1] != '-') ||
	    (s[2] != 'x' && s[2] != '-') || (s[3] != 's' && s[3] != 'p') || s[4] != ' ')
		return -1;
	r->perms = (s[0] == 'r') * PERM_R | (s[1] == 'w') * PERM_W | (s[2] == 'x') * PERM_X |
		   (s[3] == 's') * PERM_SHARED;
	s += 5;
	if (scan_hex(&s, &r->offset) || *s++ != ' ')
		return -1;
	if (scan_hex(&s, &maj) || *s++ != ':' || scan_hex(&s, &min) || *s++ != ' ')
		return -1;
	if (maj > UINT32_MAX || min > UINT32_MAX)
		return -1;
	r->major = maj, r->minor = min;
	if (scan_dec(&s, &r->inode) || (*s && *s != ' '))
		return -1;
	while (*s == ' ')
		s++;
	r->name = s;
	len = strlen(s);
	r->deleted = len > 10 && !strcmp(s + len - 10, " (deleted)");
	r->kind = classify(s);
	return 0;
}


/* Parse each line and hand the region on; a bad line is reported here. */
struct line_ctx {
	const char *what;
	size_t lineno;
	region_fn fn;
	void *ctx;
};

static int parse_one(void *vx, char *line, size_t len)
{
	struct line_ctx *x = vx;
	struct region r;

	(void)len;
	x->lineno++;
	if (maps_parse_line(line, &r)) {
		error_msg("%s: line %zu: malformed: %.200s", x->what, x->lineno, line);
		return -1;
	}
	return x->fn(x->ctx, &r);
}

static int push(void *vm, const struct region *r)
{
	struct maps *m = vm;

	m->r = xgrow(m->r, &m->cap, m->n + 1, sizeof(*m->r));
	m->r[m->n++] = *r;
	return 0;
}

int maps_parse(struct maps *m, char *text, const char *what)
{
	struct line_ctx x = { what, 0, push, m };

	memset(m, 0, sizeof(*m));
	m->text = text;
	return text_lines(text, strlen(text), parse_one, &x);
}

int maps_read(struct maps *m, pid_t pid)
{
	char what[64];
	char *text = proc_read(pid, "maps", NULL);
	const char *why;

	memset(m, 0, sizeof(*m));
	if (!text)
		return -1;
	if (!*text && (why = proc_no_mm_reason(pid))) {
		free(text);
		error_msg("%d: %s", (int)pid, why);
		return -1;
	}
	snprintf(what, sizeof(what), "/proc/%d/maps", (int)pid);
	return maps_parse(m, text, what);
}

int maps_stream(pid_t pid, region_fn fn, void *ctx)
{
	char what[64];
	struct line_ctx x = { what, 0, fn, ctx };
	long n;

	snprintf(what, sizeof(what), "/proc/%d/maps", (int)pid);
	n = proc_lines(pid, "maps", parse_one, &x);
	if (n == 0) {
		const char *why = proc_no_mm_reason(pid);

		error_msg("%d: %s", (int)pid, why ? why : "no mappings");
		return -1;
	}
	return n < 0 ? -1 : 0;
}

void maps_free(struct maps *m)
{
	free(m->r);
	free(m->text);
	memset(m, 0, sizeof(*m));
}

const char *region_kind_name(enum region_kind k)
{
	static const char *const names[] = {
		[REGION_ANON] = "anon", [REGION_FILE] = "file", [REGION_MEMFD] = "memfd",
		[REGION_SYSV] = "sysv", [REGION_HEAP] = "heap", [REGION_STACK] = "stack",
		[REGION_VDSO] = "vdso", [REGION_VVAR] = "vvar", [REGION_VSYSCALL] = "vsyscall",
		[REGION_ANON_NAMED] = "anon_named", [REGION_ANON_SHMEM] = "anon_shmem",
		[REGION_SPECIAL] = "special",
	};

	return names[k];
}

void region_perms(const struct region *r, char buf[5])
{
	buf[0] = r->perms & PERM_R ? 'r' : '-';
	buf[1] = r->perms & PERM_W ? 'w' : '-';
	buf[2] = r->perms & PERM_X ? 'x' : '-';
	buf[3] = r->perms & PERM_SHARED ? 's' : 'p';
	buf[4] = 0;
}

const struct region *maps_find(const struct maps *m, uint64_t addr)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (addr < m->r[mid].start)
			hi = mid;
		else if (addr >= m->r[mid].end)
			lo = mid + 1;
		else
			return &m->r[mid];
	}
	return NULL;
}

/* A name as maps shows it back to the file's own bytes: show_map_vma() prints
 * it with seq_path(m, path, "\n"), which writes a newline as \012 and leaves
 * everything else (a backslash too) as it is, so a name holding \012 itself
 * reads the same; NT_FILE has the raw bytes (file_path() in
 * fill_files_note()). Into out (room for strlen(name) + 1); the length with
 * the NUL. */
size_t maps_name_unescape(char *out, const char *name)
{
	size_t n = 0;

	for (; *name; name++) {
		if (!strncmp(name, "\\012", 4)) {
			out[n++] = '\n';
			name += 3;
		} else {
			out[n++] = *name;
		}
	}
	out[n++] = 0;
	return n;
}
