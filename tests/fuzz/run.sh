#!/bin/sh
# run.sh SECONDS_PER_TARGET OUTDIR: build each tests/fuzz/fuzz_NAME.c with
# clang's libFuzzer, ASan and UBSan (the host's libc, not musl), replay
# tests/fuzz/regressions/NAME/, then fuzz it for SECONDS_PER_TARGET (0: build
# and replay only), one target at a time. Seeds come from tests/data and
# ../shared/fixtures; the corpus grows in OUTDIR/corpus/NAME across runs.
# A crashing input lands in OUTDIR/NAME-crash-* (leak-, timeout-, oom-).
# Exit status 1 if any target crashed or failed to build.
# Needs clang and its fuzzer runtime (Debian 12: clang libclang-rt-14-dev);
# installs nothing.
set -u
if [ $# -ne 2 ] || ! [ "$1" -ge 0 ] 2>/dev/null; then
	echo "usage: $0 SECONDS_PER_TARGET OUTDIR" >&2
	exit 2
fi
secs=$1
mkdir -p "$2" || exit 1
out=$(cd "$2" && pwd)
cd "$(dirname "$0")/../.." || exit 1
fixtures=../shared/fixtures/cores
CC=${CC:-clang}
CFLAGS="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -std=c11
	-D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 -Wall -Wextra -Iinclude -Iarch -Itests/fuzz"
arch=$(uname -m)
TARGETS="maps smaps proc pagemap core_read addr cfi exidx unwind elffile"

# shellcheck disable=SC2086 # CFLAGS and the source lists are word lists
cc() { $CC $CFLAGS "-DPROCBOX_ARCH=\"$arch\"" "$@"; }

# The library units each target links (lib/main.c and lib/multicall.c never).
srcs() {
	common="lib/error.c lib/out.c lib/progress.c lib/watchdog.c lib/fatal.c lib/xwrap.c"
	# shellcheck disable=SC2086
	case $1 in
	maps) echo lib/maps.c lib/addr.c lib/lines.c lib/proc.c $common ;;
	smaps) echo lib/smaps.c lib/maps.c lib/lines.c lib/proc.c $common ;;
	proc) echo lib/proc.c $common ;;
	pagemap) echo lib/pagemap.c lib/proc.c $common ;;
	core_read) echo lib/core_read.c lib/elfrec.c lib/byteorder.c arch/arch.c arch/*/*.c $common ;;
	addr) echo lib/addr.c lib/maps.c lib/lines.c lib/proc.c $common ;;
	cfi) echo lib/cfi.c lib/dwarf_expr.c arch/*/dwarf.c ;;
	exidx) echo lib/exidx.c ;;
	unwind) echo lib/unwind.c lib/modules.c lib/mapfile.c lib/elffile.c lib/symbols.c lib/cfi.c lib/dwarf_expr.c lib/exidx.c \
		lib/maps.c lib/lines.c lib/proc.c lib/elfrec.c lib/byteorder.c arch/arch.c arch/dwarf.c arch/*/*.c $common ;;
	elffile) echo lib/elffile.c lib/symbols.c lib/elfrec.c lib/byteorder.c $common ;;
	esac
}

# seed DIR FILE...: copy the files that exist into DIR, named after their path
seed() {
	d=$1
	shift
	for f; do
		[ -f "$f" ] && cp "$f" "$d/s-$(echo "$f" | tr -c 'A-Za-z0-9.\n-' _)"
	done
	return 0
}

seeds() {
	d=$out/seeds/$1
	rm -rf "$d" && mkdir -p "$d"
	case $1 in
	maps) seed "$d" tests/data/maps/* tests/data/cores/*/maps "$fixtures"/*/maps ;;
	smaps) seed "$d" tests/data/cores/*/smaps "$fixtures"/*/smaps ;;
	proc)
		seed "$d" tests/data/cores/*/status tests/data/cores/*/tasks "$fixtures"/*/status "$fixtures"/*/tasks
		for f in tests/data/cores/*/tasks; do
			head -n 1 "$f" >"$d/stat-$(basename "$(dirname "$f")")"
		done
		echo 12345 >"$d/pid"
		;;
	pagemap)
		# mode byte (full, unreadable, soft-dirty known), then entries: present
		# exclusive soft-dirty with a PFN; swapped (type 3); file page; untouched
		printf '\007\021\043\000\000\000\000\200\201' >"$d/entries"
		printf '\143\000\000\000\000\000\000\100' >>"$d/entries"
		printf '\000\020\000\000\000\000\000\240' >>"$d/entries"
		printf '\000\000\000\000\000\000\000\000' >>"$d/entries"
		;;
	core_read)
		# headers and notes lie in each core's first 16 KiB; PT_LOAD data is
		# not read by the parser, so the rest would only slow the fuzzer down
		for c in tests/data/cores/*/core.gz "$fixtures"/*/core.gz; do
			[ -f "$c" ] || continue
			gzip -dc "$c" | dd bs=16384 count=1 2>/dev/null \
				>"$d/core-$(echo "$c" | tr -c 'A-Za-z0-9.\n-' _)"
		done
		seed "$d" tests/data/cores/x86_64/target tests/data/cores/armv7l/target
		;;
	cfi)
		# real .eh_frame (with its header) and .debug_frame sections
		cfi_seed "$d" /lib/x86_64-linux-gnu/libgcc_s.so.1 8 .eh_frame
		cfi_seed "$d" /lib/x86_64-linux-gnu/libgcc_s.so.1 0 .eh_frame
		for a in x86_64 aarch64 riscv64; do
			cfi_seed "$d" "build/$a/targets/core_target" 0 .eh_frame
		done
		cfi_seed "$d" build/x86_64/cfi/debug_frame_target 1 .debug_frame
		cfi_seed "$d" build/armv7l/targets/core_target 35 .debug_frame
		;;
	exidx)
		# real .ARM.exidx and .ARM.extab sections, with and without GNU's layout
		arm=/usr/$(sed -n 's/^TRIPLET := //p' toolchains/armv7l.mk)/lib
		for f in "$arm/libgcc_s.so.1" "$arm/libc.so.6" build/armv7l/targets/core_target build/armv7l/tests/test_exidx; do
			exidx_seed "$d" "$f" 0
			exidx_seed "$d" "$f" 2
		done
		;;
	elffile)
		# static executables of every arch, 32- and 64-bit, both with
		# symbols and stripped; and their first 4 KiB (the section headers
		# lost, as in a file cut short)
		for f in tests/data/cores/*/target build/*/elf/*.stripped; do
			[ -f "$f" ] || continue
			seed "$d" "$f"
			head -c 4096 "$f" >"$d/head-$(echo "$f" | tr -c 'A-Za-z0-9.\n-' _)"
		done
		;;
	addr)
		# a maps text, then the spec on the last line
		n=0
		for f in tests/data/cores/x86_64/maps tests/data/maps/android-arm64.maps; do
			for spec in '[heap]+0x10+16' 'libc.so.6+0x1000-7fffffffffff' '0x401000+4096' '[stack]-0'; do
				n=$((n + 1))
				{ cat "$f"; printf '%s' "$spec"; } >"$d/spec$n"
			done
		done
		;;
	esac
}

# le N BYTES VALUE: VALUE as N little-endian bytes
le() {
	n=$1 v=$2
	while [ "$n" -gt 0 ]; do
		# shellcheck disable=SC2059 # the format is the byte
		printf "\\$(printf %03o $((v & 255)))"
		v=$((v >> 8)) n=$((n - 1))
	done
}

# sect ELF SECTION: the section's address, file offset and size, in hex
sect() { readelf -SW "$1" | sed -n "s/^ *\[ *[0-9]*\] //p" | awk -v s="$2" '$1 == s { print $3, $4, $5 }'; }
# bytes FILE OFFSET SIZE (hex): that part of FILE
bytes() { tail -c +$((0x$2 + 1)) "$1" | head -c $((0x$3)); }

# cfi_seed DIR ELF FLAGS SECTION: a fuzz_cfi input from an ELF's section
# (and its .eh_frame_hdr when FLAGS has 8), as fuzz_cfi.c lays it out
cfi_seed() {
	[ -f "$2" ] || return 0
	# shellcheck disable=SC2046 # three words
	set -- "$1" "$2" "$3" "$4" $(sect "$2" "$4") $(sect "$2" .eh_frame_hdr)
	[ $# -ge 7 ] || return 0
	hdr=$(mktemp)
	[ $(($3 & 8)) -ne 0 ] && [ $# -eq 10 ] && bytes "$2" "$9" "${10}" >"$hdr"
	{
		le 1 "$3"
		le 2 "$(wc -c <"$hdr")"
		le 8 "0x$5"
		le 8 "0x${8:-0}"
		cat "$hdr"
		bytes "$2" "$6" "$7"
	} >"$1/$(basename "$2")$4-$3"
	rm -f "$hdr"
}

# exidx_seed DIR ELF FLAGS: a fuzz_exidx input from an ELF's .ARM.exidx and
# .ARM.extab, as fuzz_exidx.c lays it out
exidx_seed() {
	[ -f "$2" ] || return 0
	# shellcheck disable=SC2046 # three words each
	set -- "$1" "$2" "$3" $(sect "$2" .ARM.exidx) $(sect "$2" .ARM.extab)
	[ $# -ge 6 ] || return 0
	{
		le 1 "$3"
		le 2 "$((0x$6))"
		le 4 "0x$4"
		le 4 "0x${7:-0}"
		bytes "$2" "$5" "$6"
		[ $# -eq 9 ] && bytes "$2" "$8" "$9"
	} >"$1/$(basename "$2")-$3"
}

# The executions of a target's run, from its log
execs() {
	n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$1" | tail -n 1)
	[ -n "$n" ] || n=$(sed -n 's/^#\([0-9]*\).*DONE.*/\1/p' "$1" | tail -n 1)
	echo "${n:-0}"
}

if ! command -v "$CC" >/dev/null; then
	echo "fuzz: $CC not found (Debian 12: apt-get install clang libclang-rt-14-dev)" >&2
	exit 1
fi
mkdir -p "$out/bin" "$out/corpus" "$out/seeds"
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return d && n; }\n' >"$out/probe.c"
if ! cc "$out/probe.c" -o "$out/bin/probe" 2>"$out/probe.log"; then
	cat "$out/probe.log" >&2
	echo "fuzz: $CC cannot build with -fsanitize=fuzzer,address,undefined" \
		"(Debian 12: apt-get install clang libclang-rt-14-dev)" >&2
	exit 1
fi

stamp=$out/.stamp
passed=0 failed=0
for t in $TARGETS; do
	bin=$out/bin/fuzz_$t
	log=$out/$t.log
	ok=1
	# shellcheck disable=SC2046 # srcs prints a word list
	if ! cc "tests/fuzz/fuzz_$t.c" $(srcs "$t") -o "$bin" 2>"$out/$t.build.log"; then
		cat "$out/$t.build.log" >&2
		echo "fuzz $t: build failed"
		failed=$((failed + 1))
		continue
	fi
	[ -s "$out/$t.build.log" ] && cat "$out/$t.build.log" >&2
	reg=tests/fuzz/regressions/$t
	if [ -d "$reg" ] && [ -n "$(ls "$reg")" ]; then
		n=$(ls "$reg" | wc -l)
		if "$bin" -timeout=10 "$reg"/* >"$out/$t.regress.log" 2>&1; then
			echo "regress $t: $n inputs, 0 crashes"
		else
			ok=0
			echo "regress $t: $n inputs, a crash (see $out/$t.regress.log)"
		fi
	fi
	if [ "$secs" -gt 0 ]; then
		seeds "$t"
		mkdir -p "$out/corpus/$t"
		maxlen='' regdir=''
		[ -d "$reg" ] && regdir=$reg
		[ "$t" = core_read ] && maxlen=-max_len=16384
		touch "$stamp"
		# stderr closed: the parsers' messages about bad input would fill the
		# log (sanitizer reports still reach it); replay an artifact to see all
		"$bin" -max_total_time="$secs" -print_final_stats=1 -timeout=10 -close_fd_mask=2 \
			-artifact_prefix="$out/$t-" $maxlen "$out/corpus/$t" "$out/seeds/$t" ${regdir:+"$regdir"} >"$log" 2>&1
		st=$?
		crashes=$(find "$out" -maxdepth 1 -newer "$stamp" \( -name "$t-crash-*" -o -name "$t-leak-*" \
			-o -name "$t-timeout-*" -o -name "$t-oom-*" \) | wc -l)
		[ "$st" -ne 0 ] && [ "$crashes" -eq 0 ] && crashes=1 # died without an artifact: see the log
		echo "fuzz $t: $(execs "$log") execs, $crashes crashes"
		if [ "$crashes" -ne 0 ]; then
			ok=0
			echo "  log: $log"
			find "$out" -maxdepth 1 -newer "$stamp" -name "$t-*-*" | sed 's/^/  input: /'
		fi
	fi
	if [ $ok = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
rm -f "$stamp"
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
