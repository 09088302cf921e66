/* fusefs MOUNTPOINT: a FUSE file system for the hostile suite, whose daemon
 * the test stops (SIGSTOP) to make every request to it wait. Files of 1 MiB,
 * each byte the low byte of its offset / 4096 + 1:
 *   /data    cached (mapped by a target: its pages resident)
 *   /direct  direct_io (every read asks the daemon)
 * Built by tests/live/hostile.sh with the host's gcc and libfuse3. */
#define FUSE_USE_VERSION 31
#include <errno.h>
#include <fuse.h>
#include <string.h>
#include <sys/stat.h>

enum { SIZE = 1 << 20 };

static int fs_getattr(const char *path, struct stat *st, struct fuse_file_info *fi)
{
	(void)fi;
	memset(st, 0, sizeof(*st));
	if (!strcmp(path, "/")) {
		st->st_mode = S_IFDIR | 0755;
		st->st_nlink = 2;
	} else if (!strcmp(path, "/data") || !strcmp(path, "/direct")) {
		st->st_mode = S_IFREG | 0644;
		st->st_nlink = 1;
		st->st_size = SIZE;
	} else {
		return -ENOENT;
	}
	return 0;
}

static int fs_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t off, struct fuse_file_info *fi,
		      enum fuse_readdir_flags flags)
{
	(void)off, (void)fi, (void)flags;
	if (strcmp(path, "/"))
		return -ENOENT;
	fill(buf, ".", NULL, 0, 0);
	fill(buf, "..", NULL, 0, 0);
	fill(buf, "data", NULL, 0, 0);
	fill(buf, "direct", NULL, 0, 0);
	return 0;
}

static int fs_open(const char *path, struct fuse_file_info *fi)
{
	if (strcmp(path, "/data") && strcmp(path, "/direct"))
		return -ENOENT;
	fi->direct_io = !strcmp(path, "/direct");
	fi->keep_cache = !fi->direct_io;
	return 0;
}

static int fs_read(const char *path, char *buf, size_t size, off_t off, struct fuse_file_info *fi)
{
	(void)path, (void)fi;
	if (off >= SIZE)
		return 0;
	if (off + (off_t)size > SIZE)
		size = SIZE - off;
	for (size_t i = 0; i < size; i++)
		buf[i] = (char)((off + i) / 4096 + 1);
	return size;
}

static const struct fuse_operations ops = {
	.getattr = fs_getattr, .readdir = fs_readdir, .open = fs_open, .read = fs_read,
};

int main(int argc, char **argv)
{
	char *args[] = { argv[0], "-f", "-s", "-o", "attr_timeout=0,entry_timeout=0", argc > 1 ? argv[1] : NULL, NULL };

	return fuse_main(6, args, &ops, NULL);
}
