# matrix.sh: every applet with every option its --help lists, and the
# combinations that matter, against every kind of target: procbox itself, a
# running multi-threaded process, a stopped one (it must stay stopped), one
# whose main thread has exited, a missing PID, several at once, the fixture
# core of each arch. Each run: the exit status is a documented one (0, 1, 2;
# never a signal's or a sanitizer's 99) and the one the case expects; JSON
# parses, one element per readable target; header and total lines where
# documented; nothing on stdout for a target that failed; pdump and pcore
# in a fresh directory, nothing left there by a failure. An option --help
# lists that no case uses fails the suite: a new option is covered by
# construction. Under QEMU user-mode only the core cases run.
#
# A run costs a process or two (forks are slow on a loaded machine): the
# bookkeeping uses the shell's builtins, the JSON is parsed in one go.
. "$(dirname "$0")/lib.sh"

SRC=$(pwd)
APPLETS="pmaps pregs pstack pdump pcore"
mkdir "$T/json"
: >"$T/covered"
: >"$T/json/list"
runs=0 bad=0 settled=0 mt_pid="" stopped_pid="" leader_pid=""
trap '[ -n "$stopped_pid" ] && kill -CONT "$stopped_pid" 2>/dev/null; rm -rf "$T"' EXIT

# fail_run WHY: this run is wrong (said with its command line)
fail_run() { echo "  $desc: $*"; [ -s "$T/err" ] && head -c 300 "$T/err" | sed 's/^/    stderr: /'; case_bad=1; }


# launch NAME FD TARGET ARGS...: start a target, its stdin a FIFO held open
# on fd FD (closing it ends the target); NAME_pid is its PID
launch() {
	n=$1 fd=$2
	shift 2
	mkfifo "$T/in.$n"
	(cd "$T" && exec "$TARGETS/$@") <"$T/in.$n" >"$T/tout.$n" &
	eval "exec $fd>\"\$T/in.\$n\""
	for i in $(seq 100); do grep -q ready "$T/tout.$n" && break; sleep 0.1; done
	eval "${n}_pid=\$(sed -n 's/^pid=//p' \"\$T/tout.\$n\")"
}
# proc_state PID: $pstate and $ptracer from its status (no process spawned)
proc_state() {
	pstate=gone ptracer=0
	[ -r "/proc/$1/status" ] || return
	while IFS= read -r l; do
		case $l in
		State:*) pstate=${l#State:?}; pstate=${pstate%"${pstate#?}"} ;;
		TracerPid:*) ptracer=${l#TracerPid:?} ;;
		esac
	done <"/proc/$1/status"
}
# repl STR PAT REP: $r, STR with each PAT replaced by REP
repl() {
	r="" s=$1
	while :; do
		case $s in
		*"$2"*) r=$r${s%%"$2"*}$3; s=${s#*"$2"} ;;
		*) r=$r$s; return ;;
		esac
	done
}
# fill STR: $r, the case's placeholders filled: %W the run's fresh
# directory, %tid a thread of the target, %range an address range, %peek an
# address (a mapping's name)
fill() {
	r=$1
	case $r in *%*) ;; *) return ;; esac
	repl "$r" %W "$W"; repl "$r" %tid "$tid"; repl "$r" %range 0,7fffffffffff; repl "$r" %peek '[heap]'
}

# class CLASS: $targs, the arguments it stands for (cores: set by the caller),
# $nread how many of them can be read, $want the usual exit status
class() {
	nread=1 want=0
	case $1 in
	self) targs=self ;;
	mt) targs=$mt_pid ;;
	stopped) targs=$stopped_pid ;;
	leader) targs=$leader_pid want="0 1" ;;
	missing) targs=99999999 nread=0 want=1 ;;
	several) targs="$mt_pid $stopped_pid $$" nread=3 ;;
	mixed) targs="99999999 $mt_pid 99999999 $stopped_pid" nread=2 want=1 ;;
	esac
}
# tid_of TARGET: $tid, a thread of it (a core's main thread, from its fixture)
tid_of() {
	tid=$mt_pid
	case $1 in
	*/core)
		k=${1%/core}
		while IFS= read -r l; do case $l in tid_main=*) tid=${l#tid_main=} ;; esac; done \
			<"$SRC/tests/data/cores/${k##*/}/target.out" ;;
	*' '*|self) ;;
	*) tid=$1 ;;
	esac
}

# judge APPLET OPTS CLASS NREAD: the run's output is what the docs say
judge() {
	jo=" $2 " json=0
	has "$jo" " --json " && json=1
	if [ "$st" -ge 3 ]; then fail_run "exit $st (a signal, or a sanitizer's finding)"; return; fi
	[ "$st" != 0 ] && [ ! -s "$T/err" ] && fail_run "exit $st without a word on stderr"
	# a target that failed leaves nothing on stdout (--json: no element)
	if [ "$4" = 0 ] && [ "$st" = 1 ] && [ "$3" != leader ]; then
		if [ $json = 1 ] && [ "$1" != pdump ]; then
			{ read -r l1; read -r l2; read -r l3; } <"$out"
			[ "$l1$l2" = "[]" ] && [ -z "$l3" ] || fail_run "stdout not an empty array: $l1 $l2 $l3"
		elif [ -s "$out" ]; then
			fail_run "failed, yet something on stdout"
		fi
	fi
	# JSON: parsed all at once at the end; an array (pmaps, pregs) has an
	# element per readable target
	if [ $json = 1 ] && [ "$st" != 2 ] && [ -s "$out" ]; then
		n=$4
		{ [ "$1" = pdump ] || [ "$3" = leader ]; } && n=-
		printf '%s %s %s\n' "$runs" "$n" "$desc" >>"$T/json/list"
	fi
	[ "$st" = 0 ] && [ $json = 0 ] && [ "$3" != leader ] && judge_text "$1" "$jo" "$4" "$3"
	return 0
}

# judge_text APPLET OPTS NREAD CLASS: header and total lines, per applet
judge_text() {
	case $1 in
	pmaps)
		# PID or core header lines, total lines, column headers
		set -- "$1" "$2" "$3" $(pmaps_line_counts "$out")
		if has "$2" " -q "; then
			[ "$4$5$6" = 000 ] || fail_run "-q, yet $4 header, $5 total, $6 column lines"
		else
			[ "$4 $5" = "$3 $3" ] || fail_run "$4 header and $5 total lines for $3 targets"
			# columns: -x, -X, -P and a core's listing (the default has none, as procps)
			if has "$2" " -x " || has "$2" " -X " || has "$2" " -P " || has "$2" " --pagemap " || [ "$c" = core ]; then
				[ "$6" = "$3" ] || fail_run "$6 column headers for $3 targets"
			fi
		fi ;;
	pregs|pstack)
		# process headers, thread headers, thread headers not in the documented form
		set -- "$1" "$2" "$3" $(pregs_line_counts "$out" "$([ "$4" = core ] && echo 1)")
		[ "$4" = "$3" ] || fail_run "$4 process headers for $3 targets"
		[ "$5" -ge "$3" ] || fail_run "$5 threads"
		[ "$6" = 0 ] || fail_run "$6 thread headers not in the documented form"
		# pstack: every thread has its frame #0, each frame line in the documented form
		if [ "$1" = pstack ]; then
			set -- $(pstack_frame_counts "$out")
			[ "$1" = 0 ] || has "$jo" " --no-stop " || fail_run "$1 threads without frame #0"
			[ "$2" = 0 ] || fail_run "$2 frame lines not in the documented form"
		fi ;;
	pdump)
		if [ -n "$after" ]; then
			[ -s "$out" ] || fail_run "a peek printed nothing"
		else
			read -r l1 <"$out"
			has "$l1" " regions, " || fail_run "no summary line: $l1"
			set -- "$W"/d/*.dump "$W"/*.dump
			[ -f "$1" ] || [ -f "$2" ] || fail_run "no file written"
		fi ;;
	pcore)
		f=$W/core.out
		has "$2" " -o - " && f=$out
		has "$2" " -o " || f=$W/core.$tid
		read -r l1 <"$f" 2>/dev/null
		has "$l1" ELF || fail_run "$f is not an ELF file" ;;
	esac
}

# m APPLET OPTS CLASSES [AFTER]: run the case on each class ("CLASS=STATUS"
# where it expects another status than the class's usual one), AFTER the
# target's arguments; $prep, if set, runs first in the fresh directory
m() {
	app=$1 opts=$2 classes=$3 after_spec=$4
	for tok in $opts; do
		case $tok in -?*) echo "$app ${tok%%=*}" >>"$T/covered" ;; esac
	done
	for spec in $classes; do
		c=${spec%%=*}
		[ -n "$RUN" ] && [ "$c" != core ] && continue
		class "$c"
		[ "$spec" != "$c" ] && want=${spec#*=}
		if [ "$c" = core ]; then set -- "$SRC"/build/fixtures/*/core; else set -- "$targs"; fi
		for targ; do
			runs=$((runs + 1))
			W=$T/w.$runs
			tid_of "$targ"
			fill "$opts"; o=$r
			fill "$after_spec"; after=$r
			desc="$app $o $targ $after"
			case_bad=0
			out=$T/out
			has " $o " " --json " && out=$T/json/$runs
			case $app in pdump|pcore) mkdir -p "$W/d" ;; *) W=$T ;; esac
			[ -n "$prep" ] && (cd "$W" && eval "$prep") >/dev/null 2>&1
			cd "$W"
			$RUN "$PROCBOX" $app $o $targ $after >"$out" 2>"$T/err"
			st=$?
			cd "$SRC"
			has " $want " " $st " || fail_run "exit $st, expected $want"
			nok=$nread
			[ "$st" != 0 ] && [ "$c" != mixed ] && nok=0
			judge "$app" "$o" "$c" "$nok"
			if [ "$W" != "$T" ]; then
				# a failure leaves no file behind
				if [ "$st" != 0 ] && [ -z "$prep" ]; then
					for f in "$W"/* "$W"/d/*; do
						[ -f "$f" ] && fail_run "failed, yet left $f"
					done
				fi
				rm -rf "$W"
			fi
			if [ -n "$stopped_pid" ]; then
				# let go, a stopped thread runs a moment to stop again: give it time
				proc_state "$stopped_pid"
				i=0
				[ "$pstate$ptracer" = T0 ] || settled=$((settled + 1))
				while [ "$pstate$ptracer" != T0 ] && [ $i -lt 20 ]; do
					sleep 0.05
					proc_state "$stopped_pid"
					i=$((i + 1))
				done
				[ "$pstate$ptracer" = T0 ] ||
					{ fail_run "the stopped target is now $pstate, traced by $ptracer"; kill -STOP "$stopped_pid"; }
				proc_state "$mt_pid"
				[ "$pstate" != T ] && [ "$pstate" != t ] && [ "$ptracer" = 0 ] ||
					fail_run "the running target is now $pstate, traced by $ptracer"
			fi
			[ $case_bad = 0 ] || bad=$((bad + 1))
		done
	done
}

# --- usage errors, by construction: every option taking an argument, alone
for app in $APPLETS; do
	help_options $app >"$T/opts.$app"
	while read -r opt arg; do
		[ "$arg" = 1 ] || continue
		pb "$PROCBOX" $app $opt
		check "$app $opt (its argument missing): exit 2, one line naming it, nothing on stdout" \
			test "$st" = 2 -a "$(wc -l <"$T/err")" = 1 -a ! -s "$T/out" -a -n "$(grep -F "option '$opt' needs an argument" "$T/err")"
	done <"$T/opts.$app"
done

# --- cores: pmaps and pregs read them (every arch, under QEMU too)
m pmaps "" "core"
m pmaps "-p" "core"
m pmaps "-q" "core"
m pmaps "-A %range" "core"
m pmaps "--json" "core"
m pmaps "-p -q --json" "core"
m pmaps "-x" "core=1"
m pmaps "-X" "core=1"
m pmaps "-P" "core=1"
m pmaps "--stop" "core"
m pregs "" "core"
m pregs "-f" "core"
m pregs "-f --json" "core"
m pregs "-t %tid" "core"
m pregs "-t 1" "core=1"
m pstack "" "core"
m pstack "--json" "core"
m pstack "-t %tid -n 2" "core"
m pstack "-t 1" "core=1"
m pstack "--sysroot /nonexistent" "core"
m pstack "-e /bin/true" "core"

# --- live processes (the cases are counted for coverage under QEMU too)
if [ -n "$RUN" ]; then
	skip "the live cases: QEMU user-mode has no ptrace and shows the emulator's /proc (tests/system runs the applets on real kernels)"
else
	launch mt 4 core_target "$T" 1
	launch stopped 5 core_target "$T" 1
	kill -STOP "$stopped_pid"
	launch leader 6 leader_exit
fi
m pmaps "" "self mt stopped leader missing several mixed"
m pmaps "-x" "self mt stopped leader missing"
m pmaps "-X" "self mt stopped leader missing several mixed"
m pmaps "-X -q" "self mt stopped several"
m pmaps "-q" "mt stopped missing"
m pmaps "-p" "mt stopped"
m pmaps "-A %range" "mt"
m pmaps "-p -q -A %range" "mt"
m pmaps "-P" "self mt stopped leader missing"
m pmaps "--pagemap -x" "mt stopped"
m pmaps "--json" "self mt missing mixed"
m pmaps "-x -P --json" "self mt stopped leader missing several mixed"
m pmaps "-X --json" "mt several"
m pmaps "--stop" "mt stopped leader missing self=1"
m pmaps "--stop -x -P" "mt stopped several"
m pregs "" "self=1 mt stopped leader missing several mixed"
m pregs "-f" "mt stopped"
m pregs "-f --json" "mt stopped several"
m pregs "-n" "self mt stopped leader missing"
m pregs "-n --json" "self mt"
m pregs "-t %tid" "mt stopped"
m pregs "-t %tid -f --json" "mt"
m pregs "-t 1" "mt=1 stopped=1"
m pregs "-n -t 1" "mt=1"
m pregs "--no-stop" "self mt stopped"
m pstack "" "self=1 mt stopped leader missing several mixed"
m pstack "--json" "mt stopped missing mixed"
m pstack "--no-stop" "self mt stopped"
m pstack "--no-stop --json" "self mt"
m pstack "-t %tid -n 2" "mt stopped"
m pstack "-t 1" "mt=1 stopped=1"
m pregs "--json" "mt stopped missing mixed"
m pdump "" "mt stopped leader missing"
m pdump "-d %W/d" "mt stopped"
m pdump "-a -d %W/d" "mt"
m pdump "--anon -d %W/d" "mt"
m pdump "--file -d %W/d" "mt"
m pdump "-n *heap* -d %W/d" "mt"
m pdump "-A %range -d %W/d" "mt"
m pdump "--metadata=full -d %W/d" "mt"
m pdump "--json -d %W/d" "mt stopped missing"
m pdump "--no-stop -a -d %W/d" "mt stopped"
m pdump "-x" "mt=2"
m pdump "" "mt" "%peek"
m pdump "-x" "mt stopped leader missing" "%peek"
m pdump "-s" "mt" "%peek+0x2"
m pdump "-r" "mt" "%peek+0x10+32"
m pdump "--no-stop -s" "mt" "%peek"
m pdump "--no-stop -x" "self" "[stack]"
prep='"$PROCBOX" pdump -d "$W/d" "$mt_pid"'
m pdump "-d %W/d" "mt=1"
m pdump "-f -d %W/d" "mt"
prep=': >"$W/core.out"'
m pcore "-o %W/core.out" "mt=1"
m pcore "-f -o %W/core.out" "mt"
prep=''
m pcore "" "mt stopped leader missing"
m pcore "-o %W/core.out" "mt stopped self=1"
m pcore "-o -" "mt stopped missing"
m pcore "-a -o %W/core.out" "mt"
m pcore "--filter 0 -o %W/core.out" "mt stopped"
m pcore "--filter 1ff -a -o %W/core.out" "mt"
if [ -z "$RUN" ]; then
	proc_state "$stopped_pid"
	check "the stopped target is still stopped after them all ($settled times seen running a moment, while stopping again, after a detach)" \
		test "$pstate" = T
	kill -CONT "$stopped_pid"
	stopped_pid=""
	for fd in 4 5 6; do eval "exec $fd>&-"; done
	wait
fi

# --- the JSON of every run, in one go
json_runs_parse "$T/json" >"$T/jbad"
cat "$T/jbad"
check "the JSON of $(grep -c . "$T/json/list") runs parses, an element per readable target" test ! -s "$T/jbad"

# --- every option --help lists has a case
missing=""
for app in $APPLETS; do
	while read -r opt arg; do
		grep -qx "$app $opt" "$T/covered" || missing="$missing $app $opt,"
	done <"$T/opts.$app"
done
check "every option in the applets' --help has a case (${missing:-none missing})" test -z "$missing"
check "$runs runs of the option matrix: a documented exit status, the expected one, headers and totals, nothing printed or left for a failure, stopped stays stopped" \
	test "$bad" = 0
summary
