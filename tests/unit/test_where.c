/* test_where.c: lib/where.c: a core's mappings are the ones its
 * process's maps showed (captured by the fixtures from the real kernel), and
 * an address is named by its file and offset in it */
#include <dirent.h>

#include "testutil.h"
#include "core_read.h"
#include "maps.h"
#include "out.h"
#include "where.h"

/* What out_where prints for addr, caught from standard output */
static const char *where_text(const struct maps *m, uint64_t addr)
{
	static char buf[256];
	char path[] = "/tmp/procbox-whereXXXXXX";
	int fd = mkstemp(path), saved = dup(1);

	assert_true(fd >= 0);
	unlink(path);
	dup2(fd, 1);
	out_where(m, addr);
	assert_int_equal(out_flush(), 0);
	dup2(saved, 1);
	close(saved);
	capture_fd(fd, buf, sizeof(buf));
	return buf;
}

static void core_file_mappings_are_the_maps_file_lines(void **state)
{
	DIR *d = opendir(data_path("cores"));
	struct dirent *de;
	int cases = 0;

	(void)state;
	assert_non_null(d);
	while ((de = readdir(d))) {
		struct maps live, fromcore;
		struct core c;
		size_t k = 0;

		if (de->d_name[0] == '.')
			continue;
		assert_int_equal(maps_parse(&live, slurp(data_path("cores/%s/maps", de->d_name), NULL), "maps"), 0);
		assert_int_equal(core_open(&c, fixture_core(de->d_name)), 0);
		assert_int_equal(maps_of_core(&fromcore, &c, NULL), 0);
		assert_int_equal(fromcore.n, live.n); /* a region per mapping, as the kernel dumps them */
		for (size_t i = 0; i < live.n; i++) {
			const struct region *r = &live.r[i], *q = &fromcore.r[i];
			char perms[5], want[5];

			region_perms(r, want);
			region_perms(q, perms);
			assert_memory_equal(perms, want, 3); /* r, w, x: the PT_LOAD's flags */
			char expect[128];

			if (!region_has_file(r)) /* NT_FILE has every mapping of a file, memfd and shmem too */
				continue;
			assert_true(k < fromcore.n);
			assert_int_equal(q->start, r->start);
			assert_int_equal(q->end, r->end);
			assert_int_equal(q->offset, r->offset);
			assert_string_equal(q->name, r->name);
			snprintf(expect, sizeof(expect), " <%s+0x%llx>", strrchr(r->name, '/') + 1,
				 (unsigned long long)(r->offset + 0x10));
			assert_string_equal(where_text(&fromcore, r->start + 0x10), expect);
			k++;
		}
		assert_true(k > 0);
		/* an address in no file mapping: nothing said */
		assert_string_equal(where_text(&fromcore, 0x10), "");
		maps_free(&fromcore);
		maps_free(&live);
		core_close(&c);
		cases++;
	}
	closedir(d);
	assert_true(cases >= 5);
}

static void live_regions_name_the_mapping_or_its_kind(void **state)
{
	struct maps m;
	char text[] = "1000-3000 r-xp 00004000 08:01 12 /usr/lib/libc.so.6\n"
		      "5000-6000 rw-p 00000000 00:00 0 [heap]\n"
		      "7000-8000 rw-p 00000000 00:00 0\n";

	(void)state;
	assert_int_equal(maps_parse(&m, strdup(text), "maps"), 0);
	assert_string_equal(where_text(&m, 0x1234), " <libc.so.6+0x4234>");
	assert_string_equal(where_text(&m, 0x5008), " <[heap]+0x8>");
	assert_string_equal(where_text(&m, 0x7fff), " <[anon]+0xfff>");
	assert_string_equal(where_text(&m, 0x3000), "");
	maps_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(core_file_mappings_are_the_maps_file_lines),
		cmocka_unit_test(live_regions_name_the_mapping_or_its_kind),
	};

	return cmocka_run_group_tests_name("where", tests, NULL, NULL);
}
