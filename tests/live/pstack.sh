# pstack.sh: pstack on the fixture cores (every arch) and live targets (host)
. "$(dirname "$0")/lib.sh"

# --- cores of every arch, static musl: gdb stops at __syscall_cp_c (no CFI
# in musl's libc); the thread functions of the target's source must be found
for dir in tests/data/cores/*; do
	kase=${dir##*/}
	pb "$PROCBOX" pstack -e "$dir/target" "build/fixtures/$kase/core"
	m=$(sed -n 's/^tid_main=//p' "$dir/target.out")
	w1=$(sed -n 's/^tid_worker1=//p' "$dir/target.out")
	w2=$(sed -n 's/^tid_worker2=//p' "$dir/target.out")
	check "core $kase: worker1's thread reaches worker1 ($(frames "$T/out" "$w1"))" in_order "$(frames "$T/out" "$w1")" worker1
	check "core $kase: worker2's thread reaches worker2 ($(frames "$T/out" "$w2"))" in_order "$(frames "$T/out" "$w2")" worker2
	check "core $kase: the main thread in fx_crash, called by main ($(frames "$T/out" "$m"))" \
		in_order "$(frames "$T/out" "$m")" fx_crash main
	[ "$st" = 0 ] || fail "core $kase: exit $st: $(cat "$T/err")"
	has "$(cat "$dir/gdb.txt")" "__syscall_cp_c" || fail "core $kase: gdb.txt no longer shows gdb stopping in musl"
done
pb "$PROCBOX" pstack --json -e tests/data/cores/aarch64/target build/fixtures/aarch64/core
check "core --json: valid, three threads, each frame's fields" python3 -c "
import json; d = json.load(open('$T/out'))[0]
assert d['arch'] == 'aarch64' and len(d['threads']) == 3, d.keys()
for t in d['threads']:
    assert t['frames'] and t['frames'][0]['how'] == 'regs'
    for f in t['frames']:
        assert f['pc'].startswith('0x') and f['how'] in ('regs', 'cfi', 'exidx', 'lr', 'fp', 'scan'), f
        assert set(f) == {'pc', 'function', 'offset', 'module', 'module_offset', 'how'}, f"
m=$(sed -n 's/^tid_main=//p' tests/data/cores/x86_64/target.out)
pb "$PROCBOX" pstack -t "$m" -n 1 -e tests/data/cores/x86_64/target build/fixtures/x86_64/core
check "core -t TID -n 1: one thread, one frame" test "$st" = 0 -a "$(grep -c '^Thread' "$T/out")" = 1 -a "$(grep -c '^#' "$T/out")" = 1
pb "$PROCBOX" pstack build/fixtures/x86_64/core
check "core without -e (its files not on this machine): exit 0, frames as bare addresses" \
	test "$st" = 0 -a "$(grep -c '^Thread' "$T/out")" = 3
# a path from the core's notes that leads to no regular file is not opened:
# under --sysroot, the executable's NT_FILE path is a FIFO (an open could
# block, a device's could act)
exe=$(sed -n '/^Modules:/{n;p;}' "$T/out" | awk '{ print $2 }')
mkdir -p "$T/sys${exe%/*}" && mkfifo "$T/sys$exe"
timeout 20 $RUN "$PROCBOX" pstack --sysroot "$T/sys" build/fixtures/x86_64/core >"$T/out" 2>"$T/err"
st=$?
check "core --sysroot where the file is a FIFO: not opened (exit 0, nothing said, listed as no file)" \
	test "$st" = 0 -a ! -s "$T/err" -a "$(grep -c "$exe (no file)\$" "$T/out")" = 1

# --- QEMU user-mode's own guest core of the fixture's target (what a
# cross-arch CI leaves): no NT_FILE, the executable placed by AT_ENTRY and
# named by -e, else by the path AT_EXECFN gives
dir=tests/data/cores/$ARCH
if [ ! -x "${QEMU_USER:-}" ] || [ ! -f "$dir/target" ]; then
	skip "QEMU user-mode guest core: no ${QEMU_USER:-QEMU user-mode binary} or no $dir/target"
else
	rm -f "$T"/qemu_*.core
	(cd "$T" && ulimit -c 65536 && exec "$QEMU_USER" "$OLDPWD/$dir/target") >"$T/qout" 2>&1 &
	q=$!
	for i in $(seq 100); do grep -q '^ready=1' "$T/qout" && break; sleep 0.1; done
	kill -USR1 "$q"
	wait "$q"
	qc=$(ls "$T"/qemu_target_*.core 2>/dev/null | head -n 1)
	[ -n "$qc" ] || skip "QEMU user-mode guest core: $("$QEMU_USER" --version | head -n 1) wrote none for $ARCH (no core dumper for it: it aborts itself)"
	m=$(sed -n 's/^tid_main=//p' "$T/qout")
	w1=$(sed -n 's/^tid_worker1=//p' "$T/qout")
	w2=$(sed -n 's/^tid_worker2=//p' "$T/qout")
	for e in ${qc:+"-e $dir/target" ""}; do
		# shellcheck disable=SC2086 # -e and its file, or nothing
		pb "$PROCBOX" pstack $e "$qc"
		check "QEMU core ${e:-(AT_EXECFN)}: worker1's, worker2's and the main thread's functions ($(frames "$T/out" "$w1" | cut -c1-60)...)" \
			test "$st" = 0
		in_order "$(frames "$T/out" "$w1")" worker1 && in_order "$(frames "$T/out" "$w2")" worker2 &&
			in_order "$(frames "$T/out" "$m")" fx_crash main || fail "QEMU core ${e:-(AT_EXECFN)}: $(cat "$T/out" "$T/err")"
	done
fi

live_only "live pstack tests"

# gdb_oracle LIVE_OUTPUT: where gdb attached finds a function of
# stack_target.c in a thread, pstack found it too (stack_target-glibc: -g)
gdb_oracle() {
	if ! command -v gdb >/dev/null; then
		skip "$v live: gdb as the oracle: no gdb here"
		return
	fi
	timeout 120 gdb -nx -batch -p "$pid" -ex 'thread apply all bt' >"$T/gdb" 2>&1
	gdb_in_pstack "$T/gdb" "$1" >"$T/diff" 2>"$T/n"
	r=$?
	check "$v live: each function of stack_target.c gdb attached finds ($(cat "$T/n")), pstack finds in that thread, in that order" \
		test $r = 0
	cat "$T/diff"
	check "$v: the target runs on after gdb, not traced" running
}

# --- every build of stack_target here (the Makefile's STACK_FLAGS_*: musl
# -Os with CFI, -O2 with the frame pointer and no CFI, -O2 without either,
# -O2 with CFI; glibc dynamic -O2 -g and a copy stripped to .dynsym): each
# thread's chain of the source, live, then in pcore's core of it and in the
# kernel's own core of it (SIGABRT), read with -e
for tg in "$TARGETS"/stack_target*; do
	v=${tg##*/} hook=
	[ "$v" = stack_target-glibc ] && hook=gdb_oracle
	stack_target_judged "$tg" "$v" "$hook"
done

# --- options on a live process
start stack_target
t() { key "tid_$1"; }
pb "$PROCBOX" pstack --json "$pid"
id=$(readelf -n "$TARGETS/stack_target" | sed -n 's/.*Build ID: *//p')
check "--json: valid, five threads with frames, the executable among the modules with readelf's build id (${id:-none})" python3 -c "
import json; d = json.load(open('$T/out'))[0]
assert d['pid'] == $pid and len(d['threads']) == 5
assert all(t['frames'] for t in d['threads'])
exe = [m for m in d['modules'] if m['name'].endswith('/stack_target')]
assert len(exe) == 1 and exe[0]['build_id'] == ('$id' or None) and exe[0]['unusable'] is None, d['modules']"
pb "$PROCBOX" pstack --no-stop -t "$(t sleeper)" "$pid"
check "--no-stop: the sleeper from /proc's pc and sp, not stopped ($(frames "$T/out" "$(t sleeper)"))" \
	in_order "$(frames "$T/out" "$(t sleeper)")" sleeper_inner sleeper_outer
pb "$PROCBOX" pstack -t 1 "$pid"
check "-t TID not in the process: exit 1, nothing on stdout" test "$st" = 1 -a ! -s "$T/out"
kill "$pid"
stop

# --- a core's files are used only if they are the build the core mapped
# (the build id of the ELF headers the core holds): the glibc build has one
if [ -x "$TARGETS/stack_target-glibc" ]; then
	start stack_target-glibc
	id=$(readelf -n "$TARGETS/stack_target-glibc" | sed -n 's/.*Build ID: *//p')
	rm -f "$T/pcore"
	pb "$PROCBOX" pcore -o "$T/pcore" "$pid"
	pb "$PROCBOX" pstack -e "$TARGETS/stack_target-glibc" "$T/pcore"
	check "core -e: the executable listed with the build id readelf -n gives ($id), its functions named" \
		grep -q "/stack_target-glibc build-id $id\$" "$T/out"
	in_order "$(frames "$T/out" "$(t sleeper)")" sleeper_inner sleeper_outer || fail "core -e: $(cat "$T/out")"
	pb "$PROCBOX" pstack -e "$TARGETS/stack_target" "$T/pcore"
	check "core -e ANOTHER BUILD (musl's, no build id): one line says so (exit 0), listed as another build" \
		test "$st" = 0 -a "$(grep -c "stack_target: not the file the core mapped at 0x[0-9a-f]*: build id none, the core's $id; not used" "$T/err")" = 1 \
		-a "$(wc -l <"$T/err")" = 1
	grep -q "/stack_target-glibc build-id $id (another build)\$" "$T/out" || fail "core -e ANOTHER BUILD: modules: $(cat "$T/out")"
	grep -q ' in [a-z_]*sleeper' "$T/out" && fail "core -e ANOTHER BUILD: a function of the other build named: $(cat "$T/out")"
	kill "$pid"
	stop
else
	skip "a core's build ids: no stack_target-glibc here"
fi

# --- a thread in the vDSO: its frames by the vDSO's own tables (its image
# read from the process), out to the caller
start vdso_target
seen=0 bad=0
for i in $(seq 20); do
	pb "$PROCBOX" pstack "$pid"
	grep -q '^#0 .*(\[vdso\]+0x' "$T/out" || continue
	seen=$((seen + 1))
	# named from the vDSO's symbols, stepped out of by its CFI (no tag), on to main
	{ in_order "$(frames "$T/out" "$pid")" spin_time main &&
		grep -Eq '^#[01] .* in [a-z_]*clock_gettime\+0x[0-9a-f]+ \(\[vdso\]\+0x' "$T/out" &&
		! grep -Eq '^#1 .*\[[a-z]+\]$' "$T/out"; } || { bad=1; cat "$T/out"; }
done
check "a thread caught in the vDSO ($seen of 20 runs): named by the vDSO's symbols, out by its CFI, through spin_time to main" \
	test "$seen" -gt 0 -a "$bad" = 0
kill "$pid"
stop
summary
