/* mapfile.c: the file a mapping maps, opened */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mapfile.h"

static int same_file(int fd, uint64_t dev, uint64_t inode)
{
	struct stat st;

	return fd >= 0 && !fstat(fd, &st) && st.st_ino == inode && st.st_dev == dev;
}

int region_file_open(pid_t pid, uint64_t start, uint64_t end, const char *path, uint64_t dev, uint64_t inode)
{
	char mf[80];
	int fd;

	/* the very file mapped, even deleted or shadowed; needs CAP_SYS_ADMIN or
	 * CAP_CHECKPOINT_RESTORE (not checked against dev and inode: on overlayfs
	 * maps names the real file, map_files the overlay's) */
	snprintf(mf, sizeof(mf), "/proc/%d/map_files/%llx-%llx", (int)pid, (unsigned long long)start,
		 (unsigned long long)end);
	if ((fd = open(mf, O_RDONLY | O_CLOEXEC)) >= 0)
		return fd;
	/* the path, if the file opened is the one mapped (no race: the fd is checked) */
	if (!path || path[0] != '/')
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (!same_file(fd, dev, inode)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

int file_open_regular(const char *path)
{
	struct stat st;
	int fd;

	if (stat(path, &st) || !S_ISREG(st.st_mode))
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd >= 0 && (fstat(fd, &st) || !S_ISREG(st.st_mode))) { /* replaced meanwhile */
		close(fd);
		return -1;
	}
	return fd;
}
