# loongarch64: trixie gcc 14 (unpacked on a private glibc, see setup.sh) with musl
TRIPLET := loongarch64-linux-gnu
QEMU := qemu-loongarch64
HOST_PKG := 
ARCH_CFLAGS := 
ARCH_LDFLAGS := -Wl,-z,noseparate-code -Wl,-z,norelro
