# aarch64: bookworm gcc 12 cross compiler with musl
TRIPLET := aarch64-linux-gnu
QEMU := qemu-aarch64
HOST_PKG := gcc-aarch64-linux-gnu
ARCH_CFLAGS := 
ARCH_LDFLAGS := -Wl,-z,noseparate-code -Wl,-z,norelro
