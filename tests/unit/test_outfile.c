/* test_outfile.c: lib/outfile.c: a file appears whole under its name or not
 * at all, never over what it must not replace; devices and FIFOs are written
 * into; a run's files are named all together at its end */
#include <signal.h>
#include <sys/sysmacros.h>

#include "testutil.h"
#include "outfile.h"

static char dir[64];

/* a fresh empty directory for each test */
static int fresh_dir(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/procbox-outfileXXXXXX");
	assert_non_null(mkdtemp(dir));
	return 0;
}

static int remove_dir(void **state)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[512];

	(void)state;
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.' || (e->d_name[1] && strcmp(e->d_name, "..")))
			snprintf(p, sizeof(p), "%s/%s", dir, e->d_name), unlink(p);
	if (d)
		closedir(d);
	rmdir(dir);
	return 0;
}

static const char *in_dir(const char *name)
{
	static char p[4][128];
	static int n;

	n = (n + 1) % 4;
	snprintf(p[n], sizeof(p[n]), "%s/%s", dir, name);
	return p[n];
}

/* the directory's entries, hidden ones too, sorted and space-separated */
static const char *listing(void)
{
	static char out[1024];
	struct dirent **de;
	int n = scandir(dir, &de, NULL, alphasort);

	out[0] = 0;
	for (int i = 0; i < n; i++) {
		if (strcmp(de[i]->d_name, ".") && strcmp(de[i]->d_name, ".."))
			snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s", out[0] ? " " : "", de[i]->d_name);
		free(de[i]);
	}
	free(de);
	return out;
}

static char *contents(const char *name, size_t *len)
{
	return slurp(in_dir(name), len);
}

static void put(const char *name, const char *text)
{
	FILE *f = fopen(in_dir(name), "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int absent(const char *name)
{
	struct stat st;

	return lstat(in_dir(name), &st) && errno == ENOENT;
}

/* Does this directory's file system have O_TMPFILE (else outfile.c works
 * under a hidden temporary name, which only SIGKILL can leave behind)? */
static int has_tmpfile(void)
{
	int fd = open(dir, O_TMPFILE | O_RDWR, 0600);

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

static void named_whole_when_closed(void **state)
{
	struct outfile o;
	struct stat st;
	size_t len;
	char *got;

	(void)state;
	umask(0); /* the 0600 must be outfile.c's, not the umask's */
	assert_int_equal(outfile_open(&o, in_dir("core"), 0), 0);
	assert_int_equal(outfile_write(&o, "head", 4), 0);
	assert_int_equal(outfile_skip(&o, 8192), 0);
	assert_int_equal(outfile_write(&o, "tail", 4), 0);
	/* written, not yet complete: nothing under the name */
	assert_true(absent("core"));
	assert_int_equal(outfile_skip(&o, 1 << 20), 0); /* a final hole */
	assert_int_equal(outfile_close(&o), 0);
	assert_string_equal(listing(), "core");
	assert_int_equal(lstat(in_dir("core"), &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(st.st_size, 8 + 8192 + (1 << 20));
	/* the skipped ranges are holes, not written zeros */
	assert_true(st.st_blocks * 512 < 1 << 20);
	got = contents("core", &len);
	assert_memory_equal(got, "head", 4);
	for (size_t i = 4; i < 4 + 8192; i++)
		assert_int_equal(got[i], 0);
	assert_memory_equal(got + 4 + 8192, "tail", 4);
	assert_int_equal(got[len - 1], 0);
	free(got);
	umask(022);
}

static void nothing_left_when_aborted(void **state)
{
	struct outfile o;

	(void)state;
	assert_int_equal(outfile_open(&o, in_dir("core"), 0), 0);
	assert_int_equal(outfile_write(&o, "data", 4), 0);
	outfile_abort(&o);
	assert_string_equal(listing(), "");
}

/* what a child that dies mid-write leaves: by SIGTERM (the fatal hook runs),
 * by SIGKILL or _exit() (nothing runs) */
static void died_mid_write(int how)
{
	int sync[2];
	char c;
	pid_t pid;
	sigset_t none;

	assert_int_equal(pipe(sync), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		struct outfile o;

		/* (a closed outfile keeps the fatal signals held off; not ours) */
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGTERM, SIG_DFL);
		if (outfile_open(&o, in_dir("core"), 0) || outfile_write(&o, "data", 4))
			_exit(3);
		if (!how)
			_exit(0);
		write(sync[1], "r", 1);
		pause();
		_exit(4);
	}
	close(sync[1]);
	if (how) {
		assert_int_equal(read(sync[0], &c, 1), 1);
		kill(pid, how);
	}
	close(sync[0]);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
}

static void nothing_left_when_killed(void **state)
{
	(void)state;
	died_mid_write(SIGTERM);
	assert_string_equal(listing(), "");
	died_mid_write(SIGKILL);
	assert_true(absent("core"));
	died_mid_write(0);
	assert_true(absent("core"));
	if (has_tmpfile())
		assert_string_equal(listing(), "");
	else
		print_message("[  NOTE    ] %s has no O_TMPFILE: SIGKILL leaves a hidden temporary name (%s)\n", dir,
			      listing());
}

static int open_existing(int argc, char **argv)
{
	struct outfile o;

	(void)argc;
	return outfile_open(&o, argv[1], 0) ? 1 : 0;
}

/* An existing file is refused without force, replaced with it: only when
 * the new one is complete, and kept if it never is */
static void an_existing_file(void **state)
{
	struct outfile o;
	struct captured c;
	char want[160], *argv[] = { "open", (char *)in_dir("core"), NULL }, *got;

	(void)state;
	put("core", "old");
	run_captured(&c, open_existing, 2, argv);
	assert_int_equal(c.status, 1);
	snprintf(want, sizeof(want), "procbox: %s: exists (-f to replace it)\n", in_dir("core"));
	assert_string_equal(c.err, want);

	assert_int_equal(outfile_open(&o, in_dir("core"), 1), 0);
	assert_int_equal(outfile_write(&o, "new!", 4), 0);
	got = contents("core", NULL);
	assert_string_equal(got, "old"); /* until it is complete */
	free(got);
	outfile_abort(&o);
	got = contents("core", NULL);
	assert_string_equal(got, "old"); /* never complete: kept */
	free(got);
	assert_string_equal(listing(), "core");

	assert_int_equal(outfile_open(&o, in_dir("core"), 1), 0);
	assert_int_equal(outfile_write(&o, "new!", 4), 0);
	assert_int_equal(outfile_close(&o), 0);
	got = contents("core", NULL);
	assert_string_equal(got, "new!");
	free(got);
	assert_string_equal(listing(), "core");
}

/* A symlink is never followed: refused, or with force itself replaced */
static void a_symlink(void **state)
{
	struct outfile o;
	struct stat st;
	struct captured c;
	char *argv[] = { "open", (char *)in_dir("link"), NULL }, *got;

	(void)state;
	put("victim", "secret");
	assert_int_equal(symlink(in_dir("victim"), in_dir("link")), 0);
	run_captured(&c, open_existing, 2, argv);
	assert_int_equal(c.status, 1);
	assert_non_null(strstr(c.err, ": exists (-f to replace it)"));
	assert_int_equal(outfile_open(&o, in_dir("link"), 1), 0);
	assert_int_equal(outfile_write(&o, "core", 4), 0);
	assert_int_equal(outfile_close(&o), 0);
	assert_int_equal(lstat(in_dir("link"), &st), 0);
	assert_true(S_ISREG(st.st_mode));
	got = contents("link", NULL);
	assert_string_equal(got, "core");
	free(got);
	got = contents("victim", NULL);
	assert_string_equal(got, "secret");
	free(got);
}

static void a_directory_is_refused(void **state)
{
	struct outfile o;
	int saved;

	(void)state;
	assert_int_equal(mkdir(in_dir("d"), 0700), 0);
	saved = stderr_off();
	assert_int_equal(outfile_open(&o, in_dir("d"), 1), -1);
	stderr_on(saved);
	assert_int_equal(rmdir(in_dir("d")), 0);
}

/* A FIFO is written into (with or without force), skipped ranges as written
 * zeros, and stays a FIFO */
static void a_fifo_is_written_into(void **state)
{
	struct outfile o;
	struct stat st;
	char buf[64];
	int r;

	(void)state;
	assert_int_equal(mkfifo(in_dir("fifo"), 0600), 0);
	/* a reader first: the writer's open waits for one */
	r = open(in_dir("fifo"), O_RDONLY | O_NONBLOCK);
	assert_true(r >= 0);
	assert_int_equal(outfile_open(&o, in_dir("fifo"), 0), 0);
	assert_int_equal(o.stream, 1);
	assert_int_equal(outfile_write(&o, "abc", 3), 0);
	assert_int_equal(outfile_skip(&o, 5), 0);
	assert_int_equal(outfile_write(&o, "z", 1), 0);
	assert_int_equal(outfile_close(&o), 0);
	assert_int_equal(read(r, buf, sizeof(buf)), 9);
	assert_memory_equal(buf, "abc\0\0\0\0\0z", 9);
	close(r);
	assert_int_equal(lstat(in_dir("fifo"), &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	assert_string_equal(listing(), "fifo");
}

static int write_unread_fifo(int argc, char **argv)
{
	struct outfile o;
	int r = open(argv[1], O_RDONLY | O_NONBLOCK);
	sigset_t none;

	(void)argc;
	/* SIGPIPE as a shell leaves it (a closed outfile keeps it held off) */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	if (r < 0 || outfile_open(&o, argv[1], 0))
		return 3;
	close(r); /* the reader goes: EPIPE, not a death by SIGPIPE */
	return outfile_write(&o, "abc", 3) == -1 ? 1 : 0;
}

static void a_fifo_without_reader(void **state)
{
	struct captured c;
	char want[160], *argv[] = { "write", (char *)in_dir("fifo"), NULL };

	(void)state;
	assert_int_equal(mkfifo(in_dir("fifo"), 0600), 0);
	run_captured(&c, write_unread_fifo, 2, argv);
	assert_int_equal(c.status, 1);
	snprintf(want, sizeof(want), "procbox: writing %s: %s\n", in_dir("fifo"), strerror(EPIPE));
	assert_string_equal(c.err, want);
}

/* A device node named by the user, even with force: written into, not replaced */
static void a_device_is_written_into(void **state)
{
	struct outfile o;
	struct stat st;

	(void)state;
	if (mknod(in_dir("null"), S_IFCHR | 0600, makedev(1, 3))) {
		print_message("[  SKIP    ] mknod: %s (needs root)\n", strerror(errno));
		skip();
	}
	assert_int_equal(outfile_open(&o, in_dir("null"), 1), 0);
	assert_int_equal(o.stream, 1);
	assert_int_equal(outfile_write(&o, "xyz", 3), 0);
	assert_int_equal(outfile_skip(&o, 100), 0);
	assert_int_equal(outfile_close(&o), 0);
	assert_int_equal(lstat(in_dir("null"), &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	assert_true(st.st_rdev == makedev(1, 3));
	assert_string_equal(listing(), "null");
}

static int to_stdout(int argc, char **argv)
{
	struct outfile o;

	(void)argc, (void)argv;
	if (outfile_open(&o, "-", 0) || outfile_write(&o, "ab", 2) || outfile_skip(&o, 3) ||
	    outfile_write(&o, "c", 1) || outfile_close(&o))
		return 3;
	/* standard output stays open */
	return write(1, "d", 1) == 1 ? 0 : 4;
}

static void standard_output(void **state)
{
	struct captured c;

	(void)state;
	run_captured(&c, to_stdout, 0, NULL);
	assert_int_equal(c.status, 0);
	assert_memory_equal(c.out, "ab\0\0\0cd", 8);
	assert_string_equal(listing(), "");
}

static void into_memory(void **state)
{
	struct outfile o;
	char buf[16];

	(void)state;
	memset(buf, 0x55, sizeof(buf));
	outfile_memory(&o, buf);
	assert_int_equal(outfile_write(&o, "ab", 2), 0);
	assert_int_equal(outfile_skip(&o, 3), 0);
	assert_int_equal(outfile_write(&o, "c", 1), 0);
	assert_int_equal(outfile_close(&o), 0);
	assert_memory_equal(buf, "ab\0\0\0c\x55", 7);
}

static void write_file(const char *name, const char *text, int force)
{
	struct outfile o;

	assert_int_equal(outfile_open(&o, in_dir(name), force), 0);
	assert_int_equal(outfile_write(&o, text, strlen(text)), 0);
	assert_int_equal(outfile_close(&o), 0);
}

/* A run's files get their names all at its end, or none does */
static void a_run_is_named_at_its_end(void **state)
{
	struct outfile o;
	char *got;

	(void)state;
	put("c", "old");
	outfile_run_begin();
	write_file("a", "A", 0);
	write_file("b", "B", 0);
	write_file("c", "C", 1);
	/* one abandoned: not named at the end */
	assert_int_equal(outfile_open(&o, in_dir("d"), 0), 0);
	outfile_abort(&o);
	assert_true(absent("a") && absent("b") && absent("d"));
	got = contents("c", NULL);
	assert_string_equal(got, "old");
	free(got);
	assert_int_equal(outfile_run_end(1), 0);
	assert_string_equal(listing(), "a b c");
	got = contents("a", NULL);
	assert_string_equal(got, "A");
	free(got);
	got = contents("b", NULL);
	assert_string_equal(got, "B");
	free(got);
	got = contents("c", NULL);
	assert_string_equal(got, "C");
	free(got);
}

static void a_run_dropped(void **state)
{
	char *got;

	(void)state;
	put("c", "old");
	outfile_run_begin();
	write_file("a", "A", 0);
	write_file("c", "C", 1);
	assert_int_equal(outfile_run_end(0), 0);
	assert_string_equal(listing(), "c");
	got = contents("c", NULL);
	assert_string_equal(got, "old");
	free(got);
}

/* One name taken meanwhile (no force): the run fails, none of its files is
 * kept, the other's file is left as it is */
static void a_run_with_a_name_taken(void **state)
{
	int saved;
	char *got;

	(void)state;
	outfile_run_begin();
	write_file("a", "A", 0);
	write_file("b", "B", 0);
	write_file("c", "C", 0);
	put("b", "someone else's");
	saved = stderr_off();
	assert_int_equal(outfile_run_end(1), -1);
	stderr_on(saved);
	assert_string_equal(listing(), "b");
	got = contents("b", NULL);
	assert_string_equal(got, "someone else's");
	free(got);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fresh_dir, remove_dir)
	const struct CMUnitTest tests[] = {
		T(named_whole_when_closed),
		T(nothing_left_when_aborted),
		T(nothing_left_when_killed),
		T(an_existing_file),
		T(a_symlink),
		T(a_directory_is_refused),
		T(a_fifo_is_written_into),
		T(a_fifo_without_reader),
		T(a_device_is_written_into),
		T(standard_output),
		T(into_memory),
		T(a_run_is_named_at_its_end),
		T(a_run_dropped),
		T(a_run_with_a_name_taken),
	};

	return cmocka_run_group_tests_name("outfile", tests, NULL, NULL);
}
