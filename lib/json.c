/* json.c: JSON string escaping that stays valid for any bytes */
#include "json.h"
#include "out.h"

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
		} else if (s[0] == 0xc2 && s[1] < 0xa0) { /* a C1 control: valid, but a terminal obeys it */
			out_str("\\u00");
			out_hex(s[1], 2, '0');
			s += 2;
			continue;
		} else {
			out_mem(s, n);
			s += n;
			continue;
		}
		s++;
	}
	out_char('"');
}
