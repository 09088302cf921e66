# loongarch64: trixie gcc 14 (unpacked on a private glibc, see setup.sh) with musl
TRIPLET := loongarch64-linux-gnu
QEMU := qemu-loongarch64
HOST_PKG :=
ARCH_CFLAGS :=
ARCH_LDFLAGS := -Wl,-z,noseparate-code -Wl,-z,norelro
# what file(1) says of its binaries' machine (tests/live/multicall.sh)
FILE_MACHINE := LoongArch
# no bookworm cross compiler: these packages of CROSS_SUITE, unpacked into
# $PROCBOX_CACHE/CROSS_DIR (setup.sh); CROSS_GCC is the compiler among them
CROSS_DIR := la-gcc
CROSS_SUITE := trixie
CROSS_DEBS := gcc-14-loongarch64-linux-gnu cpp-14-loongarch64-linux-gnu gcc-14-loongarch64-linux-gnu-base binutils-loongarch64-linux-gnu libgcc-14-dev-loong64-cross
CROSS_GCC := loongarch64-linux-gnu-gcc-14
# the system suite's VM: no Debian arch, so no kernel package: the kernel is
# built from KERNEL_BUILD (a linux-source package; tinyconfig plus
# loongarch64-kernel.fragment, make ARCH=KERNEL_ARCH), busybox from
# BUSYBOX_SOURCE with our musl (system.sh)
KERNEL_BUILD := linux-source-6.12/trixie
KERNEL_ARCH := loongarch
BUSYBOX_SOURCE := busybox/trixie
QEMU_SYSTEM := qemu-system-loongarch64
QEMU_SYSTEM_PKG := qemu-system-misc
QEMU_MACHINE := virt -cpu la464
CONSOLE := ttyS0,115200
GDB_ARCH := Loongarch64
