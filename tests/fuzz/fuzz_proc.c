/* fuzz_proc: lib/proc.c's parsers of /proc text: proc_stat_parse (a stat
 * line), status_field (keys of a status file, as pcore reads them),
 * parse_pid. Beyond no crash: comm is terminated within its array, a status
 * value lies inside the text and follows "Key:", a PID is positive. */
#include "fuzz.h"
#include "proc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = { "Name", "State", "Tgid", "Uid", "Gid", "SigPnd", "SigBlk",
					    "VmRSS", "Threads", "" };
	char *text = fuzz_text(data, size);
	size_t len = strlen(text);
	struct proc_stat st;
	pid_t pid;

	if (!proc_stat_parse(text, &st)) {
		CHECK(memchr(st.comm, 0, sizeof(st.comm)));
		CHECK(st.state != 0);
	}
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *v = status_field(text, keys[i]), *c = v;
		size_t n = strlen(keys[i]);

		if (!v)
			continue;
		CHECK(v > text + n && v <= text + len);
		while (c[-1] == ' ' || c[-1] == '\t')
			c--;
		c -= n + 1;
		CHECK(c >= text && (c == text || c[-1] == '\n') && !memcmp(c, keys[i], n) && c[n] == ':');
		strtoull(v, NULL, 16); /* as pcore reads SigPnd */
	}
	if ((pid = parse_pid(text)) != -1)
		CHECK(pid > 0 && strspn(text, "0123456789") == len);
	free(text);
	return 0;
}
