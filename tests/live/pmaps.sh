# pmaps.sh: pmaps on the fixture cores (every arch) and on a live target (host)
. "$(dirname "$0")/lib.sh"

# --- core input: each PT_LOAD listed with the address, size and permissions
# of the maps line it came from, and the file's basename from NT_FILE.
for dir in tests/data/cores/*; do
	kase=${dir##*/}
	pb "$PROCBOX" pmaps -q "build/fixtures/$kase/core"
	segments_match_maps "$dir/maps" "$T/out" >"$T/diff" 2>&1
	check "core $kase: segments match its maps ($(wc -l <"$dir/maps") mappings)" test $? = 0 -a -s "$T/out" -a ! -s "$T/diff"
	[ -s "$T/diff" ] && head -3 "$T/diff"
done
pb "$PROCBOX" pmaps tests/data/cores/x86_64/target
check "an ELF that is not a core: exit 1, one line" test "$st" = 1 -a "$(wc -l <"$T/err")" = 1
check "... naming the file" has "$(cat "$T/err")" "tests/data/cores/x86_64/target: an ELF file, but not a core file"
for opt in -x -X -P; do
	pb "$PROCBOX" pmaps $opt build/fixtures/x86_64/core
	check "$opt on a core: refused in one line, exit 1, nothing listed" \
		test "$st" = 1 -a "$(cat "$T/err")" = "pmaps: build/fixtures/x86_64/core: $opt needs a live process" -a ! -s "$T/out"
done
mkfifo "$T/fifo"
timeout 10 $RUN "$PROCBOX" pmaps "$T/fifo" >"$T/out" 2>"$T/err"
st=$?
check "a FIFO as CORE: not opened (it would block), exit 1, one line" \
	test "$st" = 1 -a "$(cat "$T/err")" = "pmaps: $T/fifo: not a regular file" -a ! -s "$T/out"

live_only "live pmaps tests"

# --- a live target with known mappings
start maps_target "$T"
ps=$(key pagesize)
kb=$((ps / 1024))
addr() { printf '%016x' "0x$(key "$1_addr")"; }
line() { grep "^$(addr "$1") " "$T/out"; }

pb "$PROCBOX" pmaps "$pid"
check "header: PID and command line" test "$(head -n1 "$T/out")" = "$pid:   $TARGETS/maps_target $T"
check "touched: size, mode, [ anon ]" test "$(line touched)" = "$(addr touched) $(printf '%6s' $((16 * kb)))K rw---   [ anon ]"
check "guard page: PROT_NONE" test "$(line guard)" = "$(addr guard) $(printf '%6s' $kb)K -----   [ anon ]"
check "file: basename with a space" test "$(line file)" = "$(addr file) $(printf '%6s' $((4 * kb)))K rw--- maps target $pid.dat"
if [ "$(key named_ok)" = 1 ]; then
	check "named anon region: [ anon:procbox test ]" has "$(line named)" "[ anon:procbox test ]"
else
	skip "named anon region: this kernel has no CONFIG_ANON_VMA_NAME (prctl failed)"
fi
sum=$(kbytes_sum "$T/out")
check "total line: the sum of the sizes" test "$(tail -n1 "$T/out")" = " total $(printf '%16s' $sum)K"
if command -v pmap >/dev/null; then
	pmap "$pid" >"$T/pmap"
	check "same addresses, sizes and modes as procps pmap" \
		test "$(awk '{print $1, $2, $3}' "$T/out")" = "$(awk '{print $1, $2, $3}' "$T/pmap")"
else
	skip "comparison with procps pmap: not installed"
fi

shmid=$(key shmid)
if [ "$shmid" != -1 ]; then
	check "System V shared memory: [ shmid=0xN ], as procps shows it" \
		test "$(line shm)" = "$(addr shm) $(printf '%6s' $((2 * kb)))K rw-s-   [ shmid=0x$(printf %x "$shmid") ]"
	command -v pmap >/dev/null && check "... the same line as procps pmap's" test "$(line shm)" = "$(grep "^$(addr shm) " "$T/pmap")"
else
	skip "System V shared memory: shmget failed here"
fi
mode_column "$T/out" >"$T/modes"
pb "$PROCBOX" pmaps -x "$pid"
mode_column "$T/out" >"$T/modes.x"
pb "$PROCBOX" pmaps -P "$pid"
mode_column "$T/out" >"$T/modes.P"
check "the mode column agrees in the default output, -x and -P (a MAP_NORESERVE mapping among them: rw---)" \
	test -s "$T/modes" -a "$(grep -c . "$T/modes")" = "$(grep -c '^[0-9a-f]* ' "$T/out")" -a \
	"$(grep "^$(addr noreserve) " "$T/modes")" = "$(addr noreserve) rw---" -a \
	"$(cat "$T/modes")" = "$(cat "$T/modes.x")" -a "$(cat "$T/modes")" = "$(cat "$T/modes.P")"
check "-P alone: the column header, after the PID line" \
	test "$(sed -n 2p "$T/out" | tr -s ' ')" = "Address Kbytes Present Swapped SoftDirty Exclusive FileShared Untouched Mode Mapping"

pb "$PROCBOX" pmaps -p "$pid"
check "-p: the full path" has "$(line file)" " $T/maps target $pid.dat"
[ "$shmid" != -1 ] && check "-p: System V shared memory by the kernel's name (its IPC key)" \
	test "$(line shm | awk '{print $4, $5}')" = "/SYSV00000000 (deleted)"
pb "$PROCBOX" pmaps -q "$pid"
check "-q: no header, no total" test "$(head -n1 "$T/out" | cut -c1-3)" != "$pid" -a -z "$(grep total "$T/out")"
pb "$PROCBOX" pmaps -A "$(key touched_addr),$(key untouched_addr)" "$pid"
check "-A LOW,HIGH: only the mappings in the range" test "$(grep -c '^[0-9a-f]\{16\} ' "$T/out")" = 2

pb "$PROCBOX" pmaps -x "$pid"
# Address Kbytes RSS PSS Dirty Swap Mode Mapping
check "-x touched: RSS and Dirty of the 8 written pages" \
	test "$(line touched | awk '{print $2, $3, $4, $5, $6}')" = "$((16 * kb)) $((8 * kb)) $((8 * kb)) $((8 * kb)) 0"
check "-x untouched: no RSS" test "$(line untouched | awk '{print $3}')" = 0
# (fault-around may map the file's other pages too: at least the 2 used are resident)
check "-x file: 2 or more pages resident, 1 dirty" test "$(line file | awk -v k=$kb '{print ($3 >= 2 * k), $5}')" = "1 $kb"

pb "$PROCBOX" pmaps -X "$pid" self
check "-X, two processes: exit 0, both listed with header and total" \
	test "$st" = 0 -a "$(grep -c '^[0-9]*:   ' "$T/out")" = 2 -a "$(grep -c '^Address ' "$T/out")" = 2 -a "$(grep -c '^total kB ' "$T/out")" = 2
check "-X: VmFlags once in the header, as the flags column (not a number column)" \
	test "$(grep -m1 '^Address ' "$T/out" | grep -o VmFlags | wc -l)" = 1
totals_are_sums "$T/out" >"$T/diff"
check "-X: each total line holds the sums of its Size and Rss columns" test $? = 0 -a ! -s "$T/diff"
[ -s "$T/diff" ] && head -3 "$T/diff"
pb "$PROCBOX" pmaps -X --json "$pid"
check "-X --json: smaps has no VmFlags number, vmflags is the flags string" json_vmflags_strings "$T/out"

pb "$PROCBOX" pmaps -P "$pid"
# Address Kbytes Present Swapped SoftDirty Exclusive FileShared Untouched Mode Mapping
check "-P touched: 8 present, 8 never touched" test "$(line touched | awk '{print $3, $8}')" = "8 8"
check "-P untouched: 0 present, 64 never touched" test "$(line untouched | awk '{print $3, $6, $8}')" = "0 0 64"
check "-P file: page cache pages, one private copy, the rest never touched" \
	test "$(line file | awk '{print ($3 >= 2), $7 == $3 - 1, $3 + $8}')" = "1 1 4"
sd=$(line touched | awk '{print $5}')
if grep -q ' sd' /proc/$pid/smaps; then
	check "-P soft-dirty: the written pages (kernel tracks soft-dirty)" test "$sd" = 8
else
	check "-P soft-dirty: n/a, and said (no VmFlags sd: kernel lacks it)" test "$sd" = n/a -a -n "$(grep 'soft-dirty: unsupported' "$T/out")"
fi

pb "$PROCBOX" pmaps --json -x -P "$pid" self
check "--json: valid, two objects, fields right" \
	maps_target_json "$T/out" "$pid" "$kb" "$(key touched_addr)" "$(key file_addr)" "$T/maps target $pid.dat"

pb "$PROCBOX" pmaps -x -P "$pid"
cp "$T/out" "$T/running"
pb "$PROCBOX" pmaps --stop -x -P "$pid"
check "--stop: the same listing, exit 0" test "$st" = 0 -a "$(grep -v soft-dirty "$T/out")" = "$(grep -v soft-dirty "$T/running")"
check "--stop: target running and not traced after" running
kill -STOP "$pid"
pb "$PROCBOX" pmaps --stop "$pid"
check "--stop on a stopped process: listed, and still stopped after" test "$st" = 0 -a "$(state)" = T
kill -CONT "$pid"

pb "$PROCBOX" pmaps "$pid" 99999999
check "a missing PID among good ones: exit 1, the good one listed" test "$st" = 1 -a -n "$(line touched)"
check "... one line naming it: no such process" test "$(cat "$T/err")" = "pmaps: 99999999: no such process"
check "... and nothing of it on stdout (one header, one total)" \
	test "$(grep -c ':   ' "$T/out")" = 1 -a "$(grep -c total "$T/out")" = 1 -a -z "$(grep 99999999 "$T/out")"
bad=""
for opts in "" -x -X -P -q; do
	pb "$PROCBOX" pmaps $opts 99999999
	[ "$st" = 1 ] && [ ! -s "$T/out" ] && [ "$(wc -l <"$T/err")" = 1 ] || bad="$bad '$opts'"
done
check "a missing PID alone (-x, -X, -P, -q too): exit 1, one line, stdout empty" test -z "$bad"
pb "$PROCBOX" pmaps --json 99999999
check "--json, a missing PID: exit 1, an array without element for it" json_empty_array "$T/out"
pb "$PROCBOX" pmaps --json -x 99999999 "$pid" 99999999 self 99999999
check "--json, missing PIDs among good ones: valid, only the two readable" json_pids "$T/out" "$pid" 2
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	for opts in "" --json; do
		pb setpriv --reuid=65534 --regid=65534 --clear-groups "$PROCBOX" pmaps $opts "$pid"
		check "as nobody, root's process${opts:+ ($opts)}: exit 1, one line, nothing listed" \
			test "$st" = 1 -a "$(wc -l <"$T/err")" = 1 -a "$(tr -d '[]\n' <"$T/out")" = ""
	done
else
	skip "permission denied case: needs root and setpriv"
fi
pb "$PROCBOX" pmaps abc
check "'abc': exit 1, one line" test "$st" = 1 -a "$(cat "$T/err")" = "pmaps: abc: not a PID, 'self' or a core file"
zombie=$(sh -c 'sleep 0 & echo $!; exec sleep 3' | head -n1)
sleep 0.3
pb "$PROCBOX" pmaps "$zombie"
check "a zombie: exit 1, said so" test "$st" = 1 -a -n "$(grep zombie "$T/err")"
if [ "$(cat /proc/2/comm 2>/dev/null)" = kthreadd ]; then
	pb "$PROCBOX" pmaps 2
	check "PID 2 (kthreadd): kernel thread, exit 1" test "$st" = 1 -a -n "$(grep 'kernel thread' "$T/err")"
else
	skip "kernel thread: PID 2 is not kthreadd in this PID namespace"
fi

stop
summary
