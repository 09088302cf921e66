# procbox: one plain Makefile. make [ARCH=x86_64|aarch64|armv7l|riscv64|loongarch64] [V=1]
# Own toolchain instead of ours: make CROSS_COMPILE=aarch64-linux-musl- [CC=...]

VERSION := 0.1.0
HOST_ARCH := $(shell uname -m)
# an arch is its toolchains/ARCH.mk (its facts; arch/ARCH/ its layouts): the host's first
ALL_ARCHES := $(patsubst toolchains/%.mk,%,$(sort $(wildcard toolchains/*.mk)))
ARCHES := $(filter $(HOST_ARCH),$(ALL_ARCHES)) $(filter-out $(HOST_ARCH),$(ALL_ARCHES))
ARCH ?= $(HOST_ARCH)
ifeq ($(filter $(ARCH),$(ARCHES)),)
$(error ARCH=$(ARCH) is not one of: $(ARCHES))
endif
include toolchains/$(ARCH).mk

PROCBOX_CACHE ?= $(HOME)/.cache/procbox
export PROCBOX_CACHE
SETUP := sh toolchains/setup.sh
O := build/$(ARCH)

# Our toolchain (made by toolchains/setup.sh on first use) unless the user
# names one: CROSS_COMPILE=prefix- (CC defaults to $(CROSS_COMPILE)gcc), or CC=.
ifneq ($(origin CROSS_COMPILE),undefined)
ifeq ($(origin CC),default)
CC := $(CROSS_COMPILE)gcc
endif
else ifeq ($(origin CC),command line)
CROSS_COMPILE :=
else
TC := $(PROCBOX_CACHE)/$(ARCH)
CROSS_COMPILE := $(TC)/bin/$(TRIPLET)-
CC := $(TC)/bin/musl-gcc
TOOLCHAIN := $(TC)/.done-cmocka
endif
# SANITIZE=1: a host glibc build with ASan and UBSan of procbox and its unit
# tests (not of the test targets, whose memory the tests know), in its own O.
ifeq ($(SANITIZE),1)
ifneq ($(ARCH),$(HOST_ARCH))
$(error SANITIZE=1 builds for the host's arch only)
endif
O := build/sanitize
CC := gcc
CROSS_COMPILE :=
SAN_CFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g
# a finding exits 99, which no test takes for procbox's own exit 1 or 2
export ASAN_OPTIONS := exitcode=99
export UBSAN_OPTIONS := exitcode=99:print_stacktrace=1
endif
QEMU_BIN := $(PROCBOX_CACHE)/qemu/usr/bin/$(QEMU)
# How to run a program of $(ARCH) here: natively, or under QEMU user-mode.
RUN := $(if $(filter $(ARCH),$(HOST_ARCH)),,$(QEMU_BIN))

CFLAGS := -std=c11 -Os -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 $(ARCH_CFLAGS) \
	-Wall -Wextra -Werror -ffunction-sections -fdata-sections \
	-fno-asynchronous-unwind-tables -fno-ident -ffile-prefix-map=$(CURDIR)/= \
	-Iinclude -Iarch -I$(O) -DPROCBOX_ARCH='"$(ARCH)"' $(EXTRA_CFLAGS)
# ARCH_LDFLAGS (toolchains/ARCH.mk): where RELRO and separate code segments
# only add alignment padding to a static binary (64 KiB on arm64), drop them.
LDFLAGS := -static -Wl,--gc-sections -Wl,--build-id=none $(ARCH_LDFLAGS) $(EXTRA_LDFLAGS)
# what procbox and its unit tests are built with (the targets: plain CFLAGS)
PB_CFLAGS := $(CFLAGS) $(SAN_CFLAGS)
PB_LDFLAGS := $(if $(SAN_CFLAGS),$(SAN_CFLAGS),$(LDFLAGS))

ifeq ($(V),1)
Q :=
say :=
else
Q := @
say = @printf '  %-6s %s\n' $(1) $(2);
endif

SRCS := $(sort $(wildcard lib/*.c arch/*.c arch/*/*.c applets/*.c))
OBJS := $(SRCS:%.c=$(O)/obj/%.o)
LIB_OBJS := $(filter-out $(O)/obj/lib/main.o,$(OBJS))
TESTS := $(patsubst tests/unit/%.c,$(O)/tests/%,$(sort $(wildcard tests/unit/test_*.c)))
CASES := $(notdir $(wildcard tests/data/cores/*))
FIXTURE_CORES := $(CASES:%=build/fixtures/%/core)
TARGETS := $(patsubst tests/targets/%.c,$(O)/targets/%,$(sort $(wildcard tests/targets/*.c)))

.PHONY: bench all all-arches sizes check check-unit check-live check-system check-all fuzz check-repro demo toolchain clean FORCE
all: $(O)/procbox

toolchain: $(TOOLCHAIN) $(if $(RUN),$(QEMU_BIN))
$(PROCBOX_CACHE)/%/.done-cmocka:
	$(SETUP) $*
$(QEMU_BIN):
	$(SETUP) $(ARCH)

$(O)/rev.h: FORCE
	@mkdir -p $(@D)
	@rev=$$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown); \
	git diff --quiet HEAD -- 2>/dev/null || rev=$$rev-dirty; \
	printf '#define PROCBOX_VERSION "%s"\n#define PROCBOX_REV "%s"\n' '$(VERSION)' "$$rev" >$@.tmp; \
	cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

$(O)/obj/%.o: %.c | $(TOOLCHAIN)
	@mkdir -p $(@D)
	$(call say,CC,$<)$(CC) $(PB_CFLAGS) -MMD -MP -c $< -o $@

$(O)/obj/lib/multicall.o: $(O)/rev.h

$(O)/procbox: $(OBJS) Makefile toolchains/$(ARCH).mk
	$(call say,LD,$@)$(CC) $(PB_CFLAGS) $(PB_LDFLAGS) $(OBJS) -o $@.unstripped
	$(Q)$(if $(SAN_CFLAGS),cp $@.unstripped $@,$(CROSS_COMPILE)strip -o $@ $@.unstripped)

$(O)/tests/%: tests/unit/%.c tests/unit/testutil.h $(LIB_OBJS) | $(TOOLCHAIN)
	@mkdir -p $(@D)
	$(call say,TEST,$@)$(CC) $(PB_CFLAGS) -Itests/unit $(PB_LDFLAGS) $< $(LIB_OBJS) -lcmocka -o $@

# Targets carry debug info and unwind tables: gdb walks their stacks in cores.
$(O)/targets/%: tests/targets/%.c $(wildcard tests/targets/*.h) | $(TOOLCHAIN)
	@mkdir -p $(@D)
	$(call say,CC,$@)$(CC) $(CFLAGS) -g -fasynchronous-unwind-tables $(LDFLAGS) $< -o $@ -lpthread

build/fixtures/%/core: tests/data/cores/%/core.gz
	@mkdir -p $(@D)
	$(Q)gzip -dc $< >$@.tmp && mv $@.tmp $@

# Unit tests of $(ARCH), under QEMU user-mode when it is not the host's.
check-unit: $(TESTS) $(FIXTURE_CORES) toolchain
	@fail=0; for t in $(TESTS); do \
		echo "== $$t$(if $(RUN), (under $(QEMU)))"; \
		PROCBOX_DATA=tests/data PROCBOX_FIXTURES=build/fixtures $(if $(RUN),PROCBOX_QEMU=$(QEMU)) $(RUN) $$t || fail=1; \
	done; exit $$fail

# Tests of the binary itself (every arch) and, on the host, of live processes.
check-live: $(O)/procbox $(TARGETS) $(FIXTURE_CORES) toolchain
	@fail=0; for t in $(filter-out %/lib.sh,$(sort $(wildcard tests/live/*.sh))); do \
		echo "== $$t ($(ARCH))"; \
		PROCBOX="$(O)/procbox" TARGETS="$(CURDIR)/$(O)/targets" RUN="$(RUN)" ARCH=$(ARCH) SANITIZE=$(SANITIZE) sh $$t || fail=1; \
	done; exit $$fail

check: check-unit check-live

# The live suite on a real kernel of $(ARCH): its Linux under full-system QEMU
# (kernel, busybox, QEMU by toolchains/system.sh), natively on the host's arch.
# The VM also runs the target built for each arch in COMPAT (toolchains/ARCH.mk:
# aarch64's runs 32-bit ARM tasks).
SYSTEM := $(if $(RUN),$(PROCBOX_CACHE)/system/$(ARCH)/.done)
$(PROCBOX_CACHE)/system/%/.done:
	sh toolchains/system.sh $*
COMPAT_TARGETS := $(COMPAT:%=build/%/targets/core_target)
$(COMPAT_TARGETS): FORCE
	@$(MAKE) --no-print-directory ARCH=$(word 2,$(subst /, ,$@)) $@
check-system: $(O)/procbox $(TARGETS) $(SYSTEM) $(COMPAT_TARGETS)
	@echo "== tests/system ($(ARCH), $(if $(RUN),Linux under qemu-system,native))"
	@sh tests/system/run.sh $(ARCH) $(O)

# libFuzzer (clang, ASan, UBSan, the host's glibc) on every parser of outside
# input: the regressions replayed, then FUZZ_SECONDS of fuzzing per parser.
FUZZ_SECONDS ?= 60
fuzz: $(PROCBOX_CACHE)/x86_64/.done-cmocka
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) build/fuzz

# Two builds of the same tree must give the same bytes.
check-repro:
	@rm -rf build/repro && mkdir -p build/repro
	$(Q)$(MAKE) -s O=build/repro/a all && $(MAKE) -s O=build/repro/b all
	@cmp build/repro/a/procbox build/repro/b/procbox && echo "reproducible: build/repro/{a,b}/procbox are identical"

# Every toolchain first: the host's tests use binutils 2.44's readelf (the
# loongarch64 one; bookworm's 2.40 cannot decode a 64-bit core's NT_FILE).
check-all:
	@for a in $(ARCHES); do $(MAKE) --no-print-directory ARCH=$$a toolchain || exit 1; done
	@for a in $(ARCHES); do $(MAKE) --no-print-directory ARCH=$$a check check-system || exit 1; done
	@$(MAKE) --no-print-directory SANITIZE=1 check
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=15
	@$(MAKE) --no-print-directory check-repro

all-arches:
	@for a in $(ARCHES); do $(MAKE) --no-print-directory ARCH=$$a all || exit 1; done

sizes: all-arches
	@printf '%-12s %9s %9s %7s %7s\n' arch file text data bss
	@for a in $(ARCHES); do \
		t=$$(sed -n 's/^TRIPLET := //p' toolchains/$$a.mk); \
		$(PROCBOX_CACHE)/$$a/bin/$$t-size build/$$a/procbox | awk -v a=$$a -v f=$$(stat -c %s build/$$a/procbox) \
			'NR==2 { printf "%-12s %9d %9d %7d %7d\n", a, f, $$1, $$2, $$3 }'; \
	done

$(O)/bench/floor: bench/floor.c | $(TOOLCHAIN)
	@mkdir -p $(@D)
	$(call say,CC,$@)$(CC) $(CFLAGS) $(LDFLAGS) $< -o $@

# Speed against the peers measured in the same run (host only).
bench: $(O)/procbox $(TARGETS) $(O)/bench/floor
	@command -v pmap >/dev/null && test -x /usr/bin/time || { echo "bench: needs procps and time (apt-get install procps time)"; exit 1; }
	@echo "== pmaps"; sh bench/pmaps.sh $(O)/procbox $(O)/targets
	@echo "== pcore, pdump"; python3 bench/dumps.py $(O)/procbox $(O)/targets $(O)/bench/floor

# Start a small target and run the applets on it.
demo: $(O)/procbox
	@sh tests/demo.sh $(O)/procbox

clean:
	rm -rf build

-include $(OBJS:.o=.d)
