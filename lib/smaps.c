/* smaps.c: the /proc/PID/smaps parser. Each region is a maps line followed
 * by "Key: value [kB]" lines and a VmFlags line. The file is read in chunks
 * (lines.c) and regions are handed to the caller one at a time, so 60,000 of
 * them cost no more memory than one (smaps has ~350 bytes per region). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lines.h"
#include "proc.h"
#include "procbox.h"
#include "smaps.h"

int smaps_key(const struct smaps_keys *k, const char *name)
{
	for (size_t i = 0; i < k->n; i++)
		if (!strcmp(k->name[i], name))
			return i;
	return -1;
}

int smaps_vmflag(const char *vmflags, const char *flag)
{
	/* two letters and a space each; an odd letter at the end is no flag */
	for (const char *p = vmflags; p[0] && p[1]; p += p[2] ? 3 : 2)
		if (p[0] == flag[0] && p[1] == flag[1])
			return 1;
	return 0;
}

/* The parser's state between lines (lines may come from different chunks,
 * so everything kept is copied out of them). */
struct parser {
	struct smaps_keys keys;
	unsigned char keylen[SMAPS_MAX_KEYS];
	char keytext[SMAPS_MAX_KEYS][32];
	struct smaps_entry e;
	char name[4096 + 16], vmflags[256];
	int open;
	size_t pos, lineno;
	const char *what;
	smaps_fn fn;
	void *ctx;
};

static int flush_region(struct parser *p)
{
	return p->open && p->fn(p->ctx, &p->keys, &p->e) < 0 ? -1 : 0;
}

/* A key, found or added; its text copied into the parser. */
static int key_of(struct parser *p, const char *s, size_t n)
{
	for (size_t i = 0; i < p->keys.n; i++)
		if (p->keylen[i] == n && !memcmp(p->keytext[i], s, n))
			return i;
	if (p->keys.n == SMAPS_MAX_KEYS || n >= sizeof(p->keytext[0]))
		return -1; /* more keys than any kernel has: ignored */
	memcpy(p->keytext[p->keys.n], s, n);
	p->keytext[p->keys.n][n] = 0;
	p->keylen[p->keys.n] = n;
	p->keys.name[p->keys.n] = p->keytext[p->keys.n];
	return p->keys.n++;
}

static int same(const char *a, const char *b, size_t n)
{
	while (n && *a == *b)
		a++, b++, n--;
	return !n;
}

enum { KEY_VMFLAGS = -2 }; /* VmFlags: a string, not one of the numeric keys */

/* One line, NUL-terminated, without its newline. */
static int feed(struct parser *p, char *line, size_t len)
{
	char *v;
	int k;

	p->lineno++;
	/* a region header starts with the lowercase hex address; keys with a capital */
	if ((*line >= '0' && *line <= '9') || (*line >= 'a' && *line <= 'f')) {
		size_t n;

		if (flush_region(p))
			return -1;
		memset(&p->e, 0, sizeof(p->e));
		p->vmflags[0] = 0;
		if (maps_parse_line(line, &p->e.r))
			goto bad;
		n = strlen(p->e.r.name);
		if (n >= sizeof(p->name))
			n = sizeof(p->name) - 1;
		memcpy(p->name, p->e.r.name, n);
		p->name[n] = 0;
		p->e.r.name = p->name;
		p->e.vmflags = p->vmflags;
		p->open = 1, p->pos = 0;
		return 0;
	}
	if (!p->open)
		goto bad;
	k = p->pos;
	if (p->pos < p->keys.n && same(line, p->keytext[k], p->keylen[k]) && line[p->keylen[k]] == ':') {
		v = line + p->keylen[k] + 1;
	} else {
		char *colon = memchr(line, ':', len);

		if (!colon || colon == line)
			goto bad;
		k = colon - line == 7 && !memcmp(line, "VmFlags", 7) ? KEY_VMFLAGS : key_of(p, line, colon - line);
		v = colon + 1;
	}
	while (*v == ' ')
		v++;
	if (k == KEY_VMFLAGS) {
		size_t n = line + len - v;

		while (n && v[n - 1] == ' ')
			n--;
		if (n >= sizeof(p->vmflags))
			n = sizeof(p->vmflags) - 1;
		memcpy(p->vmflags, v, n);
		p->vmflags[n] = 0;
	} else {
		uint64_t x = 0;

		if (*v < '0' || *v > '9')
			goto bad;
		for (; *v >= '0' && *v <= '9'; v++)
			x = x * 10 + (*v - '0');
		if (v[0] == ' ' && v[1] == 'k' && v[2] == 'B')
			v += 3;
		if (*v)
			goto bad;
		if (k >= 0)
			p->e.val[k] = x;
	}
	p->pos++;
	return 0;
bad:
	error_msg("%s: line %zu: malformed: %.200s", p->what, p->lineno, line);
	return -1;
}

static struct parser *parser_new(const char *what, smaps_fn fn, void *ctx)
{
	struct parser *p = xzalloc(sizeof(*p));

	p->what = what, p->fn = fn, p->ctx = ctx;
	return p;
}

static int feed_line(void *p, char *line, size_t len)
{
	return feed(p, line, len);
}

int smaps_parse(char *text, const char *what, smaps_fn fn, void *ctx)
{
	struct parser *p = parser_new(what, fn, ctx);
	int r = -1;

	if (p && !text_lines(text, strlen(text), feed_line, p) && !flush_region(p))
		r = 0;
	free(p);
	return r;
}

int smaps_read(pid_t pid, smaps_fn fn, void *ctx)
{
	char what[64];
	struct parser *p;
	long n;
	int r = -1;

	snprintf(what, sizeof(what), "/proc/%d/smaps", (int)pid);
	p = parser_new(what, fn, ctx);
	if (!p)
		return -1;
	n = proc_lines(pid, "smaps", feed_line, p);
	if (n == 0) {
		const char *why = proc_no_mm_reason(pid);

		error_msg("%d: %s", (int)pid, why ? why : "no mappings");
	} else if (n > 0 && !flush_region(p)) {
		r = 0;
	}
	free(p);
	return r;
}
