/* mapfile.h: the file a mapping maps */
#ifndef MAPFILE_H
#define MAPFILE_H

#include <stdint.h>
#include <sys/types.h>

/* /proc/PID/map_files/START-END, else the path if it leads to the file maps
 * names (device, inode). An fd, or -1. Can block (the file system's open):
 * never while the process is held. */
int region_file_open(pid_t pid, uint64_t start, uint64_t end, const char *path, uint64_t dev, uint64_t inode);

/* A regular file, by a path from a core's notes (NT_FILE, AT_EXECFN) or
 * made from one: never a device, whose mere open may act (a tape rewinds),
 * nor a FIFO. An fd, or -1. */
int file_open_regular(const char *path);

#endif
