/* progress.h: one line on a terminal's stderr while a long copy runs */
#ifndef PROGRESS_H
#define PROGRESS_H

#include <stdint.h>

/* total bytes the run will copy; nothing is shown unless stderr is a tty */
void progress_start(uint64_t total);
/* n more bytes done (redrawn at most twice a second) */
void progress_add(uint64_t n);
/* wipe the line: before any message, and at the end */
void progress_end(void);

#endif
