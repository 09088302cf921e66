/* test_maps.c: lib/maps.c on captured and hand-made maps files */
#include "testutil.h"
#include "addr.h"
#include "maps.h"

static void parse_file(struct maps *m, const char *name)
{
	char *text = slurp(data_path("maps/%s", name), NULL);

	assert_int_equal(maps_parse(m, text, name), 0);
}

#define REGION(M, I, START, END, PERMS, OFF, MAJ, MIN, INODE, KIND, DELETED, NAME) do { \
	const struct region *r_ = &(M)->r[I];                                          \
	char p_[5];                                                                     \
	region_perms(r_, p_);                                                           \
	assert_true(r_->start == (START) && r_->end == (END));                          \
	assert_string_equal(p_, PERMS);                                                 \
	assert_true(r_->offset == (OFF));                                               \
	assert_int_equal(r_->major, MAJ);                                               \
	assert_int_equal(r_->minor, MIN);                                               \
	assert_true(r_->inode == (INODE));                                              \
	assert_string_equal(region_kind_name(r_->kind), KIND);                          \
	assert_int_equal(r_->deleted, DELETED);                                         \
	assert_string_equal(r_->name, NAME);                                            \
} while (0)

static void android_app(void **state)
{
	struct maps m;

	(void)state;
	parse_file(&m, "android-arm64.maps");
	assert_int_equal(m.n, 10);
	REGION(&m, 0, 0x12c00000, 0x2ac00000, "rw-p", 0, 0, 0, 0, "anon_named", 0,
	       "[anon:dalvik-main space (region space)]");
	REGION(&m, 2, 0x70000000, 0x70001000, "---p", 0, 0, 0, 0, "anon", 0, "");
	REGION(&m, 3, 0x7b9c200000, 0x7b9c400000, "rw-p", 0, 0, 0, 0, "anon_named", 0, "[anon:scudo:primary]");
	REGION(&m, 4, 0x7bb0000000, 0x7bb0200000, "r--s", 0, 0, 5, 30125, "file", 1,
	       "/dev/ashmem/CursorWindow: /data/user/0/com.example/databases/my notes.db (deleted)");
	/* a three-digit major (0x103 = 259, blkext) and a path with a space */
	REGION(&m, 5, 0x7c0a3fb000, 0x7c0a3fd000, "r-xp", 0x1a000, 0x103, 0x0a, 2349, "file", 0,
	       "/data/app/~~Xy3==/com.example-1/lib/arm64/lib native.so");
	REGION(&m, 7, 0x7c1e2f4000, 0x7c1e2f5000, "r--p", 0, 0, 0, 0, "vvar", 0, "[vvar]");
	REGION(&m, 8, 0x7c1e2f5000, 0x7c1e2f6000, "r-xp", 0, 0, 0, 0, "vdso", 0, "[vdso]");
	REGION(&m, 9, 0x7ff6c83000, 0x7ff6ca4000, "rw-p", 0, 0, 0, 0, "stack", 0, "[stack]");
	assert_ptr_equal(maps_find(&m, 0x7c0a3fc123), &m.r[5]);
	assert_null(maps_find(&m, 0x7c0a3fd000));
	assert_null(maps_find(&m, 0x1000));
	maps_free(&m);
}

static void x86_64_desktop(void **state)
{
	struct maps m;

	(void)state;
	parse_file(&m, "x86_64-desktop.maps");
	assert_int_equal(m.n, 15);
	REGION(&m, 0, 0x55d0e4a00000, 0x55d0e4a2e000, "r--p", 0, 0xfd, 1, 3934527, "file", 0,
	       "/usr/lib/firefox-esr/firefox-esr");
	REGION(&m, 2, 0x55d0e6c1e000, 0x55d0e6f3c000, "rw-p", 0, 0, 0, 0, "heap", 0, "[heap]");
	REGION(&m, 3, 0x7f2a1c000000, 0x7f2a1c021000, "rw-p", 0, 0, 0, 0, "anon", 0, "");
	REGION(&m, 4, 0x7f2a20000000, 0x7f2a28000000, "rw-s", 0, 0, 1, 4117, "memfd", 1,
	       "/memfd:mozilla-ipc (deleted)");
	REGION(&m, 5, 0x7f2a2a400000, 0x7f2a2a600000, "rw-s", 0, 0, 1, 65538, "sysv", 1, "/SYSV00000000 (deleted)");
	REGION(&m, 6, 0x7f2a2a600000, 0x7f2a2a640000, "rw-s", 0, 0, 1, 7, "anon_shmem", 0, "[anon_shmem:gpu ring]");
	/* " (deleted)" inside a name is part of the name, only the suffix counts */
	REGION(&m, 7, 0x7f2a2b000000, 0x7f2a2b100000, "r--p", 0, 0xfd, 3, 262147, "file", 0,
	       "/home/user/My Documents/data (deleted) file.bin");
	REGION(&m, 8, 0x7f2a2b100000, 0x7f2a2b101000, "rw-s", 0, 0, 5, 1030, "file", 1, "/dev/zero (deleted)");
	REGION(&m, 9, 0x7f2a2b200000, 0x7f2a2b201000, "r--p", 0, 0xfd, 1, 88, "file", 0, "/tmp/new\\012line");
	REGION(&m, 12, 0x7ffd5e3f0000, 0x7ffd5e3f2000, "r--p", 0, 0, 0, 0, "vvar", 0, "[vvar_vclock]");
	REGION(&m, 14, 0xffffffffff600000, 0xffffffffff601000, "--xp", 0, 0, 0, 0, "vsyscall", 0, "[vsyscall]");
	maps_free(&m);
}

/* Each bad line of malformed.maps, alone after a good line: an error naming line 2. */
static void malformed_lines_are_errors(void **state)
{
	char *all = slurp(data_path("maps/malformed.maps"), NULL);
	char *good = all, *line = strchr(all, '\n') + 1;
	int bad = 0;

	(void)state;
	line[-1] = 0;
	while (*line) {
		char *nl = strchr(line, '\n'), text[512];
		struct maps m;
		int saved = stderr_off();

		*nl = 0;
		snprintf(text, sizeof(text), "%s\n%s\n", good, line);
		assert_int_equal(maps_parse(&m, strdup(text), "test.maps"), -1);
		stderr_on(saved);
		maps_free(&m);
		bad++;
		line = nl + 1;
	}
	assert_int_equal(bad, 10);
	free(all);
}

static char *bad_text;

static int parse_bad(int argc, char **argv)
{
	struct maps m;

	(void)argc, (void)argv;
	return maps_parse(&m, bad_text, "/proc/42/maps") ? 3 : 0;
}

static void malformed_message_names_line_and_content(void **state)
{
	struct captured c;

	(void)state;
	bad_text = strdup("00400000-00401000 r-xp 00000000 08:01 12 /bin/ok\n"
			  "00401000-00402000 r-xp 00000000 08:01 12 /bin/ok\n"
			  "00405000-00406000 r-xp 00000000 0801 12 /bin/no-colon\n");
	run_captured(&c, parse_bad, 0, NULL);
	assert_int_equal(c.status, 3);
	assert_int_equal(count_lines(c.err), 1);
	assert_non_null(strstr(c.err, "/proc/42/maps: line 3: malformed: 00405000-00406000 r-xp 00000000 0801 12 /bin/no-colon"));
	free(bad_text);
}

static void last_line_without_newline(void **state)
{
	struct maps m;

	(void)state;
	assert_int_equal(maps_parse(&m, strdup("1000-2000 r--p 00000000 00:00 0\n3000-4000 rw-s 10 1:2 3 /x y"),
				    "t"), 0);
	assert_int_equal(m.n, 2);
	assert_string_equal(m.r[1].name, "/x y");
	assert_true(m.r[1].offset == 0x10 && m.r[1].inode == 3);
	maps_free(&m);
	assert_int_equal(maps_parse(&m, strdup(""), "t"), 0);
	assert_int_equal(m.n, 0);
	maps_free(&m);
}

/* 65,536 lines: every one parsed, in one array, names intact */
static void sixty_four_k_lines(void **state)
{
	const size_t n = 65536;
	size_t cap = n * 100, len = 0;
	char *text = malloc(cap);
	struct maps m;

	(void)state;
	for (size_t i = 0; i < n; i++)
		len += snprintf(text + len, cap - len, "%llx-%llx rw-p 00000000 00:00 0%s\n",
				0x10000000ull + i * 0x2000ull, 0x10001000ull + i * 0x2000ull,
				i % 3 ? "" : "                          [anon:bench]");
	assert_int_equal(maps_parse(&m, text, "64k"), 0);
	assert_int_equal(m.n, n);
	assert_true(m.r[n - 1].start == 0x10000000ull + (n - 1) * 0x2000ull);
	assert_string_equal(m.r[n - 1].name, (n - 1) % 3 ? "" : "[anon:bench]");
	assert_string_equal(m.r[3].name, "[anon:bench]");
	assert_ptr_equal(maps_find(&m, 0x10000000ull + 40000 * 0x2000ull + 5), &m.r[40000]);
	maps_free(&m);
}

static void hex_addresses(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(parse_hex("0x7fff0000", &v), 0);
	assert_true(v == 0x7fff0000);
	assert_int_equal(parse_hex("DEADbeef", &v), 0);
	assert_true(v == 0xdeadbeef);
	assert_int_equal(parse_hex("ffffffffffffffff", &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(parse_hex("1ffffffffffffffff", &v), -1);
	assert_int_equal(parse_hex("0x", &v), -1);
	assert_int_equal(parse_hex("12g", &v), -1);
	assert_int_equal(parse_hex("", &v), -1);
}

/* maps writes a newline in a name as \012 (seq_path's only escape) */
static void names_unescaped(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(maps_name_unescape(out, "/tmp/a\\012b\\012"), 10);
	assert_memory_equal(out, "/tmp/a\nb\n", 10);
	/* a backslash is not escaped: kept, and so is an escape of anything else */
	assert_int_equal(maps_name_unescape(out, "/x\\y\\040\\01"), 12);
	assert_string_equal(out, "/x\\y\\040\\01");
	assert_int_equal(maps_name_unescape(out, ""), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(android_app),
		cmocka_unit_test(x86_64_desktop),
		cmocka_unit_test(malformed_lines_are_errors),
		cmocka_unit_test(malformed_message_names_line_and_content),
		cmocka_unit_test(last_line_without_newline),
		cmocka_unit_test(sixty_four_k_lines),
		cmocka_unit_test(hex_addresses),
		cmocka_unit_test(names_unescaped),
	};

	return cmocka_run_group_tests_name("maps", tests, NULL, NULL);
}
