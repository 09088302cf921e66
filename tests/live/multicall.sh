# multicall.sh: the binary itself: static, right machine, dispatch, --install
. "$(dirname "$0")/lib.sh"

TOOLCHAINS=toolchains
. "$TOOLCHAINS/archfacts.sh"
machine=$(fact "$ARCH" FILE_MACHINE)
desc=$(file -b "$PROCBOX")
if [ -n "${SANITIZE:-}" ]; then
	skip "file: statically linked (SANITIZE=1 links the sanitizer runtimes dynamically)"
else
	check "file: statically linked" has "$desc" "statically linked"
fi
check "file: $machine" has "$desc" "$machine"

pb "$PROCBOX" --list
check "--list prints the five applets" test "$(cat "$T/out")" = "$(printf 'pcore\npdump\npmaps\npregs\npstack')"

pb "$PROCBOX" --version
check "--version names $ARCH and the git revision" grep -q "^procbox [0-9.]* ($ARCH, git [0-9a-f]" "$T/out"

mkdir "$T/bin"
ln -s "$PROCBOX" "$T/bin/pmaps"
ln "$PROCBOX" "$T/bin/pregs" 2>/dev/null || cp "$PROCBOX" "$T/bin/pregs"
pb "$T/bin/pmaps" --help
check "dispatch through a symlink (pmaps --help)" test "$(head -n1 "$T/out" | cut -d' ' -f1-2)" = "Usage: pmaps"
pb "$T/bin/pregs" --help
check "dispatch through a hard link (pregs --help)" test "$(head -n1 "$T/out" | cut -d' ' -f1-2)" = "Usage: pregs"
pb "$PROCBOX" pdump --help
check "dispatch by first argument (procbox pdump --help)" test "$(head -n1 "$T/out" | cut -d' ' -f1-2)" = "Usage: pdump"

# a live process under QEMU user-mode (no ptrace): one line that says why
if [ -n "$RUN" ]; then
	sleep 30 &
	pb "$PROCBOX" pstack $!
	kill $!
	check "pstack PID under QEMU user-mode: exit 1, one line naming it" \
		test "$st" = 1 -a "$(wc -l <"$T/err")" = 1 -a -n "$(grep "QEMU user-mode" "$T/err")"
else
	skip "pstack PID under QEMU user-mode: this is a real kernel"
fi

pb "$PROCBOX" nosuch
check "unknown applet: exit 2" test "$st" = 2
check "unknown applet: one line naming it" test "$(wc -l <"$T/err")" = 1 -a -n "$(grep "nosuch" "$T/err")"
pb "$PROCBOX" pcore --no-such-option 1
check "bad option: exit 2, one line" test "$st" = 2 -a "$(wc -l <"$T/err")" = 1

mkdir "$T/inst"
echo mine >"$T/inst/pcore"
pb "$PROCBOX" --install "$T/inst"
check "--install: refuses to replace a foreign file (exit 1)" test "$st" = 1 -a "$(cat "$T/inst/pcore")" = mine
check "--install: links the others to procbox" test "$(readlink "$T/inst/pmaps")" = "$PROCBOX"
rm "$T/inst/pcore"
pb "$PROCBOX" --install "$T/inst"
check "--install: second run replaces its own links (exit 0)" test "$st" = 0 -a -L "$T/inst/pcore"
pb "$T/inst/pdump" --help
check "--install: installed link dispatches" test "$(head -n1 "$T/out" | cut -d' ' -f1-2)" = "Usage: pdump"

summary
