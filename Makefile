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
# No function of procbox may take more than 16 KiB of stack: the devices it
# runs on may give small stacks (checked by gcc; not under ASan, which pads).
STACK_CFLAGS := $(if $(SAN_CFLAGS),,-Wstack-usage=16384)
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

.PHONY: bench all all-arches stack-targets sizes check check-unit check-live check-system check-all fuzz check-repro demo toolchain clean FORCE
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
	$(call say,CC,$<)$(CC) $(PB_CFLAGS) $(STACK_CFLAGS) -MMD -MP -c $< -o $@

$(O)/obj/lib/multicall.o: $(O)/rev.h

$(O)/procbox: $(OBJS) Makefile toolchains/$(ARCH).mk
	$(call say,LD,$@)$(CC) $(PB_CFLAGS) $(PB_LDFLAGS) $(OBJS) -o $@.unstripped
	$(Q)$(if $(SAN_CFLAGS),cp $@.unstripped $@,$(CROSS_COMPILE)strip -o $@ $@.unstripped)

# A unit test's own flags: TEST_CFLAGS_<name>. test_cfi walks its own stack
# with its own CFI (32-bit Arm writes DWARF CFI only with -g).
TEST_CFLAGS_test_cfi := -fasynchronous-unwind-tables -g
# test_exidx walks its own stack with its .ARM.exidx (Arm EHABI tables, no DWARF).
TEST_CFLAGS_test_exidx := -funwind-tables
$(O)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(LIB_OBJS) | $(TOOLCHAIN)
	@mkdir -p $(@D)
	$(call say,TEST,$@)$(CC) $(PB_CFLAGS) $(TEST_CFLAGS_$*) -Itests/unit $(PB_LDFLAGS) $< $(LIB_OBJS) -lcmocka -o $@

# Targets carry debug info and unwind tables: gdb walks their stacks in cores.
$(O)/targets/%: tests/targets/%.c $(wildcard tests/targets/*.h) | $(TOOLCHAIN)
	@mkdir -p $(@D)
	$(call say,CC,$@)$(CC) $(CFLAGS) -g -fasynchronous-unwind-tables $(LDFLAGS) $< -o $@ -lpthread

# stack_target built the ways pstack must unwind (tests/live/pstack.sh,
# tests/system/guest.sh), not stripped, each variant's flags whole here
# (no -g where a variant is to have no CFI: -g writes .debug_frame):
STACK_CFLAGS_BASE := -std=c11 -D_GNU_SOURCE $(ARCH_CFLAGS) -Wall -Wextra -Werror -ffile-prefix-map=$(CURDIR)/=
#   fp:   -O2, frame pointer kept, no unwind tables: the frame-pointer chain
STACK_FLAGS_fp := -O2 -fno-omit-frame-pointer -fno-asynchronous-unwind-tables -fno-unwind-tables
#   nofp: -O2, neither frame pointer nor any CFI: the link register and the scan
STACK_FLAGS_nofp := -O2 -fomit-frame-pointer -fno-asynchronous-unwind-tables -fno-unwind-tables
#   O2:   -O2 with CFI (.eh_frame; 32-bit Arm: .ARM.exidx, its CFI without -g)
STACK_FLAGS_O2 := -O2 -fasynchronous-unwind-tables
#   thumb (armv7l): -O2 Thumb-2 code, .ARM.exidx
STACK_FLAGS_thumb := -O2 -mthumb -fasynchronous-unwind-tables
#   thumbfp (armv7l, with procbox's toolchain): -O2 Thumb-2 by clang, which
#   keeps r7 as a frame record (GCC's Thumb r7 is none), no unwind tables
STACK_FLAGS_thumbfp := -O2 -mthumb -fno-omit-frame-pointer -fno-asynchronous-unwind-tables -fno-unwind-tables
STACK_VARIANTS := fp nofp O2 $(if $(filter armv7l,$(ARCH)),thumb $(if $(TC),thumbfp))
#   glibc (the host's arch only, the host's gcc): dynamic, -O2 without frame
#   pointer, CFI and full debug info (gdb attached is the oracle); -rdynamic
#   puts the target's functions in .dynsym, all that glibc-stripped
#   (strip --strip-all of it) keeps to name them
STACK_FLAGS_glibc := -O2 -fomit-frame-pointer -fasynchronous-unwind-tables -g -rdynamic
HOST_CC := gcc
STACK_TARGETS := $(O)/targets/stack_target $(STACK_VARIANTS:%=$(O)/targets/stack_target-%) \
	$(if $(filter $(HOST_ARCH),$(ARCH)),$(O)/targets/stack_target-glibc $(O)/targets/stack_target-glibc-stripped)
$(O)/targets/stack_target-%: tests/targets/stack_target.c | $(TOOLCHAIN)
	@mkdir -p $(@D)
	$(call say,CC,$@)$(CC) $(STACK_CFLAGS_BASE) $(STACK_FLAGS_$*) $(LDFLAGS) $< -o $@ -lpthread
$(O)/targets/stack_target-thumbfp: tests/targets/stack_target.c | $(TOOLCHAIN)
	@mkdir -p $(@D)
	$(call say,CLANG,$@)clang --target=armv7a-linux-musleabihf $(STACK_CFLAGS_BASE) $(STACK_FLAGS_thumbfp) \
		-nostdinc -isystem "$$(clang -print-resource-dir)/include" -isystem $(TC)/include -c $< -o $@.o && \
		$(CC) $(LDFLAGS) $@.o -o $@ -lpthread && rm -f $@.o
$(O)/targets/stack_target-glibc: tests/targets/stack_target.c
	@mkdir -p $(@D)
	$(call say,CC,$@)$(HOST_CC) $(STACK_CFLAGS_BASE) $(STACK_FLAGS_glibc) $< -o $@ -pthread
$(O)/targets/stack_target-glibc-stripped: $(O)/targets/stack_target-glibc
	$(call say,STRIP,$@)strip --strip-all -o $@ $<
stack-targets: $(STACK_TARGETS)

build/fixtures/%/core: tests/data/cores/%/core.gz
	@mkdir -p $(@D)
	$(Q)gzip -dc $< >$@.tmp && mv $@.tmp $@

# test_cfi's oracle: binutils' readelf -wF (links to separate debug files not
# followed) of real ELF files of $(ARCH): the test targets, one of them built
# with .debug_frame rather than .eh_frame, test_cfi itself, and the libc and
# libgcc_s of $(ARCH) where the host has them (the cross compilers' packages).
CFI_ELFS := $(TARGETS) $(O)/cfi/debug_frame_target $(O)/tests/test_cfi \
	$(wildcard $(foreach d,/lib/$(TRIPLET) /usr/$(TRIPLET)/lib,$(d)/libc.so.6 $(d)/libgcc_s.so.1))
$(O)/cfi/debug_frame_target: tests/targets/core_target.c $(wildcard tests/targets/*.h) | $(TOOLCHAIN)
	@mkdir -p $(@D)
	$(call say,CC,$@)$(CC) $(CFLAGS) -fno-unwind-tables -g $(LDFLAGS) $< -o $@ -lpthread
$(O)/cfi/oracle: $(CFI_ELFS)
	@mkdir -p $(@D)
	$(call say,READELF,$@)rm -f $@.tmp; for f in $^; do \
		o=$(@D)/$$(echo "$$f" | tr / _).wF; \
		$(CROSS_COMPILE)readelf -wNF "$$f" >"$$o" || exit 1; \
		echo "$$f $$o" >>$@.tmp; \
	done; mv $@.tmp $@

# The files test_elffile's oracle reads (below); test_exidx's reads their
# armv7l ones too.
ELF_ORACLE_FILES := $(wildcard $(foreach a,$(ARCHES),build/$(a)/targets/core_target \
	build/$(a)/targets/stack_target) tests/data/cores/*/target /lib/*-linux-gnu*/libc.so.6 /usr/*-linux-gnu*/lib/libc.so.6)

# test_exidx's oracle: binutils' readelf -u of 32-bit Arm files, on every arch
# (the decoding reads files, so any build checks them): the libc, libgcc_s
# and libstdc++ of the armhf cross compiler's packages, and the armv7l test
# targets and test_exidx (made by ARCH=armv7l's check-unit). A file not there
# is listed "absent", and the test says so.
ARM_TRIPLET := $(shell sed -n 's/^TRIPLET := //p' toolchains/armv7l.mk)
EXIDX_ELFS := $(foreach l,libc.so.6 libgcc_s.so.1 libstdc++.so.6, \
	$(firstword $(wildcard /usr/$(ARM_TRIPLET)/lib/$(l) /lib/$(ARM_TRIPLET)/$(l)) /usr/$(ARM_TRIPLET)/lib/$(l))) \
	$(patsubst tests/targets/%.c,build/armv7l/targets/%,$(sort $(wildcard tests/targets/*.c))) \
	build/armv7l/tests/test_exidx
# (after the armv7l builds the ELF oracle below rebuilds, a compat arch's
# included: else readelf reads one build and the test the next)
$(O)/exidx/oracle: $(if $(filter armv7l,$(ARCH)),$(TARGETS) $(O)/tests/test_exidx) \
		$(filter build/armv7l/%,$(ELF_ORACLE_FILES)) FORCE
	@mkdir -p $(@D)
	$(call say,READELF,$@)rm -f $@.tmp; for f in $(EXIDX_ELFS); do \
		if [ -f "$$f" ]; then \
			o=$(@D)/$$(echo "$$f" | tr / _).u; \
			$(CROSS_COMPILE)readelf -u "$$f" >"$$o" || exit 1; \
			echo "$$f $$o" >>$@.tmp; \
		else \
			echo "absent $$f" >>$@.tmp; \
		fi; \
	done; mv $@.tmp $@

# test_elffile's and test_symbols' oracle: binutils' readelf -hlSsnW (each
# file's own arch's) of real ELF files of every arch, the reader being
# arch-neutral: each arch's test targets where built (make ARCH=A
# build/A/targets/core_target build/A/targets/stack_target), the fixtures'
# targets and a stripped copy of each, each arch's libc.so.6 where the host
# has it. A file or readelf missing is listed as such, and the tests say so.
$(O)/elf/oracle: $(ELF_ORACLE_FILES) Makefile
	@mkdir -p $(@D)
	$(call say,READELF,$@)rm -f $@.tmp; for a in $(ARCHES); do \
		t=$$(sed -n 's/^TRIPLET := //p' toolchains/$$a.mk); \
		bin=$(PROCBOX_CACHE)/$$a/bin/$$t-; [ -x "$${bin}readelf" ] || bin=/usr/bin/$$t-; \
		libc=/usr/$$t/lib/libc.so.6; [ -f "$$libc" ] || [ ! -f /lib/$$t/libc.so.6 ] || libc=/lib/$$t/libc.so.6; \
		strip=$(@D)/$$a-target.stripped; rm -f "$$strip"; \
		[ ! -f tests/data/cores/$$a/target ] || [ ! -x "$${bin}strip" ] || \
			$${bin}strip -o "$$strip" tests/data/cores/$$a/target || exit 1; \
		for f in build/$$a/targets/core_target build/$$a/targets/stack_target tests/data/cores/$$a/target \
			"$$strip" "$$libc"; do \
			if [ ! -x "$${bin}readelf" ]; then echo "missing $$a $$f: no $${bin}readelf" >>$@.tmp; \
			elif [ ! -f "$$f" ]; then echo "missing $$a $$f: not here" >>$@.tmp; \
			else o=$(@D)/$$(echo "$$f" | tr / _).txt; \
				$${bin}readelf -hlSsnW "$$f" >"$$o" || exit 1; \
				echo "$$a $$f $$o" >>$@.tmp; fi; \
		done; \
	done; mv $@.tmp $@

# Unit tests of $(ARCH), under QEMU user-mode when it is not the host's.
check-unit: $(TESTS) $(FIXTURE_CORES) $(O)/cfi/oracle $(O)/exidx/oracle $(O)/elf/oracle toolchain
	@fail=0; for t in $(TESTS); do \
		echo "== $$t$(if $(RUN), (under $(QEMU)))"; \
		PROCBOX_DATA=tests/data PROCBOX_FIXTURES=build/fixtures PROCBOX_CFI_ORACLE=$(O)/cfi/oracle \
		PROCBOX_EXIDX_ORACLE=$(O)/exidx/oracle PROCBOX_ELF_ORACLE=$(O)/elf/oracle \
		$(if $(RUN),PROCBOX_QEMU=$(QEMU)) $(RUN) $$t || fail=1; \
	done; exit $$fail

# Tests of the binary itself (every arch) and, on the host, of live processes.
check-live: $(O)/procbox $(TARGETS) $(STACK_TARGETS) $(FIXTURE_CORES) toolchain
	@fail=0; for t in $(filter-out %/lib.sh,$(sort $(wildcard tests/live/*.sh))); do \
		echo "== $$t ($(ARCH))"; \
		PROCBOX="$(O)/procbox" TARGETS="$(CURDIR)/$(O)/targets" RUN="$(RUN)" QEMU_USER="$(QEMU_BIN)" ARCH=$(ARCH) \
		SANITIZE=$(SANITIZE) sh $$t || fail=1; \
	done; exit $$fail

check: check-unit check-live

# The live suite on a real kernel of $(ARCH): its Linux under full-system QEMU
# (kernel, busybox, QEMU by toolchains/system.sh), natively on the host's arch.
# The VM also runs the target built for each arch in COMPAT (toolchains/ARCH.mk:
# aarch64's runs 32-bit ARM tasks).
SYSTEM := $(if $(RUN),$(PROCBOX_CACHE)/system/$(ARCH)/.done)
$(PROCBOX_CACHE)/system/%/.done:
	sh toolchains/system.sh $*
# (each with its stack_target variants)
COMPAT_TARGETS := $(COMPAT:%=build/%/targets/core_target)
$(COMPAT_TARGETS): FORCE
	@$(MAKE) --no-print-directory ARCH=$(word 2,$(subst /, ,$@)) $@ stack-targets
check-system: $(O)/procbox $(TARGETS) $(STACK_TARGETS) $(SYSTEM) $(COMPAT_TARGETS)
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

$(O)/bench/%: bench/%.c | $(TOOLCHAIN)
	@mkdir -p $(@D)
	$(call say,CC,$@)$(CC) $(CFLAGS) $(LDFLAGS) $< -o $@

# Speed against the peers measured in the same run (host only).
bench: $(O)/procbox $(TARGETS) $(O)/bench/floor $(O)/bench/stopfloor
	@command -v pmap >/dev/null && test -x /usr/bin/time && command -v eu-stack >/dev/null || \
		{ echo "bench: needs procps, time and elfutils (apt-get install procps time elfutils)"; exit 1; }
	@echo "== pmaps"; sh bench/pmaps.sh $(O)/procbox $(O)/targets
	@echo "== pcore, pdump"; python3 bench/dumps.py $(O)/procbox $(O)/targets $(O)/bench/floor
	@echo "== pstack"; python3 bench/pstack.py $(O)/procbox $(O)/targets $(O)/bench/stopfloor

# Start a small target and run the applets on it.
demo: $(O)/procbox
	@sh tests/demo.sh $(O)/procbox

clean:
	rm -rf build

-include $(OBJS:.o=.d)
