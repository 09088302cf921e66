/* thread_out.c: the heads of a listing of threads */
#include <stdlib.h>

#include "json.h"
#include "out.h"
#include "proc.h"
#include "thread_out.h"

void out_threads_begin(int json, pid_t pid, const char *core, const char *arch, const char *note)
{
	if (json) {
		json_open('{');
		if (core)
			json_field_str("core", core);
		else
			json_field_u64("pid", pid);
		json_field_str("arch", arch);
		json_key("threads");
		json_open('[');
	} else if (core) {
		out_text(core);
		out_fmt(": core of %s\n", arch);
	} else {
		char *cmd = proc_cmdline(pid);

		out_fmt("%d:   ", (int)pid);
		out_text(cmd ? cmd : "");
		out_fmt(" (%s)\n", note);
		free(cmd);
	}
}

void out_threads_end(int json)
{
	if (json) {
		json_close();
		json_close();
	}
}

void out_thread_head(int json, const struct thread_head *h, int live, int first)
{
	if (json) {
		json_open('{');
		json_field_u64("tid", h->tid);
		json_field_str("name", h->name);
		if (live) {
			json_field_str("state", (char[]){ h->state, 0 });
			json_field_str("syscall", h->syscall);
		}
		if (h->cursig)
			json_field_u64("cursig", h->cursig);
		return;
	}
	out_fmt("%sThread %d", first ? "" : "\n", (int)h->tid);
	if (live) {
		out_str(" (");
		out_text(h->name);
		out_fmt(") state %c, syscall %s", h->state, h->syscall);
	}
	if (h->cursig)
		out_fmt(" (signal %d)", h->cursig);
	out_char('\n');
}
