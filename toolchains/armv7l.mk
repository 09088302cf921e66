# armv7l: ARMv7-A hard-float (bookworm armhf cross gcc 12) with musl
TRIPLET := arm-linux-gnueabihf
QEMU := qemu-arm
HOST_PKG := gcc-arm-linux-gnueabihf
ARCH_CFLAGS := -march=armv7-a+fp -mfloat-abi=hard
ARCH_LDFLAGS := -Wl,-z,norelro
# what file(1) says of its binaries' machine (tests/live/multicall.sh)
FILE_MACHINE := ARM, EABI5
# the system suite's VM (see aarch64.mk)
DEB_ARCH := armhf
DEB_SUITE := bookworm
KERNEL_PKG := ^linux-image-6\.1\.0-[0-9]+-armmp$$
QEMU_SYSTEM := qemu-system-arm
QEMU_SYSTEM_PKG := qemu-system-arm
QEMU_MACHINE := virt -cpu cortex-a15
CONSOLE := ttyAMA0
GDB_ARCH := arm
