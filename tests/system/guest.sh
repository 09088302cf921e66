# guest.sh: the live checks that need a real kernel of the arch, run in its
# VM (busybox sh) or natively on the host. Env: PROCBOX, TARGETS (the
# target binaries of this arch), OUT (a directory: files for the host's
# judges are copied there) or none (they are printed on the console between
# "PB-FILE NAME" and "PB-END", gzip'ed and base64'ed). NAME picks the target's
# build (core_target, stack_target's) and labels the files and pstack's
# checks (a prefix).
d=$(dirname "$0")
[ -f "$d/lib.sh" ] && . "$d/lib.sh" || . "$d/../live/lib.sh" # in the VM, or in the tree
NAME=${NAME:-}

emit() { # emit NAME FILE
	if [ -n "${OUT:-}" ]; then
		cp "$2" "$OUT/$NAME$1"
	else
		echo "PB-FILE $NAME$1"
		gzip -c "$2" | base64
		echo "PB-END"
	fi
}
nozeros() { sed 's/^0*//'; }
# an emulated CPU (qemu-system's TCG) runs 20-50 times slower: give the
# stop deadline and the watchdog as much more room
[ -n "${OUT:-}" ] || export PROCBOX_STOP_MS=${PROCBOX_STOP_MS:-5000} PROCBOX_HOLD_MS=${PROCBOX_HOLD_MS:-60000}

CORE_LIMIT=unlimited start core_target "$T" 64
ps=$(key pagesize)
emit tout "$T/tout"
[ -n "$pid" ] || { fail "core_target did not start: $(cat "$T/tout")"; summary; exit; }

# --- pmaps: each mapping's address, size and (for -x) Rss, as /proc says
pb "$PROCBOX" pmaps "$pid"
awk '{ split($1, a, "-"); print a[1] }' /proc/$pid/maps | nozeros >"$T/m.addr"
awk 'NR > 1 && $1 ~ /^[0-9a-f]+$/ { print $1 }' "$T/out" | nozeros >"$T/p.addr"
check "pmaps: exit 0, every mapping's address as in /proc/PID/maps ($(wc -l <"$T/m.addr"))" \
	test "$st" = 0 -a -s "$T/m.addr" -a "$(cat "$T/m.addr")" = "$(cat "$T/p.addr")"
awk 'NR > 1 && $1 ~ /^[0-9a-f]+$/ { sub(/K$/, "", $2); print $2 }' "$T/out" >"$T/p.kb"
# (15 hex digits at most: shell arithmetic is signed 64-bit)
awk '{ split($1, a, "-"); print a[1] " " a[2] }' /proc/$pid/maps | sed 's/[0-9a-f]*\([0-9a-f]\{15\}\)/\1/g' |
	while read a b; do echo $(((0x$b - 0x$a) / 1024)); done >"$T/m.kb"
check "pmaps: every mapping's size" test -s "$T/m.kb" -a "$(cat "$T/m.kb")" = "$(cat "$T/p.kb")"
pat=$(key pattern_addr)
check "pmaps: the pattern region is rw-p anonymous" \
	grep -q "^0*$pat  *$((64 * ps / 1024))K rw--- " "$T/out"
pb "$PROCBOX" pmaps -x "$pid"
grep '^Rss:' /proc/$pid/smaps | awk '{ print $2 }' >"$T/m.rss"
awk 'NR > 2 && $1 ~ /^[0-9a-f]+$/ { print $3 }' "$T/out" >"$T/p.rss"
check "pmaps -x: every mapping's RSS as smaps says" test -s "$T/m.rss" -a "$(cat "$T/m.rss")" = "$(cat "$T/p.rss")"
check "the target runs on" running

# --- pregs: every thread, the spinning one's magic registers
pb "$PROCBOX" pregs "$pid"
check "pregs: exit 0, three threads" test "$st" = 0 -a "$(grep -c '^Thread ' "$T/out")" = 3
magic_found "$T/out"
check "pregs: the spinning thread's callee-saved registers hold the magic values ($k)" test $? = 0 -a $k -gt 4
check "the target runs on, not traced" running

# --- pdump: bytes and metadata as the target wrote them
rss_lines >"$T/rss.before"
mkdir "$T/d"
pb "$PROCBOX" pdump -d "$T/d" "$pid"
f=$T/d/$pid-$(printf %d 0x$pat)-$(($(printf %d 0x$pat) + 64 * ps)).dump
check "pdump: exit 0, the pattern region's dump and metadata, named as the seed does" \
	test "$st" = 0 -a -f "$f" -a -f "$f.metadata"
bad=0
for i in $(seq 0 63); do
	[ "$(dd if="$f" bs=$ps skip=$i count=1 2>/dev/null | head -c 8)" = "$(printf PAGE%04d $i)" ] || bad=$((bad + 1))
done
check "pdump: the 64 pattern pages hold what the target wrote ($bad wrong)" test $bad = 0 -a "$(wc -c <"$f")" = $((64 * ps))
check "pdump: metadata: 64 lines '10' (present, not swapped)" \
	test "$(sort -u "$f.metadata")" = 10 -a "$(wc -l <"$f.metadata")" = 64
u=$(key untouched_addr)
uf=$T/d/$pid-$(printf %d 0x$u)-$(($(printf %d 0x$u) + $(key untouched_size))).dump
check "pdump: the untouched region: all '00', a hole" \
	test "$(sort -u "$uf.metadata")" = 00 -a "$(du -k "$uf" | cut -f1)" = 0
rss_lines >"$T/rss.after"
check "pdump: the target's smaps Rss, Anonymous and Swap unchanged" cmp -s "$T/rss.before" "$T/rss.after"
check "the target runs on, not traced" running
pb "$PROCBOX" pdump -s "$pid" "$(key heap_marker)"
check "pdump -s: the heap marker" test "$(cat "$T/out")" = PROCBOX-HEAP-MARKER

# --- pcore of the running target; then stopped: pregs and pcore for the host to compare
pb "$PROCBOX" pcore -o "$T/running.core" "$pid"
check "pcore: exit 0, nothing on stderr, the target runs on" test "$st" = 0 -a ! -s "$T/err" && running
cat "$T/err"
emit running.core "$T/running.core"
kill -STOP "$pid"
for i in $(seq 100); do all_stopped && break; sleep 0.1; done
pb "$PROCBOX" pregs "$pid"
cp "$T/out" "$T/pregs"
pb "$PROCBOX" pcore -o "$T/stopped.core" "$pid"
check "pcore of a stopped target: exit 0, it stays stopped, not traced" \
	test "$st" = 0 -a "$(state)" = T -a "$(tracer)" = 0
emit pregs "$T/pregs"
emit stopped.core "$T/stopped.core"
kill -CONT "$pid"

# --- the kernel's own core of the same process, just after pcore's
pb "$PROCBOX" pcore -o "$T/mine.core" "$pid"
emit mine.core "$T/mine.core"
kill -ABRT "$pid"
stop
check "the kernel wrote its core (ulimit -c unlimited, core_pattern 'core')" test -s "$T/core"
[ -s "$T/core" ] && emit kernel.core "$T/core"

# --- pdump: memory only read maps the kernel's zero page: holes, not data
# (told apart by PAGEMAP_SCAN, Linux 6.7+)
kv=$(uname -r | sed 's/^\([0-9]*\)\.\([0-9]*\).*/\1 \2/')
if [ -n "$NAME" ] || [ ! -x "$TARGETS/hostile" ]; then
	:
elif [ $(echo $kv | awk '{ print ($1 * 100 + $2 >= 607) }') = 0 ]; then
	skip "pdump: zero-page memory as holes: Linux $(uname -r) has no PAGEMAP_SCAN to tell the zero page apart"
else
	start hostile zero 16
	z=$(key zero)
	anon=$(grep -A20 "^$z-" /proc/$pid/smaps | sed -n 's/^Anonymous: *\([0-9]*\) kB/\1/p' | head -n 1)
	mkdir "$T/z"
	if [ "${anon:-0}" -gt 64 ]; then
		skip "pdump: zero-page memory as holes: this kernel gives read faults pages of their own (${anon} kB)"
	else
		pb "$PROCBOX" pdump -A "$z,$(printf %x $((0x$z + 1)))" -d "$T/z" "$pid"
		f=$(ls "$T/z"/*.dump 2>/dev/null | head -n 1)
		check "pdump: 16 MiB the target only read: holes but its written page ($(du -k "$f" 2>/dev/null | cut -f1) KiB allocated), every page present" \
			test "$st" = 0 -a "$(wc -c <"$f")" = $((16 << 20)) -a "$(du -k "$f" | cut -f1)" -lt 256 -a \
				"$(head -c 4 "$f")" = ZERO -a "$(grep -c '^10' "$f.metadata")" = $((16 * 1048576 / ps))
	fi
	stop
fi
# --- pstack on each build of stack_target of this arch (the Makefile's
# STACK_FLAGS_*): every thread's chain of the source, live (the target runs
# on untraced), then in pcore's core of it and in the kernel's own, with -e
for tg in "$TARGETS"/stack_target*; do
	stack_target_judged "$tg" "pstack $NAME${tg##*/}"
done
echo "guest ($NAME$(uname -m)): $pass passed, $failed failed, $skipped skipped"
