# x86_64: the host's own gcc 12 with musl
TRIPLET := x86_64-linux-gnu
QEMU := qemu-x86_64
HOST_PKG :=
ARCH_CFLAGS :=
ARCH_LDFLAGS := -Wl,-z,noseparate-code -Wl,-z,norelro
# what file(1) says of its binaries' machine (tests/live/multicall.sh)
FILE_MACHINE := x86-64
# the system suite runs natively on the host: no VM
GDB_ARCH := i386:x86-64
