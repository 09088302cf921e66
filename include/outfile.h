/* outfile.h: the files procbox writes (cores, dumps): whole or not at all,
 * never over someone else's file, never through a symlink */
#ifndef OUTFILE_H
#define OUTFILE_H

#include <stddef.h>
#include <stdint.h>

struct outfile {
	const char *path;  /* "-" is standard output */
	int fd;
	int holes;         /* skipped ranges become holes (pwrite past them); else zeros are written */
	int stream;        /* a device or FIFO named by the user, written into */
	uint64_t pos;      /* bytes written or skipped so far */
	char *mem;         /* outfile_memory(): the bytes go here */
	void *staged;      /* the unnamed file until it gets its name */
};

/*
 * Start path: an unnamed file in its directory (O_TMPFILE, else a hidden
 * temporary name), mode 0600 (a dump holds the target's secrets), named path
 * by outfile_close() when complete. An existing file or symlink there is an
 * error, or with force replaced at that moment (rename: a symlink is
 * replaced, never followed). An existing device, FIFO or socket is written
 * into, never replaced. "-": standard output. Streams get written zeros for
 * skipped ranges. 0, or -1 reported.
 */
int outfile_open(struct outfile *o, const char *path, int force);
/* Write into buf instead (skipped ranges as zeros), for reading memory the
 * way a dump does. */
void outfile_memory(struct outfile *o, void *buf);
/* 0, or -1 reported (ENOSPC, EPIPE, ...) */
int outfile_write(struct outfile *o, const void *buf, size_t len);
/* Leave len bytes of zeros: a hole in a file, written zeros on a pipe. */
int outfile_skip(struct outfile *o, uint64_t len);
/* Finish (the size after a final hole) and name it: 0, or -1 reported and
 * nothing left under the name (an older file there kept). In a run, the
 * naming waits for outfile_run_end(). */
int outfile_close(struct outfile *o);
/* Failure elsewhere: the file goes. */
void outfile_abort(struct outfile *o);

/* A run of several files (pdump's regions) is kept whole or not at all: from
 * outfile_run_begin() on, closed files stay unnamed (and open) until
 * outfile_run_end(1) names them all (0, or -1 reported: then none is kept),
 * or outfile_run_end(0) drops them. */
void outfile_run_begin(void);
int outfile_run_end(int keep);

#endif
