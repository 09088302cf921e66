#!/bin/sh
# toolchains/system.sh [--check] [ARCH...]
#
# What the system tests need to boot each foreign ARCH (default: every arch
# whose toolchains/ARCH.mk names a QEMU_MACHINE) as a whole Linux under
# full-system QEMU, with a busybox initramfs, as its facts say:
#   $C/system/ARCH/kernel    Debian's (KERNEL_PKG of DEB_ARCH from DEB_SUITE),
#                            or built (KERNEL_BUILD, where no package exists)
#   $C/system/ARCH/busybox   Debian's busybox-static, or built with our musl
#                            (BUSYBOX_SOURCE)
#   $C/system/qemu/          QEMU 10 from bookworm-backports (QEMU_SYSTEM_PKG),
#                            with its firmware; archfacts.sh's qemu_system runs it
# plus gdb-multiarch and cpio on the host. An ARCH is done ($C/system/ARCH/.done)
# only after its kernel has booted its busybox and found every applet the
# tests use; --check boots again. Idempotent. Host packages come only from the
# host's own bookworm sources; foreign .debs are read through a private apt
# (no edit of /etc/apt, no dpkg --add-architecture) and unpacked, not installed.
set -eu
# make's command-line variables (ARCH=...) would reach the kernel's make
unset MAKEFLAGS MFLAGS MAKELEVEL

here=$(cd "$(dirname "$0")" && pwd)
TOOLCHAINS=$here
. "$here/archfacts.sh"
C=${PROCBOX_CACHE:-$HOME/.cache/procbox}
S=$C/system
ALL=$(vm_arches)
JOBS=$(nproc 2>/dev/null || echo 2)
NEED="sh mount umount mkdir cat echo sed awk grep cut tr head tail wc od hexdump xxd md5sum
sha256sum base64 stat sleep kill ls cp rm ln test [ printf dd cmp find gzip uname poweroff
timeout seq sort env ps"

say() { printf 'system: %s\n' "$*" >&2; }
die() { printf 'system: %s\n' "$*" >&2; exit 1; }
fail() { tail -n 20 "$1" >&2; die "$2 (log: $1)"; }

check=
[ "${1:-}" != --check ] || { check=1; shift; }
[ "$(uname -m)" = x86_64 ] || die "the setup expects an x86_64 Debian host"
[ $# -gt 0 ] || set -- $ALL
for a; do case " $ALL " in *" $a "*) ;; *) die "not an arch with a VM: '$a' (one of: $ALL)";; esac; done
# make check-system of several ARCHs at once would share $S/tmp and the lists
mkdir -p "$S"; exec 9>"$S/.lock"; flock 9
[ -z "$check" ] || for a; do rm -f "$S/$a/.done"; done

# --- host packages (bookworm, from the host's own sources) -------------------
need=""
want_host() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed' || need="$need $1"; }
install_host() {
	[ -n "$need" ] || return 0
	say "installing host packages:$need"
	mkdir -p "$S"
	{ DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600 update &&
	  DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600 install -y --no-install-recommends $need; } \
		>"$S/host-apt.log" 2>&1 || fail "$S/host-apt.log" "apt-get failed"
	need=""
}
# gdb-multiarch and cpio for the tests; the rest builds a kernel where none
# is packaged (flex bison bc; no objtool or module signing in its config, so
# no libelf or libssl) and unpacks busybox's .tar.bz2
for p in gdb-multiarch cpio gzip xz-utils; do want_host $p; done
for a; do
	[ -z "$(fact "$a" KERNEL_BUILD)" ] || for p in flex bison bc bzip2 make gcc; do want_host $p; done
done
install_host

# --- private apt: each VM arch's DEB_SUITE for its Debian arch, the suites of
#     the sources built (a linux-source package, busybox's source), and
#     bookworm-backports for QEMU -----------------------------------------------
APTD=$S/apt
URL=http://deb.debian.org/debian
# the sources.list lines: one per suite with the Debian arches read from it
sources_list() {
	echo "deb [arch=amd64] $URL bookworm-backports main"
	suites= srcs=
	for a in $ALL; do
		suites="$suites $(fact "$a" DEB_SUITE) $(fact "$a" KERNEL_BUILD | sed -n 's|.*/||p')"
		srcs="$srcs $(fact "$a" BUSYBOX_SOURCE | sed -n 's|.*/||p')"
	done
	for s in $(echo $suites | tr ' ' '\n' | sort -u); do
		archs=
		for a in $ALL; do
			[ "$(fact "$a" DEB_SUITE)" = "$s" ] && archs="$archs${archs:+,}$(fact "$a" DEB_ARCH)"
		done
		# (a linux-source package is Architecture: all, in every arch's index)
		echo "deb [arch=${archs:-amd64}] $URL $s main"
	done
	for s in $(echo $srcs | tr ' ' '\n' | sort -u); do echo "deb-src $URL $s main"; done
}
deb_arches() {
	printf amd64
	for a in $ALL; do [ -z "$(fact "$a" DEB_ARCH)" ] || printf ',%s' "$(fact "$a" DEB_ARCH)"; done
}
aptx() {
	t=$1; shift
	$t -q -o Dir::Etc::sourcelist="$APTD/sources.list" -o Dir::Etc::sourceparts=- \
		-o Dir::State::Lists="$APTD/lists" -o Dir::Cache="$APTD/cache" \
		-o Dir::State::status=/dev/null -o Debug::NoLocking=1 -o APT::Sandbox::User=root \
		-o APT::Architectures="$(deb_arches)" "$@"
}
apt_ready() {
	[ -f "$APTD/.updated" ] && return 0
	mkdir -p "$APTD/lists/partial" "$APTD/cache/archives/partial"
	sources_list >"$APTD/sources.list"
	say "reading $(sed 's/.* \([^ ]*\) main$/\1/' "$APTD/sources.list" | sort -u | tr '\n' ' ')package lists (private, /etc/apt untouched)"
	aptx apt-get update >&2
	touch "$APTD/.updated"
}
# fetch PKG... into the empty $D (download only)
D=$S/tmp
fetch() {
	apt_ready
	rm -rf "$D"; mkdir -p "$D"
	(cd "$D" && aptx apt-get download "$@" >&2)
}
# DEB MEMBER-PATTERN OUT: one file out of a .deb
debfile() { dpkg-deb --fsys-tarfile "$1" | tar -xO --wildcards "$2" >"$3" && [ -s "$3" ] || die "no $2 in $1"; }

# --- QEMU 10 (bookworm-backports: 7.2 cannot boot loongarch64) ----------------
Q=$S/qemu
if [ ! -f "$Q/.done" ]; then
	say "QEMU 10 full-system from bookworm-backports"
	pkgs=qemu-system-data/bookworm-backports bins=
	for a in $ALL; do
		for p in $(fact "$a" QEMU_SYSTEM_PKG); do
			case " $pkgs " in *" $p/bookworm-backports "*) ;; *) pkgs="$pkgs $p/bookworm-backports";; esac
		done
		bins="$bins $(fact "$a" QEMU_SYSTEM)"
	done
	fetch $pkgs
	rm -rf "$Q"; mkdir -p "$Q"
	for d in "$D"/*.deb; do
		dpkg-deb -x "$d" "$Q"
		# backports builds against bookworm: its libraries are bookworm's
		for p in $(dpkg-deb -f "$d" Depends | tr ',' '\n' | sed 's/^ *//; s/[ :].*//'); do
			case $p in qemu-*|opensbi) ;; *) want_host "$p";; esac
		done
	done
	install_host
	for f in "$Q"/usr/bin/*; do
		case " $bins " in *" ${f##*/} "*) ;; *) rm -f "$f";; esac
	done
	rm -rf "$Q/usr/share/doc" "$Q/usr/share/man" "$Q/usr/lib/riscv32-linux-gnu" "$D"
	! ldd "$Q"/usr/bin/* | grep 'not found' || die "QEMU misses libraries"
	touch "$Q/.done"
fi

# --- an arch without Debian packages (loongarch64): the kernel from a
#     linux-source package (tinyconfig + toolchains/ARCH-kernel.fragment),
#     busybox from its source, with our musl -----------------------------------
built() {
	a=$1 O=$S/$1 K=$C/build/linux-$1 B=$C/build/busybox-$1
	[ -s "$O/kernel" ] && [ -s "$O/busybox" ] && return 0
	[ -f "$C/$a/.done-musl" ] || sh "$here/setup.sh" "$a"
	X=$(cross_bindir "$a" "$C")/$(fact "$a" TRIPLET)-
	src=$(fact "$a" KERNEL_BUILD)
	km() { make -C "$K" ARCH="$(fact "$a" KERNEL_ARCH)" CROSS_COMPILE="$X" "$@"; }
	say "$a: unpacking $src"
	fetch "$src"
	rm -rf "$K" "$B"; mkdir -p "$O" "$K" "$B"
	dpkg-deb --fsys-tarfile "$D"/"${src%/*}"_*.deb | tar -xO --wildcards './usr/src/linux-source-*.tar.xz' |
		tar -xJ -C "$K" --strip-components=1
	rm -rf "$D"
	if [ ! -s "$O/kernel" ]; then
		say "$a: building the kernel (a few minutes)"
		{ km tinyconfig &&
		  (cd "$K" && scripts/kconfig/merge_config.sh -m .config "$here/$a-kernel.fragment") &&
		  km olddefconfig && km -j"$JOBS" vmlinux; } >"$C/build/$a-kernel.log" 2>&1 ||
			fail "$C/build/$a-kernel.log" "$a: kernel build failed"
		"${X}strip" -o "$O/kernel" "$K/vmlinux"
	fi
	if [ ! -s "$O/busybox" ]; then
		say "$a: building busybox ($(fact "$a" BUSYBOX_SOURCE)'s source) with musl"
		km headers >"$C/build/$a-busybox.log" 2>&1 || fail "$C/build/$a-busybox.log" "$a: kernel headers"
		apt_ready
		(cd "$B" && aptx apt-get source --download-only "$(fact "$a" BUSYBOX_SOURCE)" >&2 && tar xjf busybox_*.orig.tar.bz2)
		cc="$C/$a/bin/musl-gcc -isystem $K/usr/include"
		xc=$C/$a/bin/$(fact "$a" TRIPLET)-
		# SHA HWACCEL is x86 code without a guard; tc wants CBQ, gone from 6.x headers
		(cd "$B"/busybox-*/ && make defconfig && sed -i -e 's/^# CONFIG_STATIC is not set/CONFIG_STATIC=y/' \
			-e 's/^CONFIG_\(SHA1_HWACCEL\|SHA256_HWACCEL\|TC\)=y/# CONFIG_\1 is not set/' .config &&
			make -j"$JOBS" CROSS_COMPILE="$xc" CC="$cc" busybox && cp busybox "$O/busybox") \
			>>"$C/build/$a-busybox.log" 2>&1 || fail "$C/build/$a-busybox.log" "$a: busybox build failed"
	fi
	rm -rf "$K" "$B"
}

# --- boot: BOOT-OK only from a shell that has every applet in $NEED -----------
boot() {
	a=$1 r=$D/root
	rm -rf "$D"; mkdir -p "$r/bin" "$r/dev" "$r/proc"
	cp "$S/$a/busybox" "$r/bin/busybox"; ln -s busybox "$r/bin/sh"
	mknod -m 600 "$r/dev/console" c 5 1; mknod -m 666 "$r/dev/null" c 1 3
	echo $NEED >"$r/need"
	cat >"$r/init" <<-'EOF'
	#!/bin/sh
	B=/bin/busybox
	$B mount -t proc proc /proc
	l=$($B --list) m=
	for a in $($B cat /need); do echo "$l" | $B grep -Fqx -- "$a" || m="$m $a"; done
	[ -z "$m" ] && echo "BOOT-OK $($B uname -m) $($B uname -r)" || echo "BOOT-MISSING$m"
	$B poweroff -f
	EOF
	chmod 755 "$r/init"
	(cd "$r" && find . | sort | cpio -o -H newc -R 0:0 --quiet | gzip -9 -n) >"$D/initrd.gz"
	t0=$(date +%s%N)
	timeout 120 $(qemu_system "$a" "$C") -nographic -no-reboot -nic none -smp 1 -m 512 -kernel "$S/$a/kernel" \
		-initrd "$D/initrd.gz" -append "console=$(fact "$a" CONSOLE) rdinit=/init panic=-1 quiet" \
		</dev/null 2>&1 | tr -d '\r' >"$S/$a/boot.log"
	ms=$((($(date +%s%N) - t0) / 1000000))
	rm -rf "$D"
	grep -q "^BOOT-OK $a " "$S/$a/boot.log" || fail "$S/$a/boot.log" "$a: did not boot to a full busybox"
	say "$a: $(sed -n "s/^BOOT-OK $a //p" "$S/$a/boot.log") booted and powered off in $((ms / 1000)).$((ms % 1000 / 100)) s"
}

# --- per arch -------------------------------------------------------------------
for a; do
	[ -f "$S/$a/.done" ] && continue
	deb=$(fact "$a" DEB_ARCH) kpkg=$(fact "$a" KERNEL_PKG)
	if [ -n "$(fact "$a" KERNEL_BUILD)" ]; then
		built "$a"
	elif [ ! -s "$S/$a/kernel" ] || [ ! -s "$S/$a/busybox" ]; then
		apt_ready
		k=$(aptx apt-cache search --names-only "$kpkg" | cut -d' ' -f1 | sort -V | tail -n1)
		[ -n "$k" ] || die "$a: no $kpkg in the lists"
		say "$a: $k and busybox-static:$deb"
		fetch "$k:$deb" "busybox-static:$deb"
		mkdir -p "$S/$a"
		debfile "$D/${k}_"*.deb './boot/vmlinu[xz]-*' "$S/$a/kernel"
		debfile "$D"/busybox-static_*.deb '*bin/busybox' "$S/$a/busybox"
		chmod 755 "$S/$a/busybox"
		rm -rf "$D"
	fi
	boot $a
	touch "$S/$a/.done"
done
# the lists are only needed to fetch: a later run for another ARCH reads them again
rm -rf "$APTD"
