# fault.sh: procbox never harms its target or leaves a half output, whatever
# happens during a run. Each case is repeated (FAULT_RUNS, default 10) to
# catch races, and says how many times it ran.
. "$(dirname "$0")/lib.sh"

live_only "the fault suite"
N=${FAULT_RUNS:-10}
rnd() { echo $(($(od -An -N2 -tu2 /dev/urandom) % $1)); }
# fresh DIR: an empty directory
fresh() { rm -rf "$1" && mkdir "$1"; }
# tool NAME OUT: the command line of applet NAME writing to OUT
tool() {
	case $1 in
	pregs) echo "$PROCBOX pregs $pid" ;;
	pdump) echo "$PROCBOX pdump -a -d $2 $pid" ;;
	pcore) echo "$PROCBOX pcore -o $2/core $pid" ;;
	pstack) echo "$PROCBOX pstack $pid" ;;
	esac
}

# --- procbox killed at a random point: the target never left stopped or
# traced; no file of the run unless the run was done (then whole)
start core_target "$T" 64 256
for app in pregs pstack pdump pcore; do
	for sig in KILL INT TERM; do
		bad=0 early=0
		for i in $(seq $N); do
			fresh "$T/o"
			env --default-signal=INT $(tool $app "$T/o") >/dev/null 2>&1 &
			pc=$!
			sleep 0.0$(rnd 10)$(rnd 10)
			kill -$sig $pc 2>/dev/null
			wait $pc
			s=$?
			[ $s = 0 ] && early=$((early + 1))
			running || { bad=1; echo "  $app SIG$sig run $i: target left $(state), tracer $(tracer)"; sleep 0.5; }
			if [ $s != 0 ] && [ -n "$(ls -A "$T/o")" ] && ! outputs_whole "$T/o" "$(getconf PAGESIZE)" >"$T/whole" 2>&1; then
				bad=1; echo "  $app SIG$sig run $i: left $(ls -A "$T/o" | head -3): $(tail -n 1 "$T/whole")"
			fi
		done
		what="target running and untraced, no file but whole ones (not even a temporary one)"
		check "$app killed by SIG$sig at random points ($N runs, $early finished first): $what" test $bad = 0
	done
done
stop

# --- the target changes under the dump: ends, execs, remaps
for mode in exit exec maps; do
	bad=0 okruns=0
	for i in $(seq $N); do
		start fault_target $mode $([ $mode = exit ] && echo $i)
		fresh "$T/o"
		for app in pcore pdump; do
			$(tool $app "$T/o") >/dev/null 2>"$T/err"
			s=$?
			if [ $s = 0 ]; then
				okruns=$((okruns + 1))
				[ $app = pcore ] && ! readelf -h -l -W "$T/o/core" >/dev/null 2>&1 &&
					{ bad=1; echo "  $mode: pcore exit 0 but readelf rejects the core"; }
			elif [ $s != 1 ] || [ "$(wc -l <"$T/err")" != 1 ]; then
				bad=1; echo "  $mode: $app exit $s: $(head -3 "$T/err")"
			elif [ $app = pcore ] && [ -e "$T/o/core" ]; then
				bad=1; echo "  $mode: pcore failed but left its core"
			elif [ -n "$(ls -A "$T/o")" ]; then
				bad=1; echo "  $mode: pdump failed but left files"
			fi
			rm -rf "$T/o"/*
			case $(state 2>/dev/null) in t|T) bad=1; echo "  $mode: target left stopped" ;; esac
		done
		kill -KILL $pid 2>/dev/null
		stop
	done
	check "target in mode '$mode' ($N runs, pcore and pdump; $okruns succeeded): a valid core, or exit 1 with one line and nothing left" \
		test $bad = 0
done
# mappings changing during pcore: each run succeeds, gdb loads the core
start fault_target maps
bad=0
for i in $(seq $N); do
	"$PROCBOX" pcore -f -o "$T/maps.core" "$pid" 2>"$T/err" || { bad=1; cat "$T/err"; }
done
gdb -batch -ex 'info threads' "$TARGETS/fault_target" "$T/maps.core" >"$T/gdb" 2>&1
check "mappings changing during pcore ($N runs): every run exits 0, gdb sees both threads" \
	test $bad = 0 -a "$(grep -c 'LWP' "$T/gdb")" -ge 2
stop

# --- threads spawned and reaped as fast as possible during attach: bounded
# time, the long-lived threads all in the core
start churn
bad=0
for i in $(seq $N); do
	timeout 20 "$PROCBOX" pcore -f -o "$T/churn.core" "$pid" 2>"$T/err" || { bad=1; cat "$T/err"; break; }
	n=$("$PROCBOX" pregs "$T/churn.core" | grep -c '^Thread ')
	[ "$n" -ge 3 ] || { bad=1; echo "  run $i: $n threads in the core"; }
done
check "churning threads during pcore ($N runs, 20 s bound each): main and spawner threads in every core" \
	test $bad = 0 && running
stop

# --- blocked system calls see no EINTR across repeated dumps
start steady
for i in $(seq $N); do
	"$PROCBOX" pcore -f -o "$T/steady.core" "$pid" >/dev/null 2>&1
	fresh "$T/o" && "$PROCBOX" pdump -d "$T/o" "$pid" >/dev/null 2>&1
	"$PROCBOX" pregs "$pid" >/dev/null 2>&1
done
echo >&3
sleep 0.5
res=$(grep '^errors=' "$T/tout" | tail -n1)
# (epoll_wait fails with EINTR after any stop, SIGSTOP's or a tracer's:
# signal(7), never restarted; counted apart and reported)
check "read, nanosleep, futex and epoll_wait during $((3 * N)) dumps: no wrong result, no EINTR but epoll_wait's ($res)" \
	has "$res" "errors=0 "
stop

# --- output trouble: ENOSPC, EPIPE, a read-only directory, a symlink
start core_target "$T" 64 16
mkdir -p "$T/small" "$T/ro"
if mount -t tmpfs -o size=256k tmpfs "$T/small" 2>/dev/null && mount -t tmpfs -o ro tmpfs "$T/ro" 2>/dev/null; then
	pb "$PROCBOX" pdump -a -d "$T/small" "$pid"
	check "pdump on a full disk (ENOSPC): exit 1, one line, no file left" \
		test "$st" = 1 -a "$(wc -l <"$T/err")" = 1 -a -z "$(ls "$T/small")"
	for app in pcore pdump; do
		pb $(tool $app "$T/ro")
		check "$app into a read-only directory: exit 1, one line naming it" \
			test "$st" = 1 -a "$(wc -l <"$T/err")" = 1 -a "$(grep -c "$T/ro" "$T/err")" = 1
	done
	umount "$T/small" "$T/ro"
else
	skip "ENOSPC and read-only directory cases: cannot mount a tmpfs here"
fi
("$PROCBOX" pdump -r "$pid" "$(key pattern_addr)+$((64 * 4096))" 2>"$T/err"; echo $? >"$T/st") | head -c 1 >/dev/null
# a peek is a filter: SIGPIPE ends it, as it ends cat; the target must not mind
check "pdump -r into 'head -c 1': ended by SIGPIPE ($(cat "$T/st")), the target running and untraced" \
	test "$(cat "$T/st")" = 141 && running
fresh "$T/o"
a=$(printf %d 0x$(key pattern_addr))
ln -s "$T/victim" "$T/o/$pid-$a-$((a + 64 * $(key pagesize))).dump"
pb "$PROCBOX" pdump -d "$T/o" "$pid"
check "pdump: a symlink at an output path is not followed (exit 1, nothing created through it)" \
	test "$st" = 1 -a ! -e "$T/victim"
check "the target runs on after all that" running
stop

# --- bad inputs: one line naming the input, the documented status, nothing written
fresh "$T/o"
cd "$T/o"
sh -c 'exit 0' & zpid=$!
sleep 0.2 # a zombie: its parent (this shell) has not waited yet
printf 'not a core' >"$T/notcore"
gzip -dc "$OLDPWD/tests/data/cores/x86_64/core.gz" >"$T/good.core" 2>/dev/null ||
	gzip -dc "$(dirname "$0")/../data/cores/x86_64/core.gz" >"$T/good.core"
head -c 3000 "$T/good.core" >"$T/trunc.core"
# e_machine 21 (PowerPC64): an arch procbox does not know
{ head -c 18 "$T/good.core"; printf '\025\000'; tail -c +21 "$T/good.core"; } >"$T/ppc.core"
bad=0 n=0
for app in pmaps pregs pstack pdump pcore; do
	for arg in abc -1 0 99999999 2 $zpid "$T/notcore" "$T/trunc.core" "$T/ppc.core"; do
		case $app$arg in pmaps"$T"*|pregs"$T"*|pstack"$T"*) ;; *"$T"*) continue ;; esac
		n=$((n + 1))
		"$PROCBOX" $app "$arg" >"$T/out" 2>"$T/err"
		s=$?
		# usage errors: -1 everywhere; abc and 0 where a core file cannot be meant
		want=1
		case $app$arg in *-1|pdumpabc|pdump0|pcoreabc|pcore0) want=2 ;; esac
		if [ $s != $want ] || [ "$(wc -l <"$T/err")" != 1 ] || ! grep -q -- "${arg##*/}" "$T/err" ||
			[ -n "$(ls "$T/o")" ]; then
			bad=1; echo "  $app $arg: exit $s (want $want): $(head -2 "$T/err")"
		fi
	done
done
wait $zpid
check "bad inputs ($n: abc, -1, 0, 99999999, a kernel thread, a zombie, not a core, a truncated core, an unknown arch's core): one line naming it, exit 1 or 2, nothing written" \
	test $bad = 0
if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ]; then
	bad=0
	for app in pmaps pregs pstack pdump pcore; do
		setpriv --reuid=65534 --regid=65534 --clear-groups "$PROCBOX" $app 1 >"$T/out" 2>"$T/err"
		s=$?
		[ $s = 1 ] && [ "$(wc -l <"$T/err")" = 1 ] || { bad=1; echo "  $app 1 as nobody: exit $s: $(head -2 "$T/err")"; }
	done
	check "as nobody against PID 1 (root's): every applet exits 1 with one line" test $bad = 0
else
	skip "nobody against root's process: needs root and setpriv"
fi
cd - >/dev/null
summary
