/* json.h: the little JSON writing procbox needs */
#ifndef JSON_H
#define JSON_H

#include <stdio.h>

/* A JSON string: quotes, backslashes and control characters escaped; bytes
 * that are not valid UTF-8 written as \u00XX (the byte value, as Latin-1). */
void json_str(FILE *f, const char *s);

#endif
