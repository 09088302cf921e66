/* fuzz_pagemap: lib/pagemap.c's decoding of raw 64-bit /proc/PID/pagemap
 * entries: pagemap_meta_line (pdump's .metadata lines) and pagemap_tally.
 * The first byte picks full/unreadable/soft-dirty support, the rest are
 * little-endian entries. Beyond no crash: a line fits the 48 bytes the
 * header promises (written into exactly 48), has the format it documents, ends
 * in its one newline; the tally never counts more pages than it was given. */
#include "fuzz.h"
#include "pagemap.h"

static void check_line(const char *s, size_t n, uint64_t e, int full)
{
	CHECK(n >= 3 && n <= 48 && s[n - 1] == '\n' && !memchr(s, '\n', n - 1));
	CHECK(s[0] == (e & PM_PRESENT ? '1' : '0') && s[1] == (e & PM_SWAPPED ? '1' : '0'));
	CHECK(full ? s[2] == ' ' && strspn(s + 3, "01-") == 4 : n == 3);
	CHECK(!full || (e & PM_SWAPPED ? !strncmp(s + 7, " swap:", 6) : n == 8));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pagemap_counts c = { 0 };
	uint64_t *e;
	size_t n;
	int mode;

	if (size < 1)
		return 0;
	mode = data[0], data++, size--;
	n = size / 8;
	e = fuzz_dup(data, n * 8);
	for (size_t i = 0; i < n; i++) {
		char *buf = malloc(48);
		size_t len;

		len = pagemap_meta_line(buf, e[i], mode & 1, mode & 2, mode & 4);
		check_line(buf, len, e[i], mode & 1);
		free(buf);
	}
	pagemap_tally(e, n, &c);
	CHECK(c.present <= n && c.swapped <= n && c.soft_dirty <= n && c.exclusive <= n && c.file_shared <= n);
	free(e);
	return 0;
}
