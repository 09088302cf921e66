/* json.h: JSON to out.h's buffer. The writer tracks nesting and commas: an
 * applet says what it writes (open, key, value, close), never a separator.
 * Array elements start on lines of their own, indented by depth; an object's
 * members follow each other on one line. */
#ifndef JSON_H
#define JSON_H

#include <stdint.h>

void json_open(char bracket); /* '{' or '[': a value that holds others */
void json_close(void);        /* the innermost one open */
void json_key(const char *key); /* in an object: the next value's name */

/* A string: quotes, backslashes and control characters escaped; bytes that
 * are not valid UTF-8 written as \u00XX (the byte value, as Latin-1). */
void json_str(const char *s);
void json_u64(uint64_t v);
void json_i64(int64_t v);
void json_hex(uint64_t v);    /* "0x1f": addresses and registers, as strings */
void json_literal(const char *s); /* null, true, false, a number made elsewhere */
/* An object's member: json_key, then the value */
void json_field_str(const char *key, const char *s);
void json_field_u64(const char *key, uint64_t v);
void json_field_hex(const char *key, uint64_t v);

/* Where the writer stands, to go back to with out_rewind (lib/targets.c
 * takes back the element of a target that failed). */
struct json_state {
	uint8_t depth, keyed;
	uint64_t arrays, filled; /* a bit per level: it is an array; it has members */
};
struct json_state json_mark(void);
void json_rewind(struct json_state s);

#endif
