/* gap.h: a thread that measures the longest time it was kept from running
 * (a stop of its process shows there): start gap_meter, read and reset
 * gap_us. For the test targets. */
#ifndef TEST_GAP_H
#define TEST_GAP_H

#include <stdio.h>
#include <time.h>

static volatile long long gap_us;
static long gap_period_ns = 1000000; /* its sleep: the finest pause it sees */

static long long now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000LL + t.tv_nsec / 1000;
}

static void *gap_meter(void *arg)
{
	struct timespec ms = { 0, gap_period_ns };
	long long last = now_us();

	(void)arg;
	for (;;) {
		long long t;

		nanosleep(&ms, NULL);
		t = now_us();
		if (t - last > gap_us)
			gap_us = t - last;
		last = t;
	}
	return NULL;
}

/* Until stdin ends: for each line read, print the longest gap since the
 * last (pause_ms=) and start over */
static inline void gap_serve(void)
{
	char line[64];

	while (fgets(line, sizeof(line), stdin)) {
		printf("pause_ms=%.3f\n", gap_us / 1000.0);
		fflush(stdout);
		gap_us = 0;
	}
}

#endif
