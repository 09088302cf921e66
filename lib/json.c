/* json.c: JSON string escaping that stays valid for any bytes */
#include "json.h"
#include "out.h"

/* Length of the valid UTF-8 sequence at s, or 0 (overlongs and surrogates too). */
static int utf8_len(const unsigned char *s)
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

void json_str(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	out_char('"');
	while (*s) {
		int n = utf8_len(s);

		if (*s == '"' || *s == '\\') {
			out_char('\\');
			out_char(*s);
		} else if (*s == '\n') {
			out_str("\\n");
		} else if (*s == '\t') {
			out_str("\\t");
		} else if (*s < 0x20 || *s == 0x7f || !n) {
			out_str("\\u00");
			out_hex(*s, 2, '0');
		} else {
			out_mem(s, n);
			s += n;
			continue;
		}
		s++;
	}
	out_char('"');
}
