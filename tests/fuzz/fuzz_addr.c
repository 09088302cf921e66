/* fuzz_addr: lib/addr.c's addr_parse, the ADDR[+LEN|-END] a user gives
 * pdump. The input's last line is the spec, the lines before it a maps text
 * (parsed by maps_parse; a bad line ends it). Beyond no crash: an accepted
 * range starts inside the region it returns and does not run past its end. */
#include "addr.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size), *nl = strrchr(text, '\n'), *spec;
	struct addr_range r;
	struct maps m;
	const char *why = NULL;

	spec = fuzz_dup(nl ? nl + 1 : text, strlen(nl ? nl + 1 : text) + 1);
	if (nl)
		*nl = 0;
	else
		*text = 0;
	maps_parse(&m, text, "fuzz");
	if (addr_parse(&m, spec, &r, &why) == 0) {
		CHECK(r.region && r.region->start <= r.start && r.start < r.region->end);
		CHECK(r.len <= r.region->end - r.start);
	} else {
		CHECK(why && *why);
	}
	maps_free(&m);
	free(spec);
	return 0;
}
