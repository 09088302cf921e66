/* fuzz_smaps: lib/smaps.c's smaps_parse on arbitrary /proc/PID/smaps text.
 * Beyond no crash: no more regions than lines; for each: start <= end, at most
 * SMAPS_MAX_KEYS keys each found again by smaps_key, and the name and
 * VmFlags strings within their buffers; smaps_vmflag runs on an exact-size
 * copy of VmFlags, so a read past its end is caught. */
#include "fuzz.h"
#include "smaps.h"

static int on_region(void *ctx, const struct smaps_keys *k, const struct smaps_entry *e)
{
	static const char *const flags[] = { "rd", "wr", "dd", "io", "ht", "nr", "sd" };
	char *vmflags = fuzz_dup(e->vmflags, strlen(e->vmflags) + 1);

	++*(size_t *)ctx;
	CHECK(e->r.start <= e->r.end);
	CHECK(e->r.kind <= REGION_SPECIAL);
	CHECK(strlen(e->r.name) <= 4096 + 16);
	CHECK(strlen(e->vmflags) < 256);
	CHECK(k->n <= SMAPS_MAX_KEYS);
	for (size_t i = 0; i < k->n; i++) {
		CHECK(k->name[i][0] && !strchr(k->name[i], ':'));
		CHECK(smaps_key(k, k->name[i]) == (int)i);
	}
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		smaps_vmflag(vmflags, flags[i]);
	free(vmflags);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	size_t n = 0, lines = 1;

	for (const char *p = text; (p = strchr(p, '\n')); p++)
		lines++;
	smaps_parse(text, "fuzz", on_region, &n);
	CHECK(n <= lines);
	free(text);
	return 0;
}
