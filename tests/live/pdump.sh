# pdump.sh: region dumps and peeks of a live target with known memory
. "$(dirname "$0")/lib.sh"

live_only "live pdump tests" "address parsing and metadata lines were unit-tested under QEMU"

start core_target "$T" 64
ps=$(key pagesize)
D=$T/d
mkdir "$D"
dec() { printf '%d' "0x$1"; }
# dumped KEY: the .dump file of the region at KEY_addr
dumped() { echo "$D/$pid-$(dec "$(key ${1}_addr)")-$(($(dec "$(key ${1}_addr)") + $(key ${1}_size))).dump"; }

rss_lines >"$T/rss.before"
pb "$PROCBOX" pdump -d "$D" "$pid"
check "exit 0, a summary line" test "$st" = 0 -a "$(grep -c 'regions,' "$T/out")" = 1
check "the target runs on, not traced" running
rss_lines >"$T/rss.after"
check "the target's smaps Rss, Anonymous and Swap unchanged by the dump" cmp -s "$T/rss.before" "$T/rss.after"
# the seed's selection: anonymous rw-p, not [stack], not files
check "the seed's naming: PID-START-END.dump (decimal) and .dump.metadata" \
	test -f "$(dumped pattern)" -a -f "$(dumped pattern).metadata"
check "anonymous rw-p regions chosen: sparse, untouched, dontdump" \
	test -f "$(dumped sparse)" -a -f "$(dumped untouched)" -a -f "$(dumped dontdump)"
check "not the file mapping, not [stack]" sh -c "! ls '$(dumped file)' 2>/dev/null &&
	! ls '$D/$pid-$(dec "$(grep '\[stack\]' /proc/$pid/maps | cut -d- -f1)")-'* 2>/dev/null"
check "dump files are mode 0600" test "$(stat -c %a "$(dumped pattern)")" = 600
core_target_dumps "$(dumped pattern)" "$(dumped sparse)" "$(dumped untouched)" "$ps" >"$T/py" 2>&1
check "dumped bytes are what the target wrote (pattern pages, the sparse marker, zeros elsewhere)" grep -q '^ok' "$T/py"
grep -q '^ok' "$T/py" || cat "$T/py"
check "never-populated pages are holes: the 64 MiB untouched dump allocates nothing" \
	test "$(du -k "$(dumped untouched)" | cut -f1)" = 0
core_target_metadata "$(dumped pattern).metadata" "$(dumped untouched).metadata" "$(dumped sparse).metadata" "$ps" >"$T/py" 2>&1
check "metadata: one line per page, present/swapped as pagemap says (all, none, one)" grep -q '^ok' "$T/py"
grep -q '^ok' "$T/py" || cat "$T/py"

[ "$(wc -l </proc/swaps)" -gt 1 ] || skip "a swapped-out page in the metadata: this machine has no swap"
if [ "$(key named_ok)" = 1 ]; then
	pb "$PROCBOX" pdump -n '[[]anon:pb-named]' --json -d "$T" "$pid"
	check "-n '[anon:NAME]': only the named region, its bytes" json_named_region "$T/out" "$(key named_addr)" "$(key named_size)"
else
	skip "-n '[anon:NAME]': this kernel cannot name anonymous memory (no CONFIG_ANON_VMA_NAME)"
fi

# a file mapping: populated pages from memory, the others from the file
# (read once the target runs again)
pb "$PROCBOX" pdump --file -n "*core_target.*.dat" --json --metadata=full -d "$D" "$pid"
file_region_dump "$T/out" "$(dumped file)" "$ps" >"$T/py" 2>&1
check "--file: populated pages from memory, the others from the file; full metadata" grep -q '^ok' "$T/py"
grep -q '^ok' "$T/py" || cat "$T/py"

pb "$PROCBOX" pdump --anon -n '\[he?p]' --json -d "$T" "$pid"
check "-n GLOB (\\[he?p]): only [heap]" json_region_names "$T/out" '[heap]'
pb "$PROCBOX" pdump -a -A "$(key sparse_addr),$(key untouched_addr)" --json -d "$T" "$pid"
check "-A LOW,HIGH: only the regions overlapping it" json_region_starts "$T/out" "0x$(key sparse_addr)"
mkdir "$T/one"
pb "$PROCBOX" pdump -A "$(printf %x $((0x$(key sparse_addr) + 16)))" --json -d "$T/one" "$pid"
check "-A ADDR (one address, as pmaps takes it): only the region holding it" json_region_starts "$T/out" "0x$(key sparse_addr)"

# -n alone picks among every readable region (the help's own example,
# '*libc*', found nothing: it only narrowed the default anonymous choice)
pb "$PROCBOX" pdump -n "*core_target.*.dat" --json -d "$T" "$pid"
check "-n GLOB alone: the file mapping it names" json_region_starts "$T/out" "0x$(key file_addr)"
mkdir "$T/none"
pb "$PROCBOX" pdump -n "*no-such-name*" -d "$T/none" "$pid"
check "a selection that matches nothing: exit 1, one line saying so, no file" \
	test "$st" = 1 -a "$(wc -l <"$T/err")" = 1 -a -z "$(ls "$T/none")"
has "$(cat "$T/err")" "no readable region matches '*no-such-name*'" || fail "  says: $(cat "$T/err")"
sleep 30 &
sl=$!
for i in $(seq 50); do [ "$(readlink /proc/$sl/exe)" != "$(readlink /proc/$$/exe)" ] && break; sleep 0.05; done
if grep -q 'libc' /proc/$sl/maps; then
	pb "$PROCBOX" pdump -n '*libc*' --json -d "$T/none" "$sl"
	check "pdump -n '*libc*' PID (sleep): libc's regions, only those" json_regions_all_named "$T/out" libc
else
	skip "pdump -n '*libc*': sleep maps no libc here (static)"
fi
kill $sl
rm -f "$T/none"/*
# [vsyscall] is above the task's size: no pagemap there; not a process gone
if grep -q '\[vsyscall\]' /proc/$pid/maps; then
	pb "$PROCBOX" pdump -x "$pid" '[vsyscall]'
	check "-x [vsyscall]: exit 1, one line: outside the task's address space" \
		test "$st" = 1 -a "$(wc -l <"$T/err")" = 1
	has "$(cat "$T/err")" "outside the task's address space" || fail "  says: $(cat "$T/err")"
else
	skip "-x [vsyscall]: this arch or kernel maps none"
fi

# peeks
pb "$PROCBOX" pdump -s "$pid" "$(key heap_marker)"
check "-s: the heap marker" test "$(cat "$T/out")" = PROCBOX-HEAP-MARKER
pb "$PROCBOX" pdump -r "$pid" "$(key pattern_addr)+0x$(printf %x $((ps * 3)))+8" 2>/dev/null
pb "$PROCBOX" pdump -r "$pid" "$(printf %x $((0x$(key pattern_addr) + ps * 3)))+8"
check "-r: raw bytes at an address" test "$(cat "$T/out")" = PAGE0003
pb "$PROCBOX" pdump -x "$pid" "$(key pattern_addr)+32"
check "-x: a hexdump like xxd's, at the address" \
	grep -q "^$(key pattern_addr): 5041 4745 3030 3030 5041 4745 3030 3030  PAGE0000PAGE0000$" "$T/out"
check "-x: 32 bytes, two lines" test "$(wc -l <"$T/out")" = 2
pb "$PROCBOX" pdump -x "$pid" "[heap]"
check "NAME+OFFSET: [heap] accepted, 256 bytes by default" test "$st" = 0 -a "$(wc -l <"$T/out")" = 16

# errors: one line, exit 1, nothing partial
pb "$PROCBOX" pdump -x "$pid" 10
check "an address not mapped: exit 1, one line" test "$st" = 1 -a "$(wc -l <"$T/err")" = 1
has "$(cat "$T/err")" "not mapped" || fail "  says: $(cat "$T/err")"
pb "$PROCBOX" pdump -x "$pid" "$(key pattern_addr)+$((64 * ps + 1))"
check "LEN past the end of the mapping: exit 1" test "$st" = 1
has "$(cat "$T/err")" "past the end" || fail "  says: $(cat "$T/err")"
n=$(ls "$D" | wc -l)
pb "$PROCBOX" pdump -d "$D" "$pid"
check "existing files are not replaced without -f: exit 1, nothing new left" test "$st" = 1 -a "$(ls "$D" | wc -l)" = "$n"
pb "$PROCBOX" pdump -f -d "$D" "$pid"
check "-f replaces them" test "$st" = 0
pb "$PROCBOX" pdump 99999999
check "no such process: exit 1" test "$st" = 1
mkdir "$T/ns"
pb "$PROCBOX" pdump --no-stop -d "$T/ns" "$pid"
check "--no-stop dumps without attaching" test "$st" = 0
check "the target runs on" running

# a glob with many stars against a path of 800 characters (a recursive
# matcher took more than 20 s, with the target stopped): at once
stop
deep=$T/deep
for i in 1 2 3 4; do deep=$deep/$(printf 'a%.0s' $(seq 200)); done
mkdir -p "$deep"
start core_target "$deep" 64
t0=$(date +%s)
pb timeout 10 "$PROCBOX" pdump -a -n '*a*a*a*b' -d "$T/none" "$pid"
check "-n '*a*a*a*b' against an 800-character path: no match, exit 1, at once ($(($(date +%s) - t0)) s)" \
	test "$st" = 1 -a "$(($(date +%s) - t0))" -le 2
pb timeout 10 "$PROCBOX" pdump -n '*a*a*a*a*a*a*a*a*.dat' -d "$T/none" "$pid"
check "-n '*a*a*a*a*a*a*a*a*.dat': the file mapping in it, at once ($(($(date +%s) - t0)) s in all)" \
	test "$st" = 0 -a "$(ls "$T/none" | wc -l)" = 2 -a "$(($(date +%s) - t0))" -le 4
rm -f "$T/none"/*

# progress on a terminal (script gives pdump one): the run's MiB, then wiped
mkdir "$T/tty" "$T/j"
pb "$PROCBOX" pdump --json -d "$T/j" "$pid"
mib=$(($(json_total_bytes "$T/out") >> 20))
script -qec "'$PROCBOX' pdump -d '$T/tty' $pid" /dev/null >"$T/tty.log" 2>&1
check "on a terminal: a progress line of the run's $mib MiB, wiped before the summary" progress_line_wiped "$T/tty.log" "$mib"
stop

# memory the target only read maps the kernel's zero page: holes, not
# 64 MiB of written zeros (pcore's rule too)
start hostile zero 64
z=$(key zero)
anon=$(grep -A20 "^$z-" /proc/$pid/smaps | sed -n 's/^Anonymous: *\([0-9]*\) kB/\1/p' | head -n 1)
if [ "${anon:-0}" -gt 64 ]; then
	skip "zero-page memory as holes: this kernel gives read faults pages of their own (${anon} kB Anonymous after reading 64 MiB), no zero page"
else
	rm -rf "$T/z"; mkdir "$T/z"
	pb "$PROCBOX" pdump -A "$z,$(printf %x $((0x$z + 1)))" -d "$T/z" "$pid"
	f=$(ls "$T/z"/*.dump 2>/dev/null | head -n 1)
	check "zero-page memory: a 64 MiB dump of holes ($(du -k "$f" 2>/dev/null | cut -f1) KiB allocated) but the written page, every page present in its metadata" \
		sh -c "[ $st = 0 ] && [ \$(stat -c %s '$f') = $((64 << 20)) ] && [ \$(du -k '$f' | cut -f1) -lt 1024 ] &&
			[ \"\$(head -c 4 '$f')\" = ZERO ] && [ \$(grep -c '^10' '$f.metadata') = \$((64 * 1048576 / $(getconf PAGESIZE))) ]"
fi
stop

# regions are picked before the process is stopped and looked up again once
# it is: one that moved in between is left out, in one line (a memfd mapping
# flips between two addresses every millisecond)
start fault_target flip
kept=0 moved=0 absent=0 bad=0
for i in $(seq 30); do
	rm -rf "$T/flip" && mkdir "$T/flip"
	"$PROCBOX" pdump -n '*pb-flip*' -d "$T/flip" "$pid" >/dev/null 2>"$T/err"
	s=$? files=$(ls "$T/flip" | wc -l) lines=$(wc -l <"$T/err")
	# dumped: silently, or saying that the file's never-populated pages could
	# not be read (they are read once the target runs again, when the mapping
	# may have moved away)
	if [ $s = 0 ] && [ "$files" = 2 ] && { [ "$lines" = 0 ] || { [ "$lines" = 1 ] &&
		grep -q 'never-populated pages of files that could not be opened' "$T/err"; }; }; then
		kept=$((kept + 1))
	elif [ $s = 1 ] && [ "$files" = 0 ] && [ "$lines" = 1 ] && grep -q 'changed before the process was stopped' "$T/err"; then
		moved=$((moved + 1))
	elif [ $s = 1 ] && [ "$files" = 0 ] && [ "$lines" = 1 ] && grep -q 'no readable region matches' "$T/err"; then
		absent=$((absent + 1)) # between two slots when maps was read
	else
		bad=1; echo "  run $i: exit $s, $files files: $(head -2 "$T/err")"
	fi
	running || { bad=1; echo "  run $i: target left $(state)"; }
done
check "a region moving under the pick (30 runs: $kept dumped, $moved moved before the stop, $absent between slots): files and exit 0, or one line, exit 1 and none" \
	test $bad = 0
[ $moved -gt 0 ] || skip "no run of 30 caught the region moving between the pick and the stop"
stop

# killed or interrupted mid-run: nothing of the run is left
start core_target "$T" 64 1024
for sig in KILL INT TERM; do
	rm -rf "$T/m"; mkdir "$T/m"
	if [ $sig = KILL ]; then
		("$PROCBOX" pdump -a -d "$T/m" "$pid" >/dev/null 2>"$T/err"; echo $? >"$T/st") &
	else
		env --default-signal=INT "$PROCBOX" pdump -a -d "$T/m" "$pid" >/dev/null 2>&1 &
	fi
	pc=$!
	until_held
	if [ $sig = KILL ]; then
		kill -KILL "$pid"
		wait
		check "the target killed mid-dump: exit 1, one line saying it exited, no files left" \
			test "$(cat "$T/st")" = 1 -a "$(grep -c exited "$T/err")" = 1 -a "$(wc -l <"$T/err")" = 1 -a -z "$(ls -A "$T/m")"
		stop
		start core_target "$T" 64 1024
	else
		kill -$sig $pc
		wait $pc
		s=$?
		check "SIG$sig mid-dump: killed by it ($s), no file of the run left, the target runs on" \
			test $s -gt 128 -a -z "$(ls -A "$T/m")" -a "$(state)" != t -a "$(tracer)" = 0
	fi
done
stop
summary
