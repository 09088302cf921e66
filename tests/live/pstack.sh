# pstack.sh: pstack on the fixture cores (every arch) and live targets (host)
. "$(dirname "$0")/lib.sh"

# frames FILE TID: the functions of the thread's frames, innermost first, on one line
frames() { awk -v t="$2" '/^Thread / { in_t = ($2 == t) } in_t && /^#/ { f = $4; sub(/\+0x.*/, "", f); printf "%s ", f }' "$1"; }
# in_order LIST A B...: the words A, B, ... appear in LIST in that order
in_order() { l=" $1"; shift; for w; do case $l in *" $w "*) l=" ${l#*" $w "}" ;; *) return 1 ;; esac; done; }

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

live_only "live pstack tests"

# --- a live process: each thread's chain from the source
start stack_target
pb "$PROCBOX" pstack "$pid"
check "exit 0, five threads" test "$st" = 0 -a "$(grep -c '^Thread' "$T/out")" = 5
check "the target runs on, not traced" running
t() { key "tid_$1"; }
check "sleeper: sleeper_inner, sleeper_middle, sleeper_outer ($(frames "$T/out" "$(t sleeper)"))" \
	in_order "$(frames "$T/out" "$(t sleeper)")" sleeper_inner sleeper_middle sleeper_outer
check "reader: reader_inner, reader_outer ($(frames "$T/out" "$(t reader)"))" \
	in_order "$(frames "$T/out" "$(t reader)")" reader_inner reader_outer
check "spinner: spin_leaf, spinner_outer ($(frames "$T/out" "$(t spinner)"))" \
	in_order "$(frames "$T/out" "$(t spinner)")" spin_leaf spinner_outer
check "main: main_wait, main ($(frames "$T/out" "$(t main)"))" in_order "$(frames "$T/out" "$(t main)")" main_wait main
check "handler: in on_signal ($(frames "$T/out" "$(t handler)"))" in_order "$(frames "$T/out" "$(t handler)")" on_signal
if in_order "$(frames "$T/out" "$(t handler)")" on_signal handler_outer; then
	ok "handler: past the signal frame to handler_outer"
else
	skip "handler: past the signal frame to handler_outer: signal frames are not unwound yet"
fi
pb "$PROCBOX" pstack --json "$pid"
check "--json: valid, five threads with frames" python3 -c "
import json; d = json.load(open('$T/out'))[0]
assert d['pid'] == $pid and len(d['threads']) == 5
assert all(t['frames'] for t in d['threads'])"
pb "$PROCBOX" pstack --no-stop -t "$(t sleeper)" "$pid"
check "--no-stop: the sleeper from /proc's pc and sp, not stopped ($(frames "$T/out" "$(t sleeper)"))" \
	in_order "$(frames "$T/out" "$(t sleeper)")" sleeper_inner sleeper_outer
pb "$PROCBOX" pstack -t 1 "$pid"
check "-t TID not in the process: exit 1, nothing on stdout" test "$st" = 1 -a ! -s "$T/out"
kill "$pid"
stop
summary
