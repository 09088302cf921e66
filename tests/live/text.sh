# text.sh: what the target names itself (command line, comm, mapping names,
# the file names in a core) can neither forge a line of procbox's output nor
# send the terminal escapes: control bytes come out as '?' (JSON: \u escapes)
. "$(dirname "$0")/lib.sh"

live_only "target-controlled text" "the rule itself is unit-tested: test_out, test_json"

# ran_clean: the last run exited 0 and its output is clean
ran_clean() { [ "$st" = 0 ] && text_clean "$T/out"; }
forge=$(printf '\n00007f0000000000      4K rwx-- FAKE\033[2J\r')
start names_target "$T" "$forge"
map=$(printf '%016x' "0x$(key map_addr)")
name='esc?[31m??red\012.dat'

for opts in "" -p -x -X -P -q; do
	pb "$PROCBOX" pmaps $opts "$pid"
	check "pmaps $opts: exit 0, no control character in the output" ran_clean
	check "pmaps $opts: the forged row stays inside the command line (no line starts with it)" \
		test -z "$(grep '^00007f0000000000 ' "$T/out")" -a "$(grep -c FAKE "$T/out")" = "$([ "$opts" = -q ] && echo 0 || echo 1)"
done
pb "$PROCBOX" pmaps "$pid"
check "pmaps: the command line on the header line, newline, ESC and CR as '?'" \
	test "$(head -n1 "$T/out")" = "$pid:   $TARGETS/names_target $T ?00007f0000000000      4K rwx-- FAKE?[2J?"
check "pmaps: the mapping's name with ESC, CR and CSI (U+009B) as '?'" has "$(grep "^$map " "$T/out")" " $name"
pb "$PROCBOX" pmaps --json -x "$pid"
check "pmaps --json: valid, escaped, the names exact" names_target_json "$T/out" "$TARGETS" "$T"

pb "$PROCBOX" pregs "$pid"
check "pregs: exit 0, no control character in the output" ran_clean
check "pregs: a comm with a newline and 'rip 0x414141' forges no register line, stays in the thread's header" \
	test -z "$(grep '^rip 0x414141' "$T/out")" -a -n "$(grep "^Thread $pid (a)?rip 0x414141) state " "$T/out")"
pb "$PROCBOX" pregs -n "$pid"
check "pregs -n: no control character" ran_clean
check "pregs -n: no forged register line" test -z "$(grep '^rip 0x414141' "$T/out")"
pb "$PROCBOX" pregs --json "$pid"
check "pregs --json: valid, the thread's name exact" json_first_thread_name "$T/out" "$(printf 'a)\nrip 0x414141')"

# a core keeps the names (NT_FILE): the same rule when it is read
pb "$PROCBOX" pcore -o "$T/names.core" "$pid"
check "pcore of it: exit 0" test "$st" = 0
for opts in "" -p; do
	pb "$PROCBOX" pmaps $opts "$T/names.core"
	check "pmaps $opts CORE: exit 0, no control character" ran_clean
	check "pmaps $opts CORE: the NT_FILE name escaped" test -n "$(grep "^$map .*esc?\[31m??red" "$T/out")"
done
pb "$PROCBOX" pregs "$T/names.core"
check "pregs CORE: exit 0, no control character" ran_clean
stop
summary
