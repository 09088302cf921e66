# x86_64: the host's own gcc 12 with musl
TRIPLET := x86_64-linux-gnu
QEMU := qemu-x86_64
HOST_PKG := 
ARCH_CFLAGS := 
ARCH_LDFLAGS := -Wl,-z,noseparate-code -Wl,-z,norelro
