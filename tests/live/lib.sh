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
