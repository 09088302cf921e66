/* smaps.c: the /proc/PID/smaps parser. Each region is a maps line followed
 * by "Key: value [kB]" lines and a VmFlags line; regions are handed to the
 * caller one at a time, so 60,000 of them cost no more memory than one. */
#include <string.h>

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
	for (const char *p = vmflags; *p; p += p[2] ? 3 : 2)
		if (p[0] == flag[0] && p[1] == flag[1])
			return 1;
	return 0;
}

/* A region header starts with the lowercase hex start address; keys start
 * with an uppercase letter. */
static int is_header(const char *line)
{
	return (*line >= '0' && *line <= '9') || (*line >= 'a' && *line <= 'f');
}

/* Index of key in k: the one expected at this position, else search, else add. */
static int key_index(struct smaps_keys *k, const char *name, size_t hint)
{
	int i;

	if (hint < k->n && !strcmp(k->name[hint], name))
		return hint;
	i = smaps_key(k, name);
	if (i >= 0 || k->n == SMAPS_MAX_KEYS)
		return i;
	k->name[k->n] = name;
	return k->n++;
}

int smaps_parse(char *text, const char *what, smaps_fn fn, void *ctx)
{
	struct smaps_keys keys = { .n = 0 };
	struct smaps_entry e;
	size_t lineno = 0, pos = 0;
	int open = 0;

	for (char *line = text, *next; *line; line = next) {
		char *nl = strchr(line, '\n'), *colon = NULL;

		lineno++;
		next = nl ? nl + 1 : line + strlen(line);
		if (nl)
			*nl = 0;
		if (is_header(line)) {
			if (open && fn(ctx, &keys, &e) < 0)
				return -1;
			memset(&e, 0, sizeof(e));
			e.vmflags = "";
			if (maps_parse_line(line, &e.r))
				goto bad;
			open = 1, pos = 0;
			continue;
		}
		colon = strchr(line, ':');
		if (!open || !colon || colon == line)
			goto bad;
		*colon = 0;
		if (!strcmp(line, "VmFlags")) {
			char *v = colon + 1 + strspn(colon + 1, " "), *z = v + strlen(v);

			while (z > v && z[-1] == ' ')
				*--z = 0;
			e.vmflags = v;
		} else {
			char *v = colon + 1 + strspn(colon + 1, " ");
			uint64_t x = 0;
			int k;

			if (*v < '0' || *v > '9')
				goto bad;
			for (; *v >= '0' && *v <= '9'; v++)
				x = x * 10 + (*v - '0');
			if (*v && strcmp(v, " kB"))
				goto bad;
			k = key_index(&keys, line, pos);
			if (k >= 0) {
				e.val[k] = x;
				if (k < 64)
					e.have |= 1ull << k;
			}
		}
		pos++;
		continue;
bad:
		if (colon && colon > line && !*colon)
			*colon = ':';
		error_msg("%s: line %zu: malformed: %.200s", what, lineno, line);
		return -1;
	}
	if (open && fn(ctx, &keys, &e) < 0)
		return -1;
	return 0;
}
