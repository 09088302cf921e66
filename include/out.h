/* out.h: buffered standard output without stdio's formatting cost (hot paths
 * print 60,000 lines) */
#ifndef OUT_H
#define OUT_H

#include <stddef.h>
#include <stdint.h>

void out_mem(const void *p, size_t n);
void out_str(const char *s);
void out_char(char c);
/* v in hex (lowercase), at least width digits, padded with pad ('0' or ' ') */
void out_hex(uint64_t v, int width, char pad);
/* v in decimal, right-aligned in width */
void out_dec(uint64_t v, int width);
/* A string the target controls (names, command lines, comm, paths in a
 * core), for text output: control characters (C0, DEL, C1) and bytes that
 * are not valid UTF-8 written as '?', so that it can neither forge lines nor
 * send a terminal escapes. The one rule for every such string. */
void out_text(const char *s);
void out_text_n(const char *s, size_t len);
/* Length of the valid UTF-8 sequence at s (NUL-terminated), or 0 (overlongs
 * and surrogates too). */
int utf8_len(const unsigned char *s);
/* printf for the rare lines */
void out_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Write what is buffered; 0, or -1 with errno after the first failed write. */
int out_flush(void);
/* Where the output stands, and taking back what was written since: 0, or -1
 * if some of it has already left the buffer (more than its 64 KiB since). */
uint64_t out_mark(void);
int out_rewind(uint64_t mark);

#endif
