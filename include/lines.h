/* lines.h: text split into lines, from memory or from a /proc file read in
 * chunks (constant memory, however long the file) */
#ifndef LINES_H
#define LINES_H

#include <stddef.h>
#include <sys/types.h>

/* line is NUL-terminated (its newline removed) and may be modified; it is
 * only valid during the call. Return < 0 to stop. */
typedef int (*line_fn)(void *ctx, char *line, size_t len);

/* Each line of text[0, len) (text[len] must be writable). 0, or -1 if fn stopped. */
int text_lines(char *text, size_t len, line_fn fn, void *ctx);
/* Each line of /proc/PID/FILE: the number of lines, or -1 (a read error is
 * reported naming the PID; if fn stopped, it has reported why). */
long proc_lines(pid_t pid, const char *file, line_fn fn, void *ctx);

#endif
