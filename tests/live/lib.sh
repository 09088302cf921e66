# lib.sh: helpers for the live tests (sourced). Env: PROCBOX (binary), RUN
# (empty, or the QEMU user-mode runner for a foreign ARCH), ARCH.
pass=0 failed=0 skipped=0
T=$(mktemp -d /tmp/procbox-live.XXXXXX)
trap 'rm -rf "$T"' EXIT
PROCBOX=$(cd "$(dirname "$PROCBOX")" && pwd)/$(basename "$PROCBOX")

ok() { pass=$((pass + 1)); echo "ok   - $*"; }
fail() { failed=$((failed + 1)); echo "FAIL - $*"; }
skip() { skipped=$((skipped + 1)); echo "skip - $*"; }
# check DESCRIPTION COMMAND...: the command's status decides
check() { d=$1; shift; if "$@"; then ok "$d"; else fail "$d"; fi; }
# has TEXT PART: TEXT contains PART
has() { case $1 in *"$2"*) return 0 ;; esac; return 1; }
# pb ARGS...: run procbox (through QEMU for a foreign arch); output in $T/out, $T/err
pb() { $RUN "$@" >"$T/out" 2>"$T/err"; st=$?; return 0; }
# live_only WHAT [WHY]: the rest of the script needs ptrace and a real /proc
# of this arch: under QEMU user-mode, skip it (tests/system runs the applets
# on a real kernel of every arch)
live_only() {
	[ -z "$RUN" ] && return 0
	skip "$1: QEMU user-mode has no ptrace and shows the emulator's /proc (tests/system runs them on a real $ARCH kernel)${2:+; $2}"
	summary
	exit
}
summary() {
	echo "$(basename "$0" .sh): $pass passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
}

# start TARGET [ARGS...]: run a test target in $T (where a kernel core lands),
# stdin a fifo that fd 3 keeps open; wait for "ready"; $pid is its PID.
# CORE_LIMIT: its ulimit -c (default 0).
start() {
	rm -f "$T/in" "$T/tout"
	mkfifo "$T/in"
	(cd "$T" && ulimit -c "${CORE_LIMIT:-0}" && exec "$TARGETS/$@") <"$T/in" >"$T/tout" &
	exec 3>"$T/in"
	for i in $(seq 100); do grep -q ready "$T/tout" && break; sleep 0.1; done
	pid=$(sed -n 's/^pid=//p' "$T/tout")
}
# stop: close its stdin (it exits) and wait for it
stop() { exec 3>&-; wait; }
# key NAME: a key=value line of the target's
key() { sed -n "s/^$1=//p" "$T/tout"; }
state() { sed -n 's/^State:\t\(.\).*/\1/p' /proc/$pid/status; }
tracer() { sed -n 's/^TracerPid:\t//p' /proc/$pid/status; }
# running: the target is neither stopped nor traced
running() { s=$(state); [ "$s" != t ] && [ "$s" != T ] && [ "$(tracer)" = 0 ]; }
# until_held: wait (up to 2 s) until procbox holds the target (state t):
# the moment a run is under way (its outputs have no name until it ends)
until_held() { for i in $(seq 400); do [ "$(state)" = t ] && return 0; sleep 0.005; done; return 1; }
# all_stopped: every thread of the target in group stop
all_stopped() { ! grep -h '^State' /proc/$pid/task/*/status | grep -qv 'T (stopped)'; }
# rss_lines: every mapping's Rss, Anonymous and Swap (what a dump must not change)
rss_lines() { grep -E '^(Rss|Anonymous|Swap):' /proc/$pid/smaps; }

# magic K: the K-th magic register value, 0xKKKK... in the target's word size
# (its long_bit key; 64 where it has none)
magic() { bits=$(key long_bit); v=0x; for i in $(seq $((${bits:-64} / 4))); do v=$v$(printf %x "$1"); done; echo "$v"; }
# magic_found FILE: every magic register of the target (its magic_regs key;
# ARM leaves r7's slot empty) holds its value in FILE's "REG  VALUE" lines,
# as pregs and gdb print them; $k: the slots counted
magic_found() {
	k=0 bad=0
	for r in $(key magic_regs | sed 's/,,/,-,/g; s/,/ /g'); do
		k=$((k + 1))
		[ "$r" = - ] || grep -q "^$r  *$(magic $k) " "$1" || { bad=1; echo "  no thread has $r = $(magic $k)"; }
	done
	[ $bad = 0 ]
}
# regs_of PREGS_OUTPUT: "TID REG VALUE" lines, sorted
regs_of() { awk '/^Thread/ { t = $2 } /^[a-z0-9_]+ +0x/ { print t, $1, $2 }' "$1" | sort; }
# gdb_regs_agree REGS_OF_FILE GDB_OUTPUT MIN: every register gdb shows that
# pregs named has pregs' value, at least MIN compared; the count on stderr
gdb_regs_agree() {
	awk -v min="$3" 'FNR == 1 { f++ } f == 1 { v[$1 " " $2] = $3; next }
	     /^Thread [0-9]+ \(LWP [0-9]+\)/ { t = $4; sub(/\).*/, "", t) }
	     /^[a-z0-9_]+ +0x/ && (t " " $1) in v { n++; if (v[t " " $1] != $2) { print t, $1, v[t " " $1], "gdb", $2; bad = 1 } }
	     END { if (n < min) { print "only " n " compared"; bad = 1 } print n > "/dev/stderr"; exit bad }' "$1" "$2"
}
