/* uffd.h: the few userfaultfd definitions the tests use (<linux/userfaultfd.h>
 * is not in every musl toolchain), from the kernel's UAPI */
#ifndef TEST_UFFD_H
#define TEST_UFFD_H

#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>

#define UFFD_API 0xAAull
struct uffdio_api { uint64_t api, features, ioctls; };
struct uffdio_range { uint64_t start, len; };
struct uffdio_register { struct uffdio_range range; uint64_t mode, ioctls; };
struct uffdio_copy { uint64_t dst, src, len, mode; int64_t copy; };
#define UFFDIO_REGISTER_MODE_MISSING 1ull
#define UFFDIO_API _IOWR(0xAA, 0x3F, struct uffdio_api)
#define UFFDIO_REGISTER _IOWR(0xAA, 0x00, struct uffdio_register)
#define UFFDIO_COPY _IOWR(0xAA, 0x03, struct uffdio_copy)

static inline int uffd_open(void)
{
	return syscall(SYS_userfaultfd, 02000000 /* O_CLOEXEC */ | 04000 /* O_NONBLOCK */);
}

#endif
