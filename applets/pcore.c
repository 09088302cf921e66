/* pcore: an ELF core file of a live process that keeps running */
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "attach.h"
#include "livecore.h"
#include "outfile.h"
#include "proc.h"
#include "procbox.h"

APPLET(pcore, "pcore [options] PID",
	"Write an ELF core file of a running process, as the kernel would write it\n"
	"if the process died now. The process is stopped (ptrace seize, never SIGSTOP)\n"
	"while the core is written, then runs on.\n"
	"  -o FILE     output file ('-': standard output; default core.PID)\n"
	"  -f          replace an existing file\n"
	"  -a          dump every readable mapping whole\n"
	"  --filter MASK  coredump_filter bits (hex) instead of the process's own\n");

static const struct option longopts[] = {
	{ "filter", required_argument, 0, 'F' },
	{ 0 },
};

int pcore_main(int argc, char **argv)
{
	const char *path = NULL;
	char name[32];
	int c, force = 0, all = 0, filter = -1, r = -1;
	struct attach a;
	struct livecore lc = { 0 };
	struct outfile o;
	pid_t pid;

	while ((c = opt_next(argc, argv, "o:fa", longopts)) != -1) {
		uint64_t mask;

		switch (c) {
		case 'o': path = optarg; break;
		case 'f': force = 1; break;
		case 'a': all = 1; break;
		case 'F':
			if (parse_hex(optarg, &mask) || mask > 0x1ff)
				usage_exit("--filter %s: not a coredump_filter mask (hex, 0 to 1ff)", optarg);
			filter = mask;
			break;
		}
	}
	if (optind != argc - 1)
		usage_exit("one PID expected");
	if ((pid = target_pid(argv[optind])) < 0)
		usage_exit("%s: not a process ID", argv[optind]);
	if (!path) {
		snprintf(name, sizeof(name), "core.%d", (int)pid);
		path = name;
	}
	if (outfile_open(&o, path, force))
		return EXIT_FAIL;
	if (attach_all(&a, pid)) {
		outfile_abort(&o);
		return EXIT_FAIL;
	}
	if (!livecore_gather(&lc, &a, filter, all))
		r = livecore_write(&lc, &o);
	detach_all(&a);
	if (!r)
		r = livecore_finish(&lc);
	if (r || outfile_close(&o)) {
		if (!r)
			r = -1;
		else
			outfile_abort(&o);
	}
	if (!r && lc.mc.bad_pages)
		error_msg("%d: %llu unreadable pages written as zeros", (int)pid, (unsigned long long)lc.mc.bad_pages);
	if (!r && lc.mc.no_file_pages)
		error_msg("%d: %llu pages of mapped files written as zeros: their files could not be opened "
			  "(/proc/%d/map_files needs CAP_CHECKPOINT_RESTORE; deleted, memfd or shared memory)", (int)pid,
			  (unsigned long long)lc.mc.no_file_pages, (int)pid);
	livecore_free(&lc);
	return r ? EXIT_FAIL : EXIT_OK;
}
