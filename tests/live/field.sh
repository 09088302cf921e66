# field.sh: procbox on the machine's own programs, judged by the tools the
# machine has. python3 with threads blocked in different calls, a shell and
# sleep, each stopped with SIGSTOP for exact comparisons: procps pmap -x and
# -XX against pmaps -x and -X row by row (tests/live/pmapcmp.py says what
# differs by design), pcore's core read by readelf -n and gdb (every thread);
# each must come out stopped exactly as it was, then runs on. Then pmaps and
# pmaps -x, read-only, on every other process of the machine. Nothing the
# suite did not start is stopped, attached to or signalled.
. "$(dirname "$0")/lib.sh"

live_only "field suite" "the machine's programs are not of $ARCH"
have() { command -v "$1" >/dev/null; }
# binutils 2.44 (the loongarch64 cross one) if there, as in pcore.sh
readelf=${PROCBOX_CACHE:-$HOME/.cache/procbox}/loongarch64/bin/loongarch64-linux-gnu-readelf
[ -x "$readelf" ] || readelf=readelf

# --- the programs
started=
trap 'kill -KILL $started 2>/dev/null; rm -rf "$T"' EXIT
mkfifo "$T/py.in" "$T/sh.in"
cat >"$T/threads.py" <<'EOF'
import os, select, sys, threading, time
r1, w1 = os.pipe()
r2, w2 = os.pipe()
lock = threading.Lock()
lock.acquire()
cond = threading.Condition()
def sleeper(): time.sleep(3600)
def reader(): os.read(r1, 1)
def locker(): lock.acquire()
def waiter():
    with cond:
        cond.wait()
def selector(): select.select([r2], [], [], 3600)
for f in (sleeper, reader, locker, waiter, selector):
    threading.Thread(target=f, name=f.__name__, daemon=True).start()
print("pid=%d" % os.getpid())
print("threads=%d" % threading.active_count())
print("ready", flush=True)
sys.stdin.read()
EOF
progs=
if have python3; then
	python3 "$T/threads.py" <"$T/py.in" >"$T/py.out" 2>&1 &
	py=$!
	exec 4>"$T/py.in"
	started="$started $py"
	progs="$progs py"
else
	skip "python3 with threads: no python3"
fi
sh <"$T/sh.in" >/dev/null 2>&1 &
shp=$!
exec 5>"$T/sh.in"
sleep 3600 &
sl=$!
started="$started $shp $sl"
progs="$progs shp sl"

# blocked: every thread asleep in a system call (its number in task/TID/syscall)
blocked() {
	for t in /proc/$1/task/*; do
		grep -q '^State:	S' $t/status && [ "$(cut -d' ' -f1 $t/syscall)" -ge 0 ] 2>/dev/null || return 1
	done
}
for i in $(seq 100); do
	ok=1
	[ -z "$py" ] || { grep -q ready "$T/py.out" && blocked $py; } || ok=0
	[ "$(tr '\0' ' ' </proc/$shp/cmdline)" = "sh " ] && blocked $shp || ok=0
	[ "$(readlink /proc/$sl/exe)" != "$(readlink /proc/$$/exe)" ] && blocked $sl || ok=0
	[ $ok = 1 ] && break
	sleep 0.1
done
if [ -n "$py" ]; then
	n=$(ls /proc/$py/task | wc -l)
	calls=$(for t in /proc/$py/task/*; do cut -d' ' -f1 $t/syscall; done | sort -u | wc -l)
	check "python3: $n threads ($(sed -n 's/^threads=//p' "$T/py.out") by Python), blocked in $calls different calls (sleep, read, lock, condition, select)" \
		test "$n" = 6 -a "$calls" -ge 4
fi

# snap PID: what must not change while it is stopped: each thread's state
# and the call it is in (number, arguments, sp, pc), pending signals, tracer
snap() {
	for t in /proc/$1/task/*; do
		echo "${t##*/} $(sed -n 's/^State:	\(.\).*/\1/p' $t/status) $(cat $t/syscall)"
	done
	grep -E '^(SigPnd|ShdPnd|TracerPid):' /proc/$1/status
}
stopped() { ! grep -h '^State' /proc/$1/task/*/status | grep -qv 'T (stopped)'; }
# threads_in FILE: the threads readelf -n (NT_PRSTATUS notes) or gdb's info
# threads ("* 1    Thread 0x7f... (LWP 123) ...", "  2    LWP 124 ...") lists
threads_in() { grep -cE '^[* ] +[0-9]+ +.*LWP [0-9]+|NT_PRSTATUS' "$1"; }

for v in $progs; do
	eval p=\$$v
	name=$(cat /proc/$p/comm)
	kill -STOP $p
	for i in $(seq 50); do stopped $p && break; sleep 0.1; done
	snap $p >"$T/before"
	nthreads=$(ls /proc/$p/task | wc -l)

	# procps pmap against pmaps, row by row
	if have pmap && have python3; then
		for m in x X; do
			pmap -$m$([ $m = X ] && echo X) $p >"$T/procps" 2>&1
			pb "$PROCBOX" pmaps -$m $p
			if [ "$st" != 0 ]; then
				fail "$name: pmaps -$m exit $st ($(grep -m1 -v '^=*$' "$T/err"))"
				continue
			fi
			python3 "$(dirname "$0")/pmapcmp.py" $m "$T/procps" "$T/out" >"$T/cmp"
			check "$name: procps pmap -$m$([ $m = X ] && echo X) = pmaps -$m, row by row ($(grep -c '^ *[0-9a-f]\{8,\} ' "$T/out") mappings)" test $? = 0
			grep -v '^ok' "$T/cmp" | head -12
		done
	else
		skip "$name: procps pmap against pmaps: $(have pmap || echo 'no pmap (procps)') $(have python3 || echo 'no python3')"
	fi

	# pcore: readelf and gdb see every thread
	pb "$PROCBOX" pcore -o "$T/core.$p" $p
	check "$name: pcore exit 0" test "$st" = 0
	if have "$readelf"; then
		"$readelf" -n "$T/core.$p" >"$T/re" 2>&1
		check "$name: readelf -n: $nthreads NT_PRSTATUS notes, one a thread" test "$(threads_in "$T/re")" = "$nthreads"
	else
		skip "$name: readelf -n on the core: no readelf (binutils)"
	fi
	if have gdb; then
		gdb -batch -ex 'info threads' "$(readlink /proc/$p/exe)" "$T/core.$p" >"$T/gdb" 2>&1
		check "$name: gdb info threads: $nthreads threads" test "$(threads_in "$T/gdb")" = "$nthreads"
	else
		skip "$name: gdb on the core: no gdb"
	fi
	rm -f "$T/core.$p"

	snap $p >"$T/after"
	check "$name: still stopped exactly as before (threads, calls, pending signals, no tracer)" cmp -s "$T/before" "$T/after"
	cmp -s "$T/before" "$T/after" || diff "$T/before" "$T/after" | head -6
	kill -CONT $p
	for i in $(seq 50); do stopped $p || break; sleep 0.1; done
	check "$name: runs on after SIGCONT" sh -c "kill -0 $p && ! grep -q '^State:	[TtZ]' /proc/$p/status"
done

# --- every other process: pmaps and pmaps -x, read-only (no --stop). Its
# mappings' start addresses must be those of /proc/PID/maps read just
# before and just after, where those two agree (a live thread's maps where the
# main thread has exited: /proc/PID/maps is empty then, the memory is not).
starts() { sed 's/-.*//; s/^0*//' "$1"; }
maps_of() {
	if [ -s "$1/maps" ] || [ "$(sed -n 's/^State:\t\(.\).*/\1/p' "$1/status" 2>/dev/null)" != Z ]; then
		cat "$1/maps"
	else
		for t in "$1"/task/*; do [ "$(sed -n 's/^State:\t\(.\).*/\1/p' "$t/status")" = Z ] || { cat "$t/maps"; break; }; done
	fi
}
seen=0 compared=0 errors=0 bad=0
for d in /proc/[0-9]*; do
	p=${d#/proc/}
	case " $started $$ " in *" $p "*) continue ;; esac
	seen=$((seen + 1))
	for opt in "" -x; do
		maps_of $d >"$T/m1" 2>/dev/null
		"$PROCBOX" pmaps $opt $p >"$T/out" 2>"$T/err"
		st=$?
		maps_of $d >"$T/m2" 2>/dev/null
		if [ $st = 1 ] && [ "$(wc -l <"$T/err")" = 1 ]; then
			errors=$((errors + 1))
		elif [ $st != 0 ] || [ -s "$T/err" ]; then
			bad=$((bad + 1))
			echo "  pmaps $opt $p ($(cat $d/comm 2>/dev/null)): exit $st: $(head -2 "$T/err")"
		elif cmp -s "$T/m1" "$T/m2"; then
			compared=$((compared + 1))
			grep -o '^[0-9a-f]\{8,\} ' "$T/out" | sed 's/ //; s/^0*//' >"$T/got"
			starts "$T/m1" >"$T/want"
			cmp -s "$T/got" "$T/want" || {
				bad=$((bad + 1))
				echo "  pmaps $opt $p ($(cat $d/comm)): addresses differ from /proc/$p/maps"
				diff "$T/want" "$T/got" | head -4
			}
		fi
	done
done
check "every other process ($seen): pmaps and pmaps -x exit 0 (the same mappings as maps: $compared runs compared) or 1 with one line ($errors)" \
	test $bad = 0 -a $compared -gt 0

exec 4>&- 5>&-
kill -KILL $started 2>/dev/null
wait 2>/dev/null
summary
