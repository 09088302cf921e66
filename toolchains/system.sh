#!/bin/sh
# toolchains/system.sh [--check] [ARCH...]
#
# What the system tests need to boot each foreign ARCH (default: all four) as
# a whole Linux under full-system QEMU, with a busybox initramfs:
#   $C/system/ARCH/kernel    Debian's kernel (loongarch64: built, none packaged)
#   $C/system/ARCH/busybox   static busybox (loongarch64: built with our musl)
#   $C/system/qemu/          QEMU 10 from bookworm-backports, with its firmware
#   $C/system/qemu.env       QEMU_<arch>="qemu-system-... -L ... -M ..."
# plus gdb-multiarch and cpio on the host. An ARCH is done ($C/system/ARCH/.done)
# only after its kernel has booted its busybox and found every applet the
# tests use; --check boots again. Idempotent. Host packages come only from the
# host's own bookworm sources; foreign .debs are read through a private apt
# (no edit of /etc/apt, no dpkg --add-architecture) and unpacked, not installed.
set -eu
# make's command-line variables (ARCH=...) would reach the kernel's make
unset MAKEFLAGS MFLAGS MAKELEVEL

here=$(cd "$(dirname "$0")" && pwd)
C=${PROCBOX_CACHE:-$HOME/.cache/procbox}
S=$C/system
ALL="aarch64 armv7l riscv64 loongarch64"
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
for a; do case " $ALL " in *" $a "*) ;; *) die "unknown arch '$a' (one of: $ALL)";; esac; done
# make check-system of several ARCHs at once would share $S/tmp and the lists
mkdir -p "$S"; exec 9>"$S/.lock"; flock 9
[ -z "$check" ] || for a; do rm -f "$S/$a/.done"; done

# ARCH -> Debian arch, kernel package (newest of the pattern), QEMU binary, machine
vm() {
	case $1 in
	aarch64) deb=arm64 kpkg='^linux-image-6\.1\.0-[0-9]+-arm64-unsigned$' qbin=aarch64 mach="virt -cpu cortex-a57" con=ttyAMA0 ;;
	armv7l) deb=armhf kpkg='^linux-image-6\.1\.0-[0-9]+-armmp$' qbin=arm mach="virt -cpu cortex-a15" con=ttyAMA0 ;;
	riscv64) deb=riscv64 kpkg='^linux-image-6\.12\.[0-9]+\+deb13-riscv64$' qbin=riscv64 mach=virt con=ttyS0 ;;
	loongarch64) deb='' kpkg='' qbin=loongarch64 mach="virt -cpu la464" con=ttyS0,115200 ;;
	esac
}

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
# gdb-multiarch and cpio for the tests; the rest builds loongarch64's kernel
# (flex bison bc; no objtool or module signing in its config, so no libelf or
# libssl) and unpacks busybox's .tar.bz2
for p in gdb-multiarch cpio gzip xz-utils; do want_host $p; done
case " $* " in *" loongarch64 "*) for p in flex bison bc bzip2 make gcc; do want_host $p; done;; esac
install_host

# --- private apt: bookworm for arm64/armhf, trixie for riscv64 and sources,
#     bookworm-backports for QEMU -------------------------------------------------
APTD=$S/apt
aptx() {
	t=$1; shift
	$t -q -o Dir::Etc::sourcelist="$APTD/sources.list" -o Dir::Etc::sourceparts=- \
		-o Dir::State::Lists="$APTD/lists" -o Dir::Cache="$APTD/cache" \
		-o Dir::State::status=/dev/null -o Debug::NoLocking=1 -o APT::Sandbox::User=root \
		-o APT::Architectures=amd64,arm64,armhf,riscv64 "$@"
}
apt_ready() {
	[ -f "$APTD/.updated" ] && return 0
	say "reading bookworm, bookworm-backports and trixie package lists (private, /etc/apt untouched)"
	mkdir -p "$APTD/lists/partial" "$APTD/cache/archives/partial"
	cat >"$APTD/sources.list" <<-EOF
	deb [arch=amd64] http://deb.debian.org/debian bookworm-backports main
	deb [arch=arm64,armhf] http://deb.debian.org/debian bookworm main
	deb [arch=riscv64] http://deb.debian.org/debian trixie main
	deb-src http://deb.debian.org/debian trixie main
	EOF
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
	fetch qemu-system-arm/bookworm-backports qemu-system-misc/bookworm-backports \
		qemu-system-riscv/bookworm-backports qemu-system-data/bookworm-backports \
		opensbi/bookworm-backports
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
		case ${f##*/} in qemu-system-aarch64|qemu-system-arm|qemu-system-riscv64|qemu-system-loongarch64) ;; *) rm -f "$f";; esac
	done
	rm -rf "$Q/usr/share/doc" "$Q/usr/share/man" "$Q/usr/lib/riscv32-linux-gnu" "$D"
	! ldd "$Q"/usr/bin/* | grep 'not found' || die "QEMU misses libraries"
	# -L: the data and riscv64's OpenSBI (fw_dynamic) are here, not in /usr/share/qemu
	for a in $ALL; do
		vm $a
		echo "QEMU_$a=\"$Q/usr/bin/qemu-system-$qbin -L $Q/usr/share/qemu -M $mach\""
	done >"$S/qemu.env"
	touch "$Q/.done"
fi
. "$S/qemu.env"

# --- loongarch64: kernel from Debian's linux-source, busybox from its source --
la_build() {
	O=$S/loongarch64 K=$C/build/linux-la B=$C/build/busybox-la
	[ -s "$O/kernel" ] && [ -s "$O/busybox" ] && return 0
	[ -f "$C/loongarch64/.done-musl" ] || sh "$here/setup.sh" loongarch64
	X=$C/la-gcc/usr/bin/loongarch64-linux-gnu-
	km() { make -C "$K" ARCH=loongarch CROSS_COMPILE="$X" "$@"; }
	say "loongarch64: unpacking linux-source-6.12 (trixie)"
	fetch linux-source-6.12/trixie
	rm -rf "$K" "$B"; mkdir -p "$O" "$K" "$B"
	dpkg-deb --fsys-tarfile "$D"/linux-source-6.12_*.deb | tar -xO --wildcards './usr/src/linux-source-*.tar.xz' |
		tar -xJ -C "$K" --strip-components=1
	rm -rf "$D"
	if [ ! -s "$O/kernel" ]; then
		say "loongarch64: building the kernel (a few minutes)"
		{ km tinyconfig &&
		  (cd "$K" && scripts/kconfig/merge_config.sh -m .config "$here/loongarch64-kernel.fragment") &&
		  km olddefconfig && km -j"$JOBS" vmlinux; } >"$C/build/la-kernel.log" 2>&1 ||
			fail "$C/build/la-kernel.log" "loongarch64: kernel build failed"
		"${X}strip" -o "$O/kernel" "$K/vmlinux"
	fi
	if [ ! -s "$O/busybox" ]; then
		say "loongarch64: building busybox (trixie's source) with musl"
		km headers >"$C/build/la-busybox.log" 2>&1 || fail "$C/build/la-busybox.log" "loongarch64: kernel headers"
		apt_ready
		(cd "$B" && aptx apt-get source --download-only busybox/trixie >&2 && tar xjf busybox_*.orig.tar.bz2)
		cc="$C/loongarch64/bin/musl-gcc -isystem $K/usr/include"
		xc=$C/loongarch64/bin/$(sed -n 's/^TRIPLET[[:space:]]*:*=[[:space:]]*//p' "$here/loongarch64.mk")-
		# SHA HWACCEL is x86 code without a guard; tc wants CBQ, gone from 6.x headers
		(cd "$B"/busybox-*/ && make defconfig && sed -i -e 's/^# CONFIG_STATIC is not set/CONFIG_STATIC=y/' \
			-e 's/^CONFIG_\(SHA1_HWACCEL\|SHA256_HWACCEL\|TC\)=y/# CONFIG_\1 is not set/' .config &&
			make -j"$JOBS" CROSS_COMPILE="$xc" CC="$cc" busybox && cp busybox "$O/busybox") \
			>>"$C/build/la-busybox.log" 2>&1 || fail "$C/build/la-busybox.log" "loongarch64: busybox build failed"
	fi
	rm -rf "$K" "$B"
}

# --- boot: BOOT-OK only from a shell that has every applet in $NEED -----------
boot() {
	a=$1 r=$D/root
	vm $a
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
	eval "q=\$QEMU_$a"
	t0=$(date +%s%N)
	timeout 120 $q -nographic -no-reboot -nic none -smp 1 -m 512 -kernel "$S/$a/kernel" \
		-initrd "$D/initrd.gz" -append "console=$con rdinit=/init panic=-1 quiet" \
		</dev/null 2>&1 | tr -d '\r' >"$S/$a/boot.log"
	ms=$((($(date +%s%N) - t0) / 1000000))
	rm -rf "$D"
	grep -q "^BOOT-OK $a " "$S/$a/boot.log" || fail "$S/$a/boot.log" "$a: did not boot to a full busybox"
	say "$a: $(sed -n "s/^BOOT-OK $a //p" "$S/$a/boot.log") booted and powered off in $((ms / 1000)).$((ms % 1000 / 100)) s"
}

# --- per arch -------------------------------------------------------------------
for a; do
	[ -f "$S/$a/.done" ] && continue
	vm $a
	if [ $a = loongarch64 ]; then
		la_build
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
