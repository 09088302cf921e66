/* names_target DIR [ARGS...]: a process whose names try to forge output
 * lines and send a terminal escapes: its comm is "a)\nrip 0x414141", it maps
 * DIR/"esc ESC[31m CR CSI(U+009B) red NL.dat", its command line is what the
 * test gives. Prints pid= and map_addr=, "ready", and waits until stdin closes. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char path[4096], c;
	void *p;
	int fd;

	snprintf(path, sizeof(path), "%s/esc\033[31m\r\xc2\x9bred\n.dat", argc > 1 ? argv[1] : "/tmp");
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, 4096))
		return 1;
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED || prctl(PR_SET_NAME, "a)\nrip 0x414141"))
		return 1;
	printf("pid=%d\nmap_addr=%lx\nready\n", (int)getpid(), (unsigned long)p);
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	unlink(path);
	return 0;
}
