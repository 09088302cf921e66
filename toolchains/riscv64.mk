# riscv64: rv64gc (bookworm cross gcc 12) with musl
TRIPLET := riscv64-linux-gnu
QEMU := qemu-riscv64
HOST_PKG := gcc-riscv64-linux-gnu
ARCH_CFLAGS :=
ARCH_LDFLAGS := -Wl,-z,noseparate-code -Wl,-z,norelro
# what file(1) says of its binaries' machine (tests/live/multicall.sh)
FILE_MACHINE := RISC-V
# the system suite's VM (see aarch64.mk); trixie's kernel (bookworm's riscv64
# is not an official port); OpenSBI as the firmware
DEB_ARCH := riscv64
DEB_SUITE := trixie
KERNEL_PKG := ^linux-image-6\.12\.[0-9]+\+deb13-riscv64$$
QEMU_SYSTEM := qemu-system-riscv64
QEMU_SYSTEM_PKG := qemu-system-riscv opensbi
QEMU_MACHINE := virt
CONSOLE := ttyS0
GDB_ARCH := riscv:rv64
