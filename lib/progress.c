/* progress.c: "pcore: 812 of 4096 MiB, 1520 MiB/s, 2 s left" on a terminal */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "procbox.h"
#include "progress.h"

static uint64_t total, done;
static int64_t t0, shown;
static int active, drawn;

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void progress_start(uint64_t bytes)
{
	total = bytes, done = 0;
	t0 = now_ms();
	shown = t0 - 1000; /* the first chunk shows the line at once */
	active = total && isatty(2);
}

void progress_add(uint64_t n)
{
	int64_t t, ms;
	unsigned long long rate;

	done += n;
	if (!active || (t = now_ms()) - shown < 500)
		return;
	shown = t, ms = t - t0;
	rate = ms ? (done >> 10) * 1000 / 1024 / ms : 0; /* integer MiB/s: no floating point pulled in */
	fprintf(stderr, "\r\033[K%s: %llu of %llu MiB, %llu MiB/s", pb_name, (unsigned long long)(done >> 20),
		(unsigned long long)(total >> 20), rate);
	if (rate && total > done)
		fprintf(stderr, ", %llu s left", (unsigned long long)((total - done) >> 20) / rate);
	drawn = 1;
}

void progress_end(void)
{
	if (drawn)
		fputs("\r\033[K", stderr);
	drawn = 0;
}
