# run.sh ARCH BUILD: the live suite on a real kernel of ARCH. Foreign arches
# boot their Linux under full-system QEMU (toolchains/system.sh makes the
# kernel, busybox and QEMU) with an initramfs of busybox, procbox, the targets
# and tests/system/guest.sh; x86_64 runs guest.sh natively. The guest's checks
# come back as lines on the serial console, its cores as gzip+base64 blocks,
# judged here by gdb-multiarch, readelf and tests/live/corecmp.py. The VM is
# as ARCH's facts say (toolchains/ARCH.mk: QEMU_MACHINE, CONSOLE, COMPAT, GDB_ARCH).
# Env: PROCBOX_CACHE, VM_TIMEOUT (seconds, default 900).
A=$1 B=$2
here=$(cd "$(dirname "$0")" && pwd)
B=$(cd "$B" && pwd)
PROCBOX=$B/procbox TARGETS=$B/targets
. "$here/../live/lib.sh"
TOOLCHAINS=$here/../../toolchains
. "$TOOLCHAINS/archfacts.sh"
C=${PROCBOX_CACHE:-$HOME/.cache/procbox}
W=$B/system # kept: the console, the cores, for a look after a failure
rm -rf "$W" && mkdir -p "$W/files"
sets=""                          # the targets' builds judged: "NAME_PREFIX:TARGETS_DIR"

if [ "$A" = "$(uname -m)" ]; then
	OUT=$W/files PROCBOX=$PROCBOX TARGETS=$TARGETS sh "$here/guest.sh" >"$W/console" 2>&1 && echo PB-DONE >>"$W/console"
	sets=":$TARGETS"
else
	qemu=$(qemu_system "$A" "$C")
	R=$W/root
	mkdir -p "$R/bin" "$R/t/targets" "$R/dev" "$R/proc" "$R/tmp"
	cp "$C/system/$A/busybox" "$R/bin/busybox"
	ln -s busybox "$R/bin/sh"
	cp "$here/init" "$R/init"
	cp "$B/procbox" "$here/guest.sh" "$here/../live/lib.sh" "$R/t/"
	cp "$TARGETS/core_target" "$TARGETS/hostile" "$TARGETS"/stack_target* "$R/t/targets/"
	sets=":$TARGETS"
	# a kernel that runs another arch's tasks (a 64-bit arm kernel, 32-bit
	# ARM ones): procbox of this arch on that arch's build of the target
	for c in $(fact "$A" COMPAT); do
		mkdir -p "$R/t/compat-$c"
		cp "${B%/*}/$c/targets/core_target" "${B%/*}/$c/targets"/stack_target* "$R/t/compat-$c/"
		sets="$sets $c-:${B%/*}/$c/targets"
	done
	chmod 755 "$R/init"
	(cd "$R" && find . | sort | cpio -o -H newc -R 0:0 --quiet | gzip -1) >"$W/initrd.gz"
	start=$(date +%s)
	timeout "${VM_TIMEOUT:-900}" $qemu -nographic -no-reboot -nic none -smp 1 -m 512 \
		-kernel "$C/system/$A/kernel" -initrd "$W/initrd.gz" \
		-append "console=$(fact "$A" CONSOLE) rdinit=/init panic=-1 quiet" </dev/null 2>&1 | tr -d '\r' >"$W/console"
	echo "[$A] guest ran $(($(date +%s) - start)) s ($($qemu --version | head -n1))"
	# files: between "PB-FILE NAME" and "PB-END"
	for f in $(sed -n 's/^PB-FILE //p' "$W/console"); do
		sed -n "/^PB-FILE $f\$/,/^PB-END\$/p" "$W/console" | sed '1d;$d' | base64 -d | gunzip >"$W/files/$f"
	done
fi
# the guest's own checks count here
grep -E '^(ok   |FAIL |skip )- ' "$W/console" | sed "s/^/[$A] /"
pass=$((pass + $(grep -c '^ok   - ' "$W/console")))
failed=$((failed + $(grep -c '^FAIL - ' "$W/console")))
skipped=$((skipped + $(grep -c '^skip - ' "$W/console")))
grep -q '^PB-DONE' "$W/console" || fail "[$A] the guest did not finish (timeout ${VM_TIMEOUT:-900} s, or a crash)"

# --- the judges, on the host
gdb=gdb-multiarch
command -v $gdb >/dev/null || gdb=gdb
readelf=$C/loongarch64/bin/loongarch64-linux-gnu-readelf # binutils 2.44: every arch, 64-bit NT_FILE
for s in $sets; do
	p=${s%%:*} tg=${s#*:} F=$W/files/$p
	for f in running.core stopped.core pregs mine.core kernel.core tout; do
		[ -s "$F$f" ] || fail "[$A] ${p}$f: not received from the guest"
	done
	[ -s "$F"running.core ] || continue
	cp "$F"tout "$T/tout" # key() reads it
	# readelf 2.44 -a: nothing wrong that it does not find in the kernel's core
	# too (-u, unwind info, fails on any 32-bit ARM core)
	"$readelf" -a -W "$F"running.core >"$T/re" 2>"$T/re.err"; rc=$?
	"$readelf" -a -W "$F"kernel.core >"$T/re" 2>"$T/re.kerr"; krc=$?
	check "[$A] ${p}readelf 2.44 -a: nothing wrong with pcore's core (exit $rc, the kernel's $krc)" \
		test $rc = $krc -a "$(sed 's/^[^:]*: //' "$T/re.err")" = "$(sed 's/^[^:]*: //' "$T/re.kerr")"
	if ! $gdb -nx -batch -ex "set architecture $(fact "$A" GDB_ARCH)" </dev/null >/dev/null 2>&1; then
		skip "[$A] gdb checks: this $gdb cannot read $(fact "$A" GDB_ARCH) (the kernel's core is the judge below)"
	else
		# bt 8: gdb 13 unwinds musl's __clone of 32-bit ARM forever
		timeout 300 $gdb -nx -batch -ex 'info threads' -ex 'thread apply all bt 8' -ex "x/s 0x$(key heap_marker)" \
			-ex 'thread apply all info registers' "$tg/core_target" "$F"running.core >"$T/gdb" 2>&1
		check "[$A] ${p}gdb: three threads" test "$(grep '^Thread [0-9]* (LWP' "$T/gdb" | sort -u | wc -l)" = 3
		bt() { grep -q 'core_middle ()' "$1" && grep -q 'core_outer ()' "$1"; }
		timeout 300 $gdb -nx -batch -ex 'thread apply all bt 8' "$tg/core_target" "$F"kernel.core >"$T/gdbk" 2>&1
		if bt "$T/gdb" || bt "$T/gdbk"; then
			check "[$A] ${p}gdb: a backtrace through core_middle and core_outer" bt "$T/gdb"
		else
			skip "[$A] ${p}gdb: a backtrace through core_middle and core_outer: this $gdb finds none in the kernel's core either ($(grep -m1 'PC not saved\|stopped' "$T/gdbk"))"
		fi
		check "[$A] ${p}gdb: the heap marker with x/s" grep -q "\"PROCBOX-HEAP-MARKER\"" "$T/gdb"
		regs_of "$F"pregs >"$T/r.live"
		timeout 300 $gdb -nx -batch -ex 'thread apply all info registers' "$tg/core_target" "$F"stopped.core >"$T/gdb2" 2>&1
		gdb_regs_agree "$T/r.live" "$T/gdb2" 24 >"$T/diff" 2>"$T/n"
		check "[$A] ${p}gdb's registers from the core of the stopped target = pregs' live ($(cat "$T/n") values)" test $? = 0
		head -3 "$T/diff"
	fi
	if [ -s "$F"kernel.core ]; then
		python3 "$here/../live/corecmp.py" "$F"kernel.core "$F"mine.core >"$T/cmp"
		check "[$A] ${p}the kernel's core vs pcore's: notes (types, names, sizes, order), every PT_LOAD" test $? = 0
		grep -v '^ok' "$T/cmp" | head -5
	fi
done
if [ "$failed" != 0 ]; then
	echo "[$A] the guest's console (base64 lines left out):"
	grep -v '^[A-Za-z0-9+/=]\{40,\}$' "$W/console" | sed "s/^/[$A] | /"
fi
echo "system-$A: $pass passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
