# archfacts.sh: each arch's facts, read from toolchains/ARCH.mk (sourced by
# setup.sh, system.sh and tests/system/run.sh; the Makefile includes the
# same files). A fact is a "KEY := value" line in make's syntax ($$ is a $);
# an arch is a toolchains/ARCH.mk. Set TOOLCHAINS (this directory) first.

# fact ARCH KEY: the value, "" where the arch has none
fact() {
	sed -n "s/^$2[[:space:]]*:*=[[:space:]]*//p" "$TOOLCHAINS/$1.mk" | sed 's/[[:space:]]*$//; s/\$\$/$/g'
}
# arches: every arch, sorted
arches() {
	l=
	for f in "$TOOLCHAINS"/*.mk; do f=${f##*/}; l="$l ${f%.mk}"; done
	echo $l
}
# vm_arches: the arches whose Linux the system suite boots under
# qemu-system (QEMU_MACHINE; the host's own runs natively)
vm_arches() {
	l=
	for a in $(arches); do [ -z "$(fact "$a" QEMU_MACHINE)" ] || l="$l $a"; done
	echo $l
}
# is_arch ARCH: one of them
is_arch() { [ -f "$TOOLCHAINS/$1.mk" ]; }
# cross_bindir ARCH CACHE: where its compiler and binutils are: the host's,
# or the private ones setup.sh unpacked (CROSS_DIR)
cross_bindir() {
	d=$(fact "$1" CROSS_DIR)
	if [ -n "$d" ]; then echo "$2/$d/usr/bin"; else echo /usr/bin; fi
}
# qemu_system ARCH CACHE: the command that boots ARCH's VM (QEMU 10 from
# system.sh; -L: its data and riscv64's OpenSBI are there, not in /usr/share/qemu)
qemu_system() {
	echo "$2/system/qemu/usr/bin/$(fact "$1" QEMU_SYSTEM) -L $2/system/qemu/usr/share/qemu -M $(fact "$1" QEMU_MACHINE)"
}
