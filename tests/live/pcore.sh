# pcore.sh: cores of live processes, judged by gdb, readelf and the kernel's
# own core of the same process
. "$(dirname "$0")/lib.sh"

live_only "live pcore tests" "the core writer's unit tests ran under QEMU"
for tool in gdb python3 readelf; do
	command -v $tool >/dev/null || { fail "$tool is needed (toolchains/setup.sh installs it)"; summary; exit; }
done
# binutils 2.44 (the loongarch64 cross one) decodes a 64-bit core's NT_FILE; 2.40 cannot
readelf=${PROCBOX_CACHE:-$HOME/.cache/procbox}/loongarch64/bin/loongarch64-linux-gnu-readelf
[ -x "$readelf" ] || readelf=
big=16384 # MiB never touched
[ "$(getconf LONG_BIT)" = 64 ] || big=64

# readelf_clean CORE: readelf -a finds nothing wrong
readelf_clean() {
	if [ -n "$readelf" ]; then
		"$readelf" -a -W "$1" >"$T/re" 2>"$T/re.err" && [ ! -s "$T/re.err" ]
	else
		# bookworm's 2.40 says this of every 64-bit NT_FILE: a reader's gap, not ours
		readelf -a -W "$1" >"$T/re" 2>"$T/re.err"
		! grep -v 'Cannot decode 64-bit note in 32-bit build' "$T/re.err" | grep -q .
	fi
}

# --- a core of a running target, loaded by gdb
CORE_LIMIT=unlimited start core_target "$T" $big
rss_lines >"$T/rss.before"
pb "$PROCBOX" pcore -o "$T/c1" "$pid"
check "exit 0, nothing on stderr" test "$st" = 0 -a ! -s "$T/err"
[ -s "$T/err" ] && cat "$T/err"
check "the target runs on, not traced" running
rss_lines >"$T/rss.after"
check "the target's RSS and smaps Rss/Anonymous of every mapping unchanged" cmp -s "$T/rss.before" "$T/rss.after"
check "the core is mode 0600" test "$(stat -c %a "$T/c1")" = 600
alloc=$(du -k "$T/c1" | cut -f1)
check "sparse: $big MiB never touched, $alloc KiB allocated" test "$alloc" -lt 4096
check "readelf -a reports nothing wrong ($([ -n "$readelf" ] && echo 2.44 || echo "bookworm's 2.40"))" readelf_clean "$T/c1"
gdb -batch -ex 'info threads' -ex 'thread apply all bt' -ex "x/s 0x$(key heap_marker)" \
	-ex 'thread apply all info registers' "$TARGETS/core_target" "$T/c1" >"$T/gdb" 2>&1
check "gdb: three threads" test "$(grep '^Thread [0-9]* (LWP' "$T/gdb" | sort -u | wc -l)" = 3
check "gdb: a backtrace through the target's functions (core_middle, core_outer)" \
	sh -c "grep -q 'core_middle ()' '$T/gdb' && grep -q 'core_outer ()' '$T/gdb'"
check "gdb: the heap marker reads back with x/s" grep -q "0x$(key heap_marker):.*\"PROCBOX-HEAP-MARKER\"" "$T/gdb"
check "gdb: the spinning thread's callee-saved registers hold the magic values" magic_found "$T/gdb"

# --- a stopped target: pregs live, the core, pregs on it and gdb on it agree
kill -STOP "$pid"
# every thread, the spinning one too (it stops at its next interrupt)
for i in $(seq 50); do all_stopped && break; sleep 0.1; done
pb "$PROCBOX" pregs "$pid"; cp "$T/out" "$T/live"
pb "$PROCBOX" pcore -o "$T/c2" "$pid"
check "a stopped target stays stopped (state $(state))" test "$(state)" = T -a "$(tracer)" = 0
pb "$PROCBOX" pregs "$T/c2"
# per thread, every register line (the header lines differ: live vs core)
regs_of "$T/live" >"$T/r.live"; regs_of "$T/out" >"$T/r.core"
check "pregs on the core = pregs on the live process, every thread ($(wc -l <"$T/r.live") values)" \
	test -s "$T/r.live" -a "$(cat "$T/r.live")" = "$(cat "$T/r.core")"
gdb -batch -ex 'thread apply all info registers' "$TARGETS/core_target" "$T/c2" >"$T/gdb2" 2>&1
gdb_regs_agree "$T/r.core" "$T/gdb2" 48 >"$T/diff" 2>"$T/n"
check "gdb's registers from the core = pregs' ($(cat "$T/n") values)" test $? = 0
head -3 "$T/diff"
# -o - gives the same bytes (zeros for holes) as a file; the target is still stopped
pb "$PROCBOX" pcore -o - "$pid"; mv "$T/out" "$T/c2.stream"
same_but_clocks "$T/c2" "$T/c2.stream"
check "-o -: the same bytes as the file (but the clocks and the sender PID)" test $? = 0
check "-o -: written out, holes and all" test "$(stat -c %s "$T/c2.stream")" = "$(stat -c %s "$T/c2")"
kill -CONT "$pid"

# --- options
pb "$PROCBOX" pcore --filter 0 -o "$T/c3" "$pid"
only_always_dumped "$T/c3" "$(key pattern_addr)" >"$T/py" 2>&1
check "--filter 0: anonymous memory left out, only the always-dumped ([vdso] ...) kept ($(cat "$T/py"))" test $? = 0
pb "$PROCBOX" pcore -a -o "$T/c4" "$pid"
gdb -batch -ex "x/s 0x$(key file_addr)" -ex "x/s 0x$(key file_addr)+$(key pagesize)*3" \
	"$TARGETS/core_target" "$T/c4" >"$T/gdb4" 2>&1
check "-a: file pages never touched come from the file (FILE0000, FILE0003)" \
	sh -c "grep -q '\"FILE0000FILE0000' '$T/gdb4' && grep -q '\"FILE0003FILE0003' '$T/gdb4'"
pb "$PROCBOX" pcore -o "$T/c1" "$pid"
check "an existing file is not replaced: exit 1, one line" test "$st" = 1 -a "$(wc -l <"$T/err")" = 1
has "$(cat "$T/err")" "exists" || fail "  says: $(cat "$T/err")"
echo secret >"$T/victim"; ln -s "$T/victim" "$T/link"
pb "$PROCBOX" pcore -o "$T/link" "$pid"
check "a symlink at the output path is not followed" test "$st" = 1 -a "$(cat "$T/victim")" = secret
pb "$PROCBOX" pcore -f -o "$T/link" "$pid"
check "-f replaces the symlink itself, not its target" test "$st" = 0 -a ! -L "$T/link" -a "$(cat "$T/victim")" = secret
pb "$PROCBOX" pcore abc
check "a bad PID: exit 2" test "$st" = 2
pb "$PROCBOX" pcore -o "$T/none" 99999999
check "no such process: exit 1, one line, nothing written" test "$st" = 1 -a "$(wc -l <"$T/err")" = 1 -a ! -e "$T/none"

# --- failures: nothing half-written, the target runs on
if mkdir -p "$T/small" && mount -t tmpfs -o size=256k tmpfs "$T/small" 2>/dev/null; then
	pb "$PROCBOX" pcore -o "$T/small/c" "$pid"
	check "ENOSPC: exit 1, one line naming the file, the partial file removed" \
		test "$st" = 1 -a "$(wc -l <"$T/err")" = 1 -a ! -e "$T/small/c"
	has "$(cat "$T/err")" "No space left" || fail "  says: $(cat "$T/err")"
	check "ENOSPC: the target runs on" running
	umount "$T/small"
else
	skip "ENOSPC: cannot mount a small tmpfs here"
fi
("$PROCBOX" pcore -o - "$pid" 2>"$T/err"; echo $? >"$T/st") | head -c 1 >/dev/null
check "EPIPE on -o -: exit 1 and one line" test "$(cat "$T/st")" = 1 -a "$(wc -l <"$T/err")" = 1
check "EPIPE: the target runs on" running

# versus_kernel CORE WHAT: the target killed by SIGABRT (the kernel dumps it
# into $T/core, core_pattern 'core'), and corecmp.py judges CORE against it;
# skipped, and said, where the kernel's cores go elsewhere
versus_kernel() {
	if [ "$(cat /proc/sys/kernel/core_pattern)" != core ]; then
		kill -KILL "$pid"
		stop
		skip "$2: core_pattern is '$(cat /proc/sys/kernel/core_pattern)', not 'core'"
		return
	fi
	rm -f "$T/core"
	kill -ABRT "$pid"
	stop
	python3 tests/live/corecmp.py "$T/core" "$1" >"$T/cmp"
	check "$2" test $? = 0
	grep -v '^ok' "$T/cmp" | head -5
}

# --- compared with the kernel's own core of the same process
if [ "$(cat /proc/sys/kernel/core_pattern)" = core ]; then
	pb "$PROCBOX" pcore -o "$T/mine" "$pid"
	kill -ABRT "$pid"
	stop
	if [ -s "$T/core" ]; then
		python3 tests/live/corecmp.py "$T/core" "$T/mine" >"$T/cmp"
		check "kernel core vs pcore's: notes (names, types, sizes, order, ids), every PT_LOAD" test $? = 0
		grep -v '^ok' "$T/cmp"
		check "pcore's allocated size ($(du -k "$T/mine" | cut -f1) KiB) <= the kernel's ($(du -k "$T/core" | cut -f1) KiB)" \
			test "$(du -k "$T/mine" | cut -f1)" -le "$(du -k "$T/core" | cut -f1)"
	else
		fail "the kernel wrote no core (ulimit -c unlimited, core_pattern 'core')"
	fi
else
	stop
	skip "kernel comparison: core_pattern is '$(cat /proc/sys/kernel/core_pattern)', not 'core'"
fi

# --- the dump rules where /proc says little (which private mappings have an
# anon_vma: split before or after a page was written; PROT_NONE memory) and a
# file name with a newline in NT_FILE, against the kernel's core
CORE_LIMIT=unlimited start vma_target "$T"
pb "$PROCBOX" pcore -o "$T/vma" "$pid"
vma_target_core "$T/vma" "$(key early_split_addr)" "$(key none_touched_addr)" "$(key pagesize)" "$pid" >"$T/py" 2>&1
check "PROT_NONE pages written, a madvise split before the first page not dumped, a newline in NT_FILE" \
	grep -q '^ok' "$T/py"
grep -q '^ok' "$T/py" || cat "$T/py"
versus_kernel "$T/vma" "vma_target: the kernel's core and pcore's agree (anon_vma rules, PROT_NONE, NT_FILE)"

# --- in a PID namespace of its own (unshare --pid --fork: a shell as its pid
# 1, the target pid 2 under it, its group and session outside): the ids it
# sees, as in the kernel's core, though pcore runs outside
if ! command -v unshare >/dev/null; then
	skip "PID namespace: no unshare (util-linux)"
elif ! unshare --pid --fork true 2>/dev/null; then
	skip "PID namespace: unshare --pid fails here (no CONFIG_PID_NS, or not allowed)"
else
	rm -f "$T/core" "$T/in" "$T/tout"
	mkfifo "$T/in"
	# (an asynchronous list's stdin is /dev/null: the fifo goes by fd 4)
	(cd "$T" && ulimit -c unlimited && exec unshare --pid --fork sh -c 'exec 4<&0; "$0" "$1" 0<&4 4<&- & wait' \
		"$TARGETS/core_target" "$T") <"$T/in" >"$T/tout" &
	exec 3>"$T/in"
	for i in $(seq 100); do grep -q ready "$T/tout" && break; sleep 0.1; done
	# the target's host PID: unshare ($!) forks the shell, the shell the target
	child_of() { grep -l "^PPid:	$1\$" /proc/[0-9]*/status 2>/dev/null | sed 's|/proc/||; s|/status||' | head -1; }
	pid=$(child_of "$(child_of $!)")
	pb "$PROCBOX" pcore -o "$T/ns" "$pid"
	check "PID namespace: pcore exit 0 (host PID $pid, $(key pid) inside)" test "$st" = 0 -a -n "$pid"
	ns_ids_in_core "$T/ns" >"$T/py" 2>&1
	check "PID namespace: NT_PRPSINFO pid 2, ppid 1, pgrp 0, sid 0; each thread's NT_PRSTATUS its own tid" \
		grep -q '^ok' "$T/py"
	grep -q '^ok' "$T/py" || cat "$T/py"
	versus_kernel "$T/ns" "PID namespace: the kernel's core and pcore's agree (every id)"
fi

# --- the target killed mid-dump: an error, not a core with zeros
start core_target "$T" 64 256
("$PROCBOX" pcore -o - "$pid" 2>"$T/err"; echo $? >"$T/st") | (sleep 0.5; cat >/dev/null) &
sleep 0.2
kill -KILL "$pid"
wait
check "the target killed mid-dump: exit 1, one line saying it exited" \
	test "$(cat "$T/st")" = 1 -a "$(grep -c exited "$T/err")" = 1 -a "$(wc -l <"$T/err")" = 1
stop

# --- SIGINT and SIGTERM mid-dump: the partial file removed, the target runs on
# (a background job of sh starts with SIGINT ignored: env gives it back)
start core_target "$T" 64 1024
for sig in INT TERM; do
	rm -f "$T/sig"
	env --default-signal=INT "$PROCBOX" pcore -o "$T/sig" "$pid" 2>/dev/null &
	pc=$!
	until_held
	kill -$sig $pc
	wait $pc
	s=$?
	if [ $s = 0 ]; then
		skip "SIG$sig mid-dump: the dump finished first"
	else
		check "SIG$sig mid-dump: killed by it ($s), no partial file (nor a hidden one), the target runs on" \
			test $s -gt 128 -a ! -e "$T/sig" -a -z "$(ls -A "$T" | grep '^\.sig')" -a "$(state)" != t -a "$(tracer)" = 0
	fi
done
stop

# --- more than 65534 mappings: PN_XNUM, as the kernel (vm.max_map_count
# is 65530 by default: raised for the test, then put back)
max=$(cat /proc/sys/vm/max_map_count)
n=65600
if [ "$max" -gt $((n + 100)) ] || echo $((n + 1000)) 2>/dev/null >/proc/sys/vm/max_map_count; then
	CORE_LIMIT=unlimited start many_maps $n
	pb "$PROCBOX" pcore -o "$T/x" "$pid"
	check "$n mappings: exit 0" test "$st" = 0
	maps=$(wc -l </proc/$pid/maps)
	"${readelf:-readelf}" -h -W "$T/x" >"$T/re" 2>&1
	check "PN_XNUM: e_phnum 0xffff, the real count ($((maps + 1))) in section 0's sh_info" \
		grep -q "Number of program headers: *65535 ($((maps + 1)))" "$T/re"
	pb "$PROCBOX" pmaps "$T/x"
	check "pmaps reads it back: $maps mappings" test "$(grep -c '^[0-9a-f]\{8,\} ' "$T/out")" = "$maps"
	versus_kernel "$T/x" "PN_XNUM: the kernel's core and pcore's agree"
	echo "$max" >/proc/sys/vm/max_map_count
else
	skip "PN_XNUM: vm.max_map_count is $max and cannot be raised here"
fi
summary
