# armv7l: ARMv7-A hard-float (bookworm armhf cross gcc 12) with musl
TRIPLET := arm-linux-gnueabihf
QEMU := qemu-arm
HOST_PKG := gcc-arm-linux-gnueabihf
ARCH_CFLAGS := -march=armv7-a+fp -mfloat-abi=hard
ARCH_LDFLAGS :=
