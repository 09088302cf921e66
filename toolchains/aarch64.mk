# aarch64: bookworm gcc 12 cross compiler with musl
TRIPLET := aarch64-linux-gnu
QEMU := qemu-aarch64
HOST_PKG := gcc-aarch64-linux-gnu
ARCH_CFLAGS :=
ARCH_LDFLAGS := -Wl,-z,noseparate-code -Wl,-z,norelro
# what file(1) says of its binaries' machine (tests/live/multicall.sh)
FILE_MACHINE := ARM aarch64
# the system suite's VM (toolchains/system.sh, tests/system/run.sh): Debian's
# kernel (the newest package matching KERNEL_PKG) and busybox-static of DEB_ARCH
DEB_ARCH := arm64
DEB_SUITE := bookworm
KERNEL_PKG := ^linux-image-6\.1\.0-[0-9]+-arm64-unsigned$$
QEMU_SYSTEM := qemu-system-aarch64
QEMU_SYSTEM_PKG := qemu-system-arm
QEMU_MACHINE := virt -cpu cortex-a57
CONSOLE := ttyAMA0
GDB_ARCH := aarch64
# its kernel runs this arch's tasks too: the suite runs again on its build of the target
COMPAT := armv7l
