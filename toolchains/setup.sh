#!/bin/sh
# toolchains/setup.sh [ARCH...]
#
# Takes a bare Debian 12 (bookworm) x86_64 machine to what procbox needs to
# build and test: for each ARCH (default: every toolchains/ARCH.mk, whose
# facts say where its compiler comes from) a static musl toolchain,
# cmocka built against it, and QEMU user-mode. Idempotent: finished steps
# leave a stamp and are skipped. Everything built lives under $PROCBOX_CACHE
# (default ~/.cache/procbox), outside the source tree. Host packages come
# only from the host's own bookworm sources; trixie and bookworm-backports
# are read through a private apt configuration (no edit of /etc/apt), and
# their .debs are unpacked into the cache, never installed on the host.
set -eu
# When make runs us, its command-line variables (ARCH=armv7l) would reach
# musl's own make through MAKEFLAGS and override musl's ARCH.
unset MAKEFLAGS MFLAGS MAKELEVEL

here=$(cd "$(dirname "$0")" && pwd)
TOOLCHAINS=$here
. "$here/archfacts.sh"
C=${PROCBOX_CACHE:-$HOME/.cache/procbox}
ALL=$(arches)
MUSL_VER=1.2.5
CMOCKA_VER=1.1.5
JOBS=$(nproc 2>/dev/null || echo 2)

say() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

[ "$(uname -m)" = x86_64 ] || die "the setup expects an x86_64 Debian host"
[ $# -gt 0 ] || set -- $ALL
for a; do is_arch "$a" || die "unknown arch '$a' (one of: $ALL)"; done

# --- host packages (bookworm, from the host's own sources) -------------------
need=""
want_host() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed' || need="$need $1"; }
# the tests also use file, python3 (JSON checks), procps (pmap, to compare
# with), gdb, util-linux's script (a terminal); SANITIZE=1 builds against the
# host's libcmocka; make fuzz needs clang and its fuzzer runtime; the hostile
# suite builds a FUSE daemon (libfuse3) and runs fusermount3
for p in gcc make file patchelf xz-utils ca-certificates binutils python3 procps gdb bsdutils \
	libcmocka-dev clang libclang-rt-14-dev libfuse3-dev fuse3; do want_host "$p"; done
for a; do for p in $(fact "$a" HOST_PKG); do want_host "$p"; done; done
if [ -n "$need" ]; then
	say "installing host packages:$need"
	export DEBIAN_FRONTEND=noninteractive
	mkdir -p "$C"
	# a fresh machine's own apt run may hold the dpkg lock: wait for it
	{ apt-get -q -o DPkg::Lock::Timeout=600 update &&
		apt-get -q -o DPkg::Lock::Timeout=600 install -y --no-install-recommends $need; } \
		>"$C/host-apt.log" 2>&1 || { tail -n 20 "$C/host-apt.log" >&2; die "apt-get failed (log: $C/host-apt.log)"; }
fi

# --- private apt for trixie / bookworm-backports ------------------------------
APTD=$C/apt
aptx() {
	apt-get -q -o Dir::Etc::sourcelist="$APTD/sources.list" -o Dir::Etc::sourceparts=- \
		-o Dir::State::Lists="$APTD/lists" -o Dir::Cache="$APTD/cache" \
		-o Dir::State::status=/dev/null -o Debug::NoLocking=1 \
		-o APT::Sandbox::User=root "$@"
}
apt_ready() {
	[ -f "$APTD/.updated" ] && return 0
	say "reading trixie and bookworm-backports package lists (private, /etc/apt untouched)"
	mkdir -p "$APTD/lists/partial" "$APTD/cache/archives/partial"
	cat >"$APTD/sources.list" <<-EOF
	deb http://deb.debian.org/debian bookworm-backports main
	deb http://deb.debian.org/debian trixie main
	deb-src http://deb.debian.org/debian trixie main
	deb-src http://deb.debian.org/debian bookworm main
	EOF
	aptx update >&2
	touch "$APTD/.updated"
}
# fetch PKG/SUITE... into $C/debs (download only)
fetch_debs() {
	apt_ready
	mkdir -p "$C/debs"
	(cd "$C/debs" && aptx download "$@" >&2)
}

# --- QEMU user-mode 10 (bookworm-backports; static binaries) ------------------
if [ ! -f "$C/qemu/.done" ]; then
	say "QEMU user-mode 10 from bookworm-backports"
	fetch_debs qemu-user/bookworm-backports
	rm -rf "$C/qemu"; mkdir -p "$C/qemu"
	dpkg-deb -x "$C"/debs/qemu-user_*bpo12*.deb "$C/qemu"
	touch "$C/qemu/.done"
fi

# --- a cross gcc bookworm lacks (loongarch64: trixie's gcc 14 and binutils
# 2.44), unpacked from its suite's .debs and run on that suite's glibc -------
private_gcc() {
	L=$C/$(fact "$1" CROSS_DIR) suite=$(fact "$1" CROSS_SUITE)
	[ -f "$L/.done" ] && return 0
	say "$1: cross $(fact "$1" CROSS_GCC) from $suite, run on $suite's glibc via patchelf"
	# the packages, and what the compiler runs on (the suite's amd64 libraries)
	debs=
	for p in $(fact "$1" CROSS_DEBS) libc6 libgmp10 libisl23 libmpc3 libmpfr6 libzstd1 zlib1g libjansson4 \
		libsframe1 libgcc-s1 libstdc++6; do debs="$debs $p/$suite"; done
	apt_ready
	rm -rf "$C/debs/$1"; mkdir -p "$C/debs/$1"
	(cd "$C/debs/$1" && aptx download $debs >&2)
	rm -rf "$L"; mkdir -p "$L"
	for d in "$C/debs/$1"/*.deb; do
		dpkg-deb -x "$d" "$L"
	done
	# usr/lib64/ld-linux-x86-64.so.2 in the .deb is an absolute link to the
	# host's (older) loader: use the real file. DT_RPATH (--force-rpath), unlike
	# DT_RUNPATH, also serves the libraries' own dependencies.
	interp=$L/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
	[ -f "$interp" ] || die "$suite libc6 has no ld-linux-x86-64.so.2"
	rpath=$L/usr/lib/x86_64-linux-gnu
	find "$L/usr/bin" "$L/usr/libexec" "$L/usr/$(fact "$1" TRIPLET)/bin" -type f | while read -r f; do
		if patchelf --print-interpreter "$f" >/dev/null 2>&1; then
			patchelf --set-interpreter "$interp" --force-rpath --set-rpath "$rpath" "$f"
		fi
	done
	ln -sf "$(fact "$1" CROSS_GCC)" "$L/usr/bin/$(fact "$1" TRIPLET)-gcc"
	"$L/usr/bin/$(fact "$1" TRIPLET)-gcc" --version >/dev/null || die "$1: $(fact "$1" CROSS_GCC) does not run"
	touch "$L/.done"
}

# --- sources: musl (trixie) and cmocka (bookworm) ---------------------------------
sources() {
	[ -f "$C/src/.done" ] && return 0
	say "fetching musl $MUSL_VER (trixie) and cmocka $CMOCKA_VER (bookworm) sources"
	apt_ready
	mkdir -p "$C/src"
	(cd "$C/src" && aptx source --download-only musl/trixie cmocka/bookworm >&2)
	(cd "$C/src" && tar xzf musl_$MUSL_VER.orig.tar.gz && tar xJf cmocka_$CMOCKA_VER.orig.tar.xz)
	touch "$C/src/.done"
}

# --- per arch: musl, tool links, cmocka --------------------------------------------
for a; do
	T=$C/$a
	triplet=$(fact "$a" TRIPLET)
	cflags=$(fact "$a" ARCH_CFLAGS)
	[ -z "$(fact "$a" CROSS_DIR)" ] || private_gcc "$a"
	bindir=$(cross_bindir "$a" "$C")
	real=$bindir/$triplet-gcc
	[ -x "$real" ] || die "$a: no compiler $real"

	if [ ! -f "$T/.done-musl" ]; then
		sources
		say "$a: building musl $MUSL_VER with $real"
		b=$C/build/musl-$a; rm -rf "$b" "$T"; mkdir -p "$b"
		(cd "$b" && "$C/src/musl-$MUSL_VER/configure" --prefix="$T" --target="$triplet" \
			CROSS_COMPILE="$bindir/$triplet-" CC="$real" CFLAGS="-Os $cflags" \
			--disable-shared --enable-wrapper=gcc && make -j"$JOBS" && make install) \
			>"$C/build/musl-$a.log" 2>&1 || { tail -n 20 "$C/build/musl-$a.log" >&2; die "$a: musl build failed (log: $C/build/musl-$a.log)"; }
		# the wrapper must find its compiler without PATH help
		sed -i "s|^exec \"\${REALGCC:-[^}]*}\"|exec \"\${REALGCC:-$real}\"|" "$T/bin/musl-gcc"
		# binutils under one uniform prefix: $T/bin/$triplet-{strip,size,...}
		for t in ar as ld nm objcopy objdump readelf size strip; do
			ln -sf "$bindir/$triplet-$t" "$T/bin/$triplet-$t"
		done
		rm -rf "$b"
		touch "$T/.done-musl"
	fi

	if [ ! -f "$T/.done-cmocka" ]; then
		sources
		say "$a: building cmocka $CMOCKA_VER"
		s=$C/src/cmocka-$CMOCKA_VER
		b=$C/build/cmocka-$a; rm -rf "$b"; mkdir -p "$b"
		cat >"$b/config.h" <<-EOF
		#define HAVE_SETJMP_H 1
		#define HAVE_SIGNAL_H 1
		#define HAVE_STDARG_H 1
		#define HAVE_STDDEF_H 1
		#define HAVE_STDINT_H 1
		#define HAVE_INTTYPES_H 1
		#define HAVE_STRINGS_H 1
		#define HAVE_STRING_H 1
		#define HAVE_STDLIB_H 1
		#define HAVE_STDIO_H 1
		#define HAVE_TIME_H 1
		#define HAVE_UNISTD_H 1
		#define HAVE_MALLOC_H 1
		#define HAVE_STRUCT_TIMESPEC 1
		#define HAVE_SIGNAL 1
		#define HAVE_STRSIGNAL 1
		#define HAVE_SIGLONGJMP 1
		#define HAVE_CLOCK_GETTIME 1
		#define HAVE_CLOCK_REALTIME 1
		#define HAVE_GCC_THREAD_LOCAL_STORAGE 1
		#define HAVE_VSNPRINTF 1
		#define HAVE_SNPRINTF 1
		EOF
		mkdir -p "$T/include"
		# cmocka.h guesses __WORDSIZE 32 wherever libc does not define it (musl on
		# 64-bit non-x86) and then redefines uintptr_t: give it the real width
		# under a private name so the guess never reaches code that includes it.
		sed -e '/^#ifndef __WORDSIZE/,/^#endif/c\#define CMOCKA_WORDSIZE_ (__SIZEOF_POINTER__ * 8)' \
			-e 's/__WORDSIZE/CMOCKA_WORDSIZE_/g' \
			-e 's|^#if !defined(_UINTPTR_T) && !defined(_UINTPTR_T_DEFINED)|#if 0 /* procbox: uintptr_t comes from <stdint.h> */|' \
			"$s/include/cmocka.h" >"$T/include/cmocka.h"
		cp "$s/include/cmocka_private.h" "$b/"
		"$T/bin/musl-gcc" -Os $cflags -DHAVE_CONFIG_H -I"$b" -include stdint.h -c "$s/src/cmocka.c" -o "$b/cmocka.o"
		"$T/bin/$triplet-ar" rcs "$T/lib/libcmocka.a" "$b/cmocka.o"
		rm -rf "$b"
		touch "$T/.done-cmocka"
	fi
	say "$a: ready ($T)"
done
