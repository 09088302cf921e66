/* json.h: the little JSON writing procbox needs */
#ifndef JSON_H
#define JSON_H

/* A JSON string: quotes, backslashes and control characters escaped; bytes
 * that are not valid UTF-8 written as \u00XX (the byte value, as Latin-1). */
void json_str(const char *s); /* to out.h's buffer */

#endif
