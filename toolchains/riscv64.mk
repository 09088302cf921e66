# riscv64: rv64gc (bookworm cross gcc 12) with musl
TRIPLET := riscv64-linux-gnu
QEMU := qemu-riscv64
HOST_PKG := gcc-riscv64-linux-gnu
ARCH_CFLAGS := 
ARCH_LDFLAGS := -Wl,-z,noseparate-code -Wl,-z,norelro
