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
# rss_lines: every mapping's Rss, Anonymous and Swap (what a dump must not change)
rss_lines() { grep -E '^(Rss|Anonymous|Swap):' /proc/$pid/smaps; }
