/* outfile.h: the files procbox writes (cores, dumps): never over someone
 * else's file, never through a symlink, never left half-written */
#ifndef OUTFILE_H
#define OUTFILE_H

#include <stddef.h>
#include <stdint.h>

struct outfile {
	const char *path;  /* "-" is standard output */
	int fd;
	int holes;         /* skipped ranges become holes (pwrite past them); else zeros are written */
	uint64_t pos;      /* bytes written or skipped so far */
	char *mem;         /* outfile_memory(): the bytes go here */
	void *doom;        /* its entry in the list of files a failure removes */
};

/*
 * Create path for writing: O_EXCL | O_NOFOLLOW, mode 0600 (a dump holds the
 * target's secrets). An existing file is replaced only with force (the name is
 * unlinked, so a symlink there is removed, never followed). "-": standard
 * output, where skipped ranges are written as zeros. 0, or -1 reported.
 */
int outfile_open(struct outfile *o, const char *path, int force);
/* Write into buf instead (skipped ranges as zeros), for reading memory the
 * way a dump does. */
void outfile_memory(struct outfile *o, void *buf);
/* 0, or -1 reported (ENOSPC, EPIPE, ...) */
int outfile_write(struct outfile *o, const void *buf, size_t len);
/* Leave len bytes of zeros: a hole in a file, written zeros on a pipe. */
int outfile_skip(struct outfile *o, uint64_t len);
/* Finish (the size after a final hole, close): 0, or -1 reported and the
 * file removed. */
int outfile_close(struct outfile *o);
/* Failure elsewhere: remove what was written. */
void outfile_abort(struct outfile *o);

/* A run of several files (pdump's regions) is kept whole or not at all: from
 * outfile_run_begin() on, a closed file is still removed by a fatal signal,
 * and by outfile_run_end(0); outfile_run_end(1) keeps them all. */
void outfile_run_begin(void);
void outfile_run_end(int keep);

#endif
