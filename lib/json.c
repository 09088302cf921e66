/* json.c: JSON with the commas and nesting kept by the writer, and strings
 * that stay valid for any bytes */
#include "json.h"
#include "out.h"

static struct json_state js;

static void indent(int depth)
{
	out_char('\n');
	while (depth--)
		out_str("  ");
}

/* What comes before a value: its comma, and in an array a new line */
static void value(void)
{
	uint64_t bit = 1ull << js.depth;

	if (js.keyed) {
		js.keyed = 0;
		return;
	}
	if (js.depth && (js.filled & bit)) /* top-level values are documents of their own */
		out_char(',');
	js.filled |= bit;
	if (js.arrays & bit)
		indent(js.depth);
}

void json_open(char bracket)
{
	value();
	out_char(bracket);
	js.depth++;
	js.filled &= ~(1ull << js.depth);
	js.arrays = (js.arrays & ~(1ull << js.depth)) | (uint64_t)(bracket == '[') << js.depth;
}

void json_close(void)
{
	uint64_t bit = 1ull << js.depth;
	int array = !!(js.arrays & bit);

	js.depth--;
	if (array && (js.filled & bit))
		indent(js.depth);
	out_char(array ? ']' : '}');
}

/* Quotes, backslashes and control characters escaped; bytes that are not
 * valid UTF-8 as \u00XX (the byte value, as Latin-1). */
static void string(const char *str)
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

void json_key(const char *key)
{
	uint64_t bit = 1ull << js.depth;

	if (js.filled & bit)
		out_str(", ");
	js.filled |= bit;
	string(key);
	out_str(": ");
	js.keyed = 1;
}

void json_str(const char *s)
{
	value();
	string(s);
}

void json_u64(uint64_t v)
{
	value();
	out_dec(v, 0);
}

void json_i64(int64_t v)
{
	value();
	if (v < 0)
		out_char('-');
	out_dec(v < 0 ? -(uint64_t)v : (uint64_t)v, 0);
}

void json_hex(uint64_t v)
{
	value();
	out_str("\"0x");
	out_hex(v, 0, '0');
	out_char('"');
}

void json_literal(const char *s)
{
	value();
	out_str(s);
}

void json_field_str(const char *key, const char *s)
{
	json_key(key);
	json_str(s);
}

void json_field_u64(const char *key, uint64_t v)
{
	json_key(key);
	json_u64(v);
}

void json_field_hex(const char *key, uint64_t v)
{
	json_key(key);
	json_hex(v);
}

struct json_state json_mark(void)
{
	return js;
}

void json_rewind(struct json_state s)
{
	js = s;
}
