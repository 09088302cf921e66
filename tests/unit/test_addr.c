/* test_addr.c: ADDR[+LEN|-END] as users type it (lib/addr.c) */
#include "addr.h"
#include "testutil.h"

static char maps_text[] =
	"00400000-00408000 r-xp 00000000 fe:00 12 /usr/bin/my-prog\n"
	"00408000-00409000 rw-p 00008000 fe:00 12 /usr/bin/my-prog\n"
	"01000000-01021000 rw-p 00000000 00:00 0 [heap]\n"
	"7f0000000000-7f0000200000 r-xp 00000000 fe:00 99 /usr/lib/libstdc++.so.6\n"
	"7f0000200000-7f0000210000 rw-p 00000000 00:00 0 [anon:my buf]\n"
	"7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0 [stack]\n";

static struct maps m;

static int setup(void **state)
{
	(void)state;
	return maps_parse(&m, strdup(maps_text), "test maps");
}

static void ok(const char *spec, uint64_t start, uint64_t len, uint64_t region_start)
{
	struct addr_range r;
	const char *why = NULL;

	if (addr_parse(&m, spec, &r, &why))
		fail_msg("%s: %s", spec, why);
	if (r.start != start || r.len != len || r.region->start != region_start)
		fail_msg("%s: %#llx+%llu in %#llx", spec, (unsigned long long)r.start, (unsigned long long)r.len,
			 (unsigned long long)r.region->start);
}

static void bad(const char *spec, const char *reason)
{
	struct addr_range r;
	const char *why = NULL;

	if (!addr_parse(&m, spec, &r, &why))
		fail_msg("%s: accepted", spec);
	if (!strstr(why, reason))
		fail_msg("%s: says '%s', not '%s'", spec, why, reason);
}

static void test_forms(void **state)
{
	(void)state;
	ok("1000010", 0x1000010, 0, 0x1000000);
	ok("0x1000010", 0x1000010, 0, 0x1000000);
	ok("1000010+16", 0x1000010, 16, 0x1000000);
	ok("1000010+0x10", 0x1000010, 16, 0x1000000);
	ok("1000010-1000020", 0x1000010, 16, 0x1000000);
	ok("[heap]", 0x1000000, 0, 0x1000000);
	ok("[heap]+0x40", 0x1000040, 0, 0x1000000);
	ok("[heap]+64+8", 0x1000040, 8, 0x1000000);
	ok("[heap]+0x40-1000050", 0x1000040, 16, 0x1000000);
	/* names with '+' and '-' in them; the lowest mapping of a name */
	ok("libstdc++.so.6+0x100", 0x7f0000000100, 0, 0x7f0000000000);
	ok("/usr/lib/libstdc++.so.6", 0x7f0000000000, 0, 0x7f0000000000);
	ok("my-prog+0x8000", 0x408000, 0, 0x408000);
	ok("my-prog", 0x400000, 0, 0x400000);
	ok("[anon:my buf]+0x10+4", 0x7f0000200010, 4, 0x7f0000200000);
}

static void test_errors(void **state)
{
	(void)state;
	bad("2000000", "not mapped");
	bad("[heap]+0x21000", "not mapped");
	bad("[heap]+0x20ff0+32", "past the end");
	bad("1000010-1000000", "bad end");
	bad("1000010+0", "bad length");
	bad("1000010+abc", "bad length");
	bad("libnothing.so", "not an address");
	bad("[heap]+zz", "bad offset");
	/* more than 64 bits, or a sum that would wrap (found by tests/fuzz) */
	bad("1000010+18446744073709551616", "bad length");
	bad("1000010+0xffffffffffffffff", "past the end");
	bad("[heap]+0xffffffffff000000", "bad offset");
	bad("", "not an address");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
