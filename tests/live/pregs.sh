# pregs.sh: pregs on the fixture cores (every arch) and live targets (host)
. "$(dirname "$0")/lib.sh"

# --- cores: every register of every thread equals what gdb-multiarch printed
for dir in tests/data/cores/*; do
	kase=${dir##*/}
	pb "$PROCBOX" pregs -f "build/fixtures/$kase/core"
	core_regs_agree "$T/out" "$dir/gdb.txt" >"$T/diff" 2>"$T/count"
	check "core $kase: all threads' registers, -f ones too, equal gdb's ($(cat "$T/count") values)" test $? = 0 -a ! -s "$T/diff"
	[ -s "$T/diff" ] && head -3 "$T/diff"
done
main=$(sed -n 's/^tid_main=//p' tests/data/cores/aarch64/target.out)
pb "$PROCBOX" pregs -t "$main" build/fixtures/aarch64/core
check "core -t: only that thread" test "$(grep -c '^Thread' "$T/out")" = 1 -a -n "$(grep "^Thread $main " "$T/out")"
pb "$PROCBOX" pregs -t 1 build/fixtures/aarch64/core
check "core -t TID not in it: exit 1, one line, nothing on stdout" \
	test "$st" = 1 -a "$(cat "$T/err")" = "pregs: build/fixtures/aarch64/core: no such thread" -a ! -s "$T/out"
pb "$PROCBOX" pregs --json build/fixtures/armv7l-on-aarch64/core
check "core --json: valid, armv7l registers, the magic r4" pregs_json_arm_core "$T/out"

live_only "live pregs tests"


# --- known register values in a spinning thread
start regs_target
pb "$PROCBOX" pregs "$pid"
check "exit 0, two threads" test "$st" = 0 -a "$(grep -c '^Thread' "$T/out")" = 2
check "the spinning thread's callee-saved registers hold the magic values" magic_found "$T/out"
check "pc named by its function from the target's symbols and by its file: <spin+0x...> (.../regs_target+0x...)" \
	grep -Eq '^(rip|pc) +0x[0-9a-f]+ +0x[0-9a-f]+ <spin\+0x[0-9a-f]+> \(/.*/regs_target\+0x[0-9a-f]+\)$' "$T/out"
check "target left running, not traced" test "$(state)" != t -a "$(tracer)" = 0

pb "$PROCBOX" pregs -n "$pid"
main_pc=$("$PROCBOX" pregs -t "$pid" "$pid" | awk '/^rip|^pc /{print $2}')
check "-n: the blocked main thread's pc, as /proc shows it without ptrace" \
	test "$st" = 0 -a "$(awk '/^pc /{print $2; exit}' "$T/out")" = "$main_pc"
check "-n: the spinning thread said to be running" has "$(cat "$T/out")" "(running: no registers without stopping it)"

# the same stopped process seen by gdb and by pregs: every register equal
kill -STOP "$pid"
sleep 0.2
pb "$PROCBOX" pregs "$pid"
cp "$T/out" "$T/pregs"
check "an already-stopped process stays stopped" test "$(state)" = T -a "$(tracer)" = 0
check "... and every thread's header says so: state T (as before pregs came)" \
	test "$(grep -c '^Thread ' "$T/out")" = 2 -a "$(grep -c '^Thread .*) state T, ' "$T/out")" = 2
pb "$PROCBOX" pregs --json "$pid"
check "... in JSON too" json_thread_states "$T/out" T T
if [ -n "$(key x87_fip)" ]; then
	# the main thread's last x87 instruction (and operand) sit above 4 GiB
	pb "$PROCBOX" pregs -f -t "$pid" "$pid"
	v() { awk -v r="$1" '$1 == r { print $2 }' "$T/out"; }
	fip=$((0x$(key x87_fip))) fdp=$((0x$(key x87_fdp)))
	if [ "$(v fioff)$(v fiseg)" = 0x00x0 ]; then
		skip "-f fioff/fiseg: this CPU saved no x87 instruction pointer (kept only on exceptions)"
	else
		check "-f: fioff and fiseg are the x87 instruction pointer's low 32 bits and the rest, as gdb splits it" \
			test "$(v fioff) $(v fiseg)" = "$(printf '0x%x 0x%x' $((fip & 0xffffffff)) $((fip >> 32)))"
		check "-f: fooff and foseg the operand pointer's (or 0: a CPU keeping it only on exceptions)" \
			test "$(v fooff) $(v foseg)" = "$(printf '0x%x 0x%x' $((fdp & 0xffffffff)) $((fdp >> 32)))" -o \
			"$(v fooff) $(v foseg)" = "0x0 0x0"
	fi
fi
if command -v gdb >/dev/null; then
	pb "$PROCBOX" pregs -f "$pid"
	cp "$T/out" "$T/pregs"
	# on AVX-512 machines gdb's all-registers lists zmm, not the xmm pseudo registers
	xmm=""
	[ "$ARCH" = x86_64 ] && xmm="-ex 'thread apply all info registers $(seq -s ' ' -f 'xmm%g' 0 15)'"
	eval gdb -nx -batch -p "$pid" -ex "'thread apply all info all-registers'" "$xmm" >"$T/gdb" 2>&1
	gdb_all_regs_agree "$T/pregs" "$T/gdb" $((2 * 45)) >"$T/diff" 2>"$T/count"
	check "stopped target: every register, -f ones too, equals gdb's (attached; $(cat "$T/count") values)" test $? = 0
	[ -s "$T/diff" ] && head -3 "$T/diff"
	check "... and it is still stopped after gdb" test "$(state)" = T
else
	skip "comparison with gdb: not installed"
fi
kill -CONT "$pid"
stop

# --- 1000 attach/detach cycles on threads that would notice
start steady
# the header's syscall is the one the registers were read in: interrupted
# waits (nanosleep, futex) must not show restart_syscall, what they become
# when let go; orig_rax is -1 outside a syscall
pb "$PROCBOX" pregs "$pid"
if [ "$ARCH" = x86_64 ]; then
	syscall_headers_agree "$T/out" 6 >"$T/diff"
	check "each thread's header names the syscall its orig_rax holds (6 threads; never restart_syscall)" \
		test $? = 0 -a ! -s "$T/diff" -a -z "$(grep '^Thread .*syscall 219$' "$T/out")"
	[ -s "$T/diff" ] && head -3 "$T/diff"
	check "... and states as /proc had them: the counter R, the waiting threads S" \
		test "$(grep -c '^Thread .*) state R, syscall none$' "$T/out")" -ge 1 -a "$(grep -c '^Thread .*) state S, syscall [0-9]' "$T/out")" -ge 4
else
	skip "syscall in the header against the number register: only x86_64's orig_rax tells 'no syscall'"
fi
for n in "" -n; do
	pb "$PROCBOX" pregs $n -t 1 "$pid"
	check "$n -t TID not in the process: exit 1, one line, nothing on stdout" \
		test "$st" = 1 -a "$(cat "$T/err")" = "pregs: $pid: no such thread" -a ! -s "$T/out"
done
n=${PREGS_CYCLES:-1000} i=0 left=0
while [ $i -lt "$n" ]; do
	"$PROCBOX" pregs "$pid" >/dev/null 2>"$T/err" || { left=1; cat "$T/err"; break; }
	[ "$(state)" != t ] && [ "$(tracer)" = 0 ] || { left=1; break; }
	i=$((i + 1))
done
check "$n attach/detach cycles: never left stopped or traced" test $left = 0 -a $i = "$n"
echo >&3
sleep 0.5
res=$(grep '^errors=' "$T/tout" | tail -n1)
check "... the target saw no EINTR, no lost or wrong read, no bad sum ($res)" has "$res" "errors=0 "

# --- SIGKILL of procbox at random moments while it attaches
i=0 left=0
while [ $i -lt 30 ]; do
	"$PROCBOX" pregs "$pid" >/dev/null 2>&1 &
	k=$!
	sleep "0.00$((i % 10))"
	kill -9 $k 2>/dev/null
	wait $k 2>/dev/null
	sleep 0.05
	[ "$(state)" != t ] && [ "$(tracer)" = 0 ] || { left=1; break; }
	i=$((i + 1))
done
check "pregs killed by SIGKILL mid-attach (30 times): target never left stopped or traced" test $left = 0
# SIGTERM: our handler detaches
i=0 left=0
while [ $i -lt 30 ]; do
	"$PROCBOX" pregs "$pid" >/dev/null 2>&1 &
	k=$!
	sleep "0.00$((i % 10))"
	kill -TERM $k 2>/dev/null
	wait $k 2>/dev/null
	[ "$(state)" != t ] && [ "$(tracer)" = 0 ] || { left=1; break; }
	i=$((i + 1))
done
check "pregs killed by SIGTERM mid-attach (30 times): target never left stopped or traced" test $left = 0
echo >&3
sleep 0.5
res=$(grep '^errors=' "$T/tout" | tail -n1)
check "... and the target saw nothing ($res)" has "$res" "errors=0 "

# --- already traced by someone else
if command -v strace >/dev/null; then
	strace -p "$pid" -o /dev/null 2>/dev/null &
	s=$!
	sleep 0.5
	pb "$PROCBOX" pregs "$pid"
	check "already traced: exit 1, 'already traced by PID $s'" test "$st" = 1 -a "$(cat "$T/err")" = "pregs: $pid: already traced by PID $s"
	kill $s
	wait $s 2>/dev/null
else
	skip "already-traced case: strace not installed"
fi
stop

# --- threads appearing and ending all the time
start churn
i=0 bad=0
while [ $i -lt 50 ]; do
	pb "$PROCBOX" pregs "$pid"
	[ "$st" = 0 ] && grep -q "^Thread $pid " "$T/out" || { bad=1; cat "$T/err"; break; }
	[ "$(state)" != t ] && [ "$(tracer)" = 0 ] || { bad=1; break; }
	i=$((i + 1))
done
check "churning threads (50 runs): each run succeeds, main thread reported, target running" test $bad = 0
stop

if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	sleep 30 &
	s=$!
	pb setpriv --reuid=nobody --regid=nogroup --clear-groups "$PROCBOX" pregs "$s"
	check "as nobody against root's process: exit 1, one line saying why" \
		test "$st" = 1 -a "$(wc -l <"$T/err")" = 1 -a -n "$(grep "$s: permission denied" "$T/err")"
	kill $s
else
	skip "unprivileged case: needs root and setpriv"
fi
pb "$PROCBOX" pregs 99999999
check "missing PID: exit 1, one line" test "$st" = 1 -a "$(cat "$T/err")" = "pregs: 99999999: no such process"
summary
