# hostile.sh: targets that try to make procbox hold them for ever (a thread
# that cannot stop, a read that waits on userfaultfd, files on a file system
# whose daemon is stopped, procbox itself suspended or stopped), and outputs
# that must appear whole or not at all. Every procbox run is bounded by
# timeout; each case asserts that procbox returned in time, that the target's
# own gap thread was never kept from running longer than a bound, and that
# the target is left running and untraced. Cases that race repeat
# HOSTILE_RUNS times (default 10).
. "$(dirname "$0")/lib.sh"

live_only "the hostile suite"
N=${HOSTILE_RUNS:-10}
BOUND=3000 # ms: the longest a target may be kept from running (stop deadline 300 ms, a loaded machine)
# gap: the longest the target's gap thread was kept from running since the last ask
gap() { echo gap >&3; for i in $(seq 50); do g=$(sed -n 's/^gap_ms=//p' "$T/tout" | tail -n 1); [ -n "$g" ] && [ "$g" != "${lastg:-}" ] && break; sleep 0.02; done; lastg=$g; echo "${g:-99999}"; }
# pb_t SECONDS ARGS...: pb with a bound (exit 124: procbox had to be killed)
pb_t() { s=$1; shift; timeout -s KILL "$s" "$@" >"$T/out" 2>"$T/err"; st=$?; }
# calm: gap below the bound, target running and untraced
# on APP: the applet on the target, bounded (pcore and pdump write into an
# empty $T/o)
on() {
	rm -rf "$T/o"; mkdir "$T/o"
	case $1 in
	pregs) pb_t 10 "$PROCBOX" pregs "$pid" ;;
	pcore) pb_t 10 "$PROCBOX" pcore -o "$T/o/core" "$pid" ;;
	pdump) pb_t 10 "$PROCBOX" pdump -d "$T/o" "$pid" ;;
	esac
}
# stop_target: end the target only (the FUSE daemon is a job of ours too)
stop_target() { exec 3>&-; wait $pid 2>/dev/null; }
calm() { g=$(gap); [ "$g" -lt $BOUND ] && running || { echo "  gap ${g} ms, state $(state), tracer $(tracer)"; return 1; }; }

# --- a thread that cannot stop (a vfork parent): bounded, named, others run
start hostile vfork
child=$(key child)
gap >/dev/null
on pregs
check "pregs on a vfork parent: exit $st in time, thread $pid named, the other threads shown, kept from running < $BOUND ms" \
	sh -c "[ $st = 0 ] && grep -q 'thread $pid .*did not stop.*left out' '$T/err' && ! grep -q '^Thread $pid ' '$T/out' &&
		[ \$(grep -c '^Thread ' '$T/out') = \$((\$(ls /proc/$pid/task | wc -l) - 1)) ]" && calm
for app in pcore pdump; do
	on $app
	check "$app on a vfork parent: exit $st in time naming thread $pid, no file, the other threads kept from running < $BOUND ms" \
		sh -c "[ $st = 1 ] && grep -q 'thread $pid .*did not stop.*let go' '$T/err' && [ -z \"\$(ls -A '$T/o')\" ]" && calm
done
check "the vfork parent is let go too, once its child goes" sh -c "kill $child; sleep 0.3; [ \"\$(sed -n 's/^State:\t\(.\).*/\1/p' /proc/$pid/status)\" != t ]"
stop

# --- a read that would wait on userfaultfd: a sibling sharing the memory (not
# stopped with the target) drops a registered page between scan and read
if start hostile uffd && [ -n "$pid" ]; then
	bad=0 slow=0
	for i in $(seq $N); do
		rm -rf "$T/o"; mkdir "$T/o"
		pb_t 20 "$PROCBOX" pcore -a -o "$T/o/core" "$pid"
		[ $st = 0 ] || { bad=1; echo "  pcore run $i: exit $st: $(head -2 "$T/err")"; }
		pb_t 20 "$PROCBOX" pdump -a -d "$T/o" "$pid"
		[ $st = 0 ] || { bad=1; echo "  pdump run $i: exit $st: $(head -2 "$T/err")"; }
		calm || slow=1
	done
	check "userfaultfd page dropped under the dump ($N runs each of pcore -a and pdump -a): every run ends, exit 0" test $bad = 0
	check "... and the target was never held longer than $BOUND ms" test $slow = 0
	stop
else
	skip "userfaultfd: not available here ($(cat "$T/tout" 2>/dev/null | head -1))"
	stop
fi

# --- files on a FUSE file system whose daemon is stopped
fuse_ok=""
if [ "$(id -u)" != 0 ] || [ ! -c /dev/fuse ]; then
	fuse_ok="needs root and /dev/fuse"
elif ! gcc -O2 -I/usr/include/fuse3 "$(dirname "$0")/fusefs.c" -o "$T/fusefs" -lfuse3 2>"$T/cc"; then
	fuse_ok="libfuse3 headers missing (apt-get install libfuse3-dev): $(head -1 "$T/cc")"
fi
if [ -z "$fuse_ok" ]; then
	mkdir "$T/mnt"
	"$T/fusefs" "$T/mnt" &
	fpid=$!
	for i in $(seq 100); do [ -e "$T/mnt/data" ] && break; sleep 0.05; done
	[ -e "$T/mnt/data" ] || fuse_ok="the FUSE file system did not come up"
fi
if [ -z "$fuse_ok" ]; then
	# a thread blocked reading from the stopped daemon: uninterruptible
	start hostile read "$T/mnt/direct"
	kill -STOP $fpid
	echo go >&3
	sleep 0.3
	gap >/dev/null
	for app in pregs pcore pdump; do
		on $app
		check "$app on a thread stuck in a FUSE read: exit $st in time naming it (state D), the others kept < $BOUND ms" \
			sh -c "[ $st = \$([ $app = pregs ] && echo 0 || echo 1) ] && grep -q 'did not stop within .*state D' '$T/err'" && calm
	done
	kill -CONT $fpid
	stop_target

	# a private mapping of a FUSE file, every page resident, the daemon stopped
	start hostile map "$T/mnt/data"
	kill -STOP $fpid
	gap >/dev/null
	rm -rf "$T/o"; mkdir "$T/o"
	pb_t 10 "$PROCBOX" pcore -o "$T/o/core" "$pid"
	check "pcore of a FUSE mapping with the daemon stopped: exit 0 in time ($st), a core readelf reads" \
		sh -c "[ $st = 0 ] && readelf -h '$T/o/core' >/dev/null" && calm
	pb_t 10 "$PROCBOX" pcore -a -f -o "$T/o/core" "$pid"
	check "pcore -a of it: exit 0 in time ($st), the mapping's bytes from memory" \
		sh -c "[ $st = 0 ]" && calm
	pb_t 10 "$PROCBOX" pdump --file -d "$T/o" "$pid"
	check "pdump --file of it: exit 0 in time ($st)" test "$st" = 0 && calm
	pb_t 10 "$PROCBOX" pdump -x "$pid" "$(printf 0x%x $((0x$(key map) + 4096)))+16"
	check "pdump -x into it: the file's bytes (02 02 ...), in time ($st)" \
		sh -c "[ $st = 0 ] && grep -q '0202 0202 0202 0202' '$T/out'" && calm
	kill -CONT $fpid
	stop_target
	fusermount3 -u "$T/mnt" 2>/dev/null || umount -l "$T/mnt"
	kill $fpid 2>/dev/null
	wait $fpid 2>/dev/null
else
	skip "FUSE cases (a thread stuck in a read, a mapping with the daemon stopped): $fuse_ok"
fi

# --- procbox suspended (^Z) or stopped while it holds the target
start hostile mem 512
# ^Z: SIGTSTP waits until the target runs again (procbox in its own process
# group, so that the stop is not discarded as an orphaned group's)
rm -rf "$T/o"; mkdir "$T/o"
python3 -c 'import os, sys; os.setpgid(0, 0); os.execv(sys.argv[1], sys.argv[1:])' \
	"$PROCBOX" pcore -o "$T/o/core" "$pid" 2>"$T/err" &
pc=$!
if until_held; then
	kill -TSTP $pc
	for i in $(seq 500); do [ "$(sed -n 's/^State:\t\(.\).*/\1/p' /proc/$pc/status 2>/dev/null)" = T ] && break; sleep 0.01; done
	pst=$(sed -n 's/^State:\t\(.\).*/\1/p' /proc/$pc/status 2>/dev/null)
	check "^Z of pcore mid-run: it stops ($pst) only once the target runs again" sh -c "[ '$pst' = T ]" && running
	kill -CONT $pc
	wait $pc
	s=$?
	check "... and, continued, finishes the core (exit $s)" sh -c "[ $s = 0 ] && readelf -h '$T/o/core' >/dev/null"
else
	skip "^Z of pcore: the run ended before it could be caught holding the target"
	wait $pc
fi
# SIGSTOP (cannot be held off): the watchdog lets the target go and ends the run
rm -rf "$T/o"; mkdir "$T/o"
gap >/dev/null
PROCBOX_HOLD_MS=1000 "$PROCBOX" pcore -o "$T/o/core" "$pid" 2>"$T/err" &
pc=$!
if until_held; then
	kill -STOP $pc
	t0=$(date +%s%N)
	for i in $(seq 500); do kill -0 $pc 2>/dev/null || break; sleep 0.01; done
	wait $pc
	s=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	check "SIGSTOP of pcore mid-run: the watchdog ends it in ${ms} ms (exit $s, one line why), no file" \
		sh -c "[ $s = 1 ] && grep -q 'no progress for 1000 ms' '$T/err' && [ -z \"\$(ls -A '$T/o')\" ] && [ $ms -lt 4000 ]" && calm
else
	skip "SIGSTOP of pcore: the run ended before it could be caught holding the target"
	wait $pc
fi
stop

# --- a seccomp filter: said before stopping (a filter without restart_syscall
# would kill a thread resumed from a timed sleep)
start hostile seccomp
pb_t 10 "$PROCBOX" pregs "$pid"
check "pregs of a process under a seccomp filter: a warning naming restart_syscall, the registers still shown ($st)" \
	sh -c "[ $st = 0 ] && grep -q 'seccomp filter.*restart_syscall' '$T/err' && grep -q '^Thread' '$T/out'" && running
stop

# --- procbox's own tracer: stopping it would freeze both
if command -v strace >/dev/null; then
	# (LeakSanitizer cannot run under a tracer)
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		timeout -s KILL 10 sh -c 'exec strace -o /dev/null "$0" pregs $$' "$PROCBOX" >"$T/out" 2>"$T/err"
	st=$?
	check "pregs of its own tracer (strace): refused at once (exit $st), one line" \
		sh -c "[ $st = 1 ] && grep -q \"procbox's own tracer\" '$T/err' && [ \$(wc -l <'$T/err') = 1 ]"
else
	skip "procbox's own tracer: no strace here"
fi

# --- the main thread gone (pthread_exit), the others alive: the memory is
# there (/proc/TID/maps), and the kernel would dump it
start hostile exitmain
sleep 0.2
tid=$(ls /proc/$pid/task | grep -vx "$pid" | head -n 1)
rm -rf "$T/o"; mkdir "$T/o"
pb_t 10 "$PROCBOX" pmaps -q "$pid"
check "pmaps of a process whose main thread exited: its mappings ($st)" \
	test "$st" = 0 -a "$(wc -l <"$T/out")" = "$(wc -l </proc/$tid/maps)"
pb_t 10 "$PROCBOX" pregs "$pid"
check "pregs of it: its live threads ($st)" sh -c "[ $st = 0 ] && grep -q '^Thread $tid ' '$T/out'"
pb_t 10 "$PROCBOX" pcore -o "$T/o/core" "$pid"
live=$(($(ls /proc/$pid/task | wc -l) - 1))
notes=$(readelf -n "$T/o/core" 2>/dev/null | grep -c NT_PRSTATUS)
check "pcore of it: a core of its $live live threads ($st, $notes NT_PRSTATUS)" test "$st" = 0 -a "$notes" = "$live"
pb_t 10 "$PROCBOX" pdump -d "$T/o" "$pid"
check "pdump of it ($st)" test "$st" = 0
check "... left running" running
stop

# --- outputs: whole or absent, never over what -f must not replace
start hostile mem 1
rm -rf "$T/o"; mkdir "$T/o"
echo old >"$T/o/old.core"
pb_t 10 "$PROCBOX" pcore -f -o "$T/o/old.core" 99999999
check "a failed pcore -f over an existing core: exit 1, the old file kept" \
	sh -c "[ $st = 1 ] && [ \"\$(cat '$T/o/old.core')\" = old ] && [ \"\$(ls -A '$T/o')\" = old.core ]"
if [ "$(id -u)" = 0 ]; then
	mknod "$T/o/null" c 1 3
	pb_t 10 "$PROCBOX" pcore -f -o "$T/o/null" "$pid"
	check "pcore -f -o a device node: written into ($st), still the device" sh -c "[ $st = 0 ] && [ -c '$T/o/null' ]"
else
	skip "pcore -o a device node: mknod needs root"
fi
mkfifo "$T/o/fifo"
timeout -s KILL 20 cat "$T/o/fifo" >"$T/fifo.core" &
pb_t 10 "$PROCBOX" pcore -f -o "$T/o/fifo" "$pid"
wait $!
check "pcore -f -o a FIFO: written into ($st), still a FIFO, the reader got a core" \
	sh -c "[ $st = 0 ] && [ -p '$T/o/fifo' ] && readelf -h '$T/fifo.core' >/dev/null"
echo victim >"$T/victim"
ln -s "$T/victim" "$T/o/link"
pb_t 10 "$PROCBOX" pcore -o "$T/o/link" "$pid"
check "pcore -o a symlink: refused (exit $st), its target untouched" \
	sh -c "[ $st = 1 ] && [ -L '$T/o/link' ] && [ \"\$(cat '$T/victim')\" = victim ]"
pb_t 10 "$PROCBOX" pcore -f -o "$T/o/link" "$pid"
check "pcore -f -o a symlink: the link replaced by the core (exit $st), its target untouched" \
	sh -c "[ $st = 0 ] && [ ! -L '$T/o/link' ] && readelf -h '$T/o/link' >/dev/null && [ \"\$(cat '$T/victim')\" = victim ]"
stop

# --- not root: shared anonymous memory half written by another process
if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ]; then
	rm -rf "$T/nb"; mkdir "$T/nb"; chown nobody "$T/nb"; chmod o+x "$T"
	rm -f "$T/in" "$T/tout"; mkfifo "$T/in"
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$TARGETS/hostile" shared <"$T/in" >"$T/tout" &
	exec 3>"$T/in"
	for i in $(seq 100); do grep -q ready "$T/tout" && break; sleep 0.05; done
	pid=$(key pid)
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$PROCBOX" pcore -o "$T/nb/core" "$pid" >"$T/out" 2>"$T/err"
	st=$?
	# the child's pages hold their number, unless pcore said it could not read them
	shared_pages_right "$T/nb/core" "$(key shared)" "$(getconf PAGESIZE)" "$T/err" >"$T/py" 2>&1
	check "nobody's pcore of shared memory another process wrote: its pages right, or counted and said ($(cat "$T/py" | tail -n 1))" \
		sh -c "[ $st = 0 ] && grep -q '^ok' '$T/py'"
	stop
else
	skip "not-root dump of shared memory: needs setpriv and root to become nobody"
fi
summary
