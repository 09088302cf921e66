/* fuzz_maps: lib/maps.c's maps_parse (and so maps_parse_line and text_lines)
 * on arbitrary /proc/PID/maps text, and parse_hex on the same bytes.
 * Beyond no crash: every region has start <= end, known perms and kind, a
 * name inside the text, " (deleted)" only when it says so, and, printed
 * back the kernel's way, parses to the same region; maps_find only
 * answers with a region holding the address. */
#include "fuzz.h"
#include "addr.h"
#include "maps.h"

/* The region printed the kernel's way and parsed again */
static void again(const struct region *r, const char *perms)
{
	size_t n = strlen(r->name) + 128;
	char *line = malloc(n);
	struct region r2;

	snprintf(line, n, "%llx-%llx %s %llx %x:%x %llu %s", (unsigned long long)r->start,
		 (unsigned long long)r->end, perms, (unsigned long long)r->offset, r->major, r->minor,
		 (unsigned long long)r->inode, r->name);
	CHECK(maps_parse_line(line, &r2) == 0);
	CHECK(r2.start == r->start && r2.end == r->end && r2.offset == r->offset && r2.inode == r->inode);
	CHECK(r2.major == r->major && r2.minor == r->minor && r2.perms == r->perms);
	CHECK(r2.kind == r->kind && r2.deleted == r->deleted && !strcmp(r2.name, r->name));
	free(line);
}

static void check_region(const struct maps *m, size_t len, const struct region *r)
{
	char perms[5];

	CHECK(r->start <= r->end);
	CHECK(!(r->perms & ~(PERM_R | PERM_W | PERM_X | PERM_SHARED)));
	CHECK(r->kind <= REGION_SPECIAL);
	CHECK(region_kind_name(r->kind) != NULL);
	CHECK(r->name >= m->text && r->name + strlen(r->name) <= m->text + len);
	CHECK(!r->deleted || strstr(r->name, " (deleted)"));
	CHECK(!r->name[0] == (r->kind == REGION_ANON));
	region_perms(r, perms);
	CHECK(strlen(perms) == 4);
	again(r, perms);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	uint64_t v;
	struct maps m;

	if (!parse_hex(text, &v))
		CHECK(text[0] != 0);
	maps_parse(&m, text, "fuzz"); /* m owns text now; regions before a bad line stay */
	for (size_t i = 0; i < m.n; i++) {
		const struct region *r = &m.r[i], *f;

		check_region(&m, size, r);
		f = maps_find(&m, r->start);
		CHECK(!f || (f->start <= r->start && r->start < f->end));
	}
	maps_free(&m);
	return 0;
}
