/* lines.c: line splitting over a reused 256 KiB buffer */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lines.h"
#include "proc.h"
#include "procbox.h"
#include "watchdog.h"

enum { CHUNK = 256 << 10 };

/* Feed every complete line of buf[0, len) (all of it if last); the bytes used,
 * or -1 if fn stopped. */
static long feed(char *buf, size_t len, int last, line_fn fn, void *ctx, long *count)
{
	char *s = buf, *end = buf + len;

	while (s < end) {
		char *nl = memchr(s, '\n', end - s);

		if (!nl && !last)
			break;
		if (!nl)
			nl = end;
		*nl = 0;
		++*count;
		if (fn(ctx, s, nl - s) < 0)
			return -1;
		s = nl + 1;
	}
	return (s > end ? end : s) - buf;
}

int text_lines(char *text, size_t len, line_fn fn, void *ctx)
{
	long count = 0;

	return feed(text, len, 1, fn, ctx, &count) < 0 ? -1 : 0;
}

long proc_lines(pid_t pid, const char *file, line_fn fn, void *ctx)
{
	char path[64], *buf = xmalloc(CHUNK + 1);
	size_t have = 0;
	long count = 0, r = -1;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)proc_mm_tid(pid), file); /* maps, smaps */
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		proc_perror(pid, file);
		goto out;
	}
	for (;;) {
		ssize_t n = read(fd, buf + have, CHUNK - have);
		long used;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			proc_perror(pid, file);
			break;
		}
		have += n;
		buf[have] = 0;
		watchdog_tick(); /* smaps of a million mappings takes a while */
		used = feed(buf, have, n == 0, fn, ctx, &count);
		if (used < 0)
			break;
		if (n == 0) {
			r = count;
			break;
		}
		if (used == 0 && have == CHUNK) {
			error_msg("%s: line %ld: longer than %d bytes", path, count + 1, CHUNK);
			break;
		}
		memmove(buf, buf + used, have - used);
		have -= used;
	}
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	return r;
}
