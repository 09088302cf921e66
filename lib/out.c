/* out.c: one 64 KiB buffer in front of fd 1, flushed when full and at exit
 * (finish_stdout). musl's stdout buffer is 1 KiB and its printf is general:
 * pmaps on 60,000 mappings spent half its time there. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "out.h"

/* Static on purpose: .bss costs no bytes in the file and no memory until
 * used, and a malloc'd buffer measured 7% slower on pmaps' 60,000 lines. */
static char buf[65536];
static size_t used;
static uint64_t flushed; /* bytes that left the buffer (written or lost) */
static int failed;       /* errno of the first failed write */

int out_flush(void)
{
	size_t done = 0;

	fflush(stdout); /* anything an applet printed with stdio goes first */
	while (done < used && !failed) {
		ssize_t n = write(1, buf + done, used - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			failed = errno;
		else
			done += n;
	}
	flushed += used;
	used = 0;
	if (failed)
		errno = failed;
	return failed ? -1 : 0;
}

uint64_t out_mark(void)
{
	return flushed + used;
}

int out_rewind(uint64_t mark)
{
	if (mark < flushed || mark > flushed + used)
		return -1;
	used = mark - flushed;
	return 0;
}

void out_mem(const void *p, size_t n)
{
	while (n) {
		size_t k = sizeof(buf) - used < n ? sizeof(buf) - used : n;

		memcpy(buf + used, p, k);
		used += k, p = (const char *)p + k, n -= k;
		if (used == sizeof(buf))
			out_flush();
	}
}

void out_str(const char *s)
{
	out_mem(s, strlen(s));
}

void out_char(char c)
{
	if (used == sizeof(buf))
		out_flush();
	buf[used++] = c;
}

/* n digits right-aligned in width: straight into the buffer (hot path) */
static void out_digits(const char *d, int n, int width, char pad)
{
	int w = width > n ? width : n;

	if (w > 64)
		w = n, width = 0;
	if (sizeof(buf) - used < (size_t)w)
		out_flush();
	for (; width > n; width--)
		buf[used++] = pad;
	memcpy(buf + used, d, n);
	used += n;
}

void out_hex(uint64_t v, int width, char pad)
{
	char d[16];
	int n = 16;

	do
		d[--n] = "0123456789abcdef"[v & 15];
	while (v >>= 4);
	out_digits(d + n, 16 - n, width, pad);
}

void out_dec(uint64_t v, int width)
{
	char d[20];
	int n = 20;

	do
		d[--n] = '0' + v % 10;
	while (v /= 10);
	out_digits(d + n, 20 - n, width, ' ');
}

int utf8_len(const unsigned char *s)
{
	int n;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* procps' rule: what a terminal would obey, or cannot show, becomes '?' */
void out_text_n(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str, *end = s + len;

	while (s < end) {
		int n = utf8_len(s);

		if (!n || n > end - s || *s < 0x20 || *s == 0x7f || (s[0] == 0xc2 && s[1] < 0xa0)) {
			out_char('?');
			s += n && n <= end - s ? n : 1;
		} else {
			out_mem(s, n);
			s += n;
		}
	}
}

void out_text(const char *s)
{
	out_text_n(s, strlen(s));
}

void out_fmt(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > 0)
		out_mem(line, n < (int)sizeof(line) ? (size_t)n : sizeof(line) - 1);
}
