# lib.sh: helpers for the live tests (sourced). Env: PROCBOX (binary), RUN
# (empty, or the QEMU user-mode runner for a foreign ARCH), ARCH.
pass=0 failed=0 skipped=0
T=$(mktemp -d /tmp/procbox-live.XXXXXX)
trap 'rm -rf "$T"' EXIT
PROCBOX=$(cd "$(dirname "$PROCBOX")" && pwd)/$(basename "$PROCBOX")

ok() { pass=$((pass + 1)); echo "ok   - $*"; }
fail() { failed=$((failed + 1)); echo "FAIL - $*"; }
skip() { skipped=$((skipped + 1)); echo "skip - $*"; }
# check DESCRIPTION COMMAND...: the command's status decides
check() { d=$1; shift; if "$@"; then ok "$d"; else fail "$d"; fi; }
# has TEXT PART: TEXT contains PART
has() { case $1 in *"$2"*) return 0 ;; esac; return 1; }
# pb ARGS...: run procbox (through QEMU for a foreign arch); output in $T/out, $T/err
pb() { $RUN "$@" >"$T/out" 2>"$T/err"; st=$?; return 0; }
# live_only WHAT [WHY]: the rest of the script needs ptrace and a real /proc
# of this arch: under QEMU user-mode, skip it (tests/system runs the applets
# on a real kernel of every arch)
live_only() {
	[ -z "$RUN" ] && return 0
	skip "$1: QEMU user-mode has no ptrace and shows the emulator's /proc (tests/system runs them on a real $ARCH kernel)${2:+; $2}"
	summary
	exit
}
summary() {
	echo "$(basename "$0" .sh): $pass passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
}

# start TARGET [ARGS...]: run a test target in $T (where a kernel core lands),
# stdin a fifo that fd 3 keeps open; wait for "ready"; $pid is its PID.
# CORE_LIMIT: its ulimit -c (default 0).
start() {
	rm -f "$T/in" "$T/tout"
	mkfifo "$T/in"
	(cd "$T" && ulimit -c "${CORE_LIMIT:-0}" && exec "$TARGETS/$@") <"$T/in" >"$T/tout" &
	exec 3>"$T/in"
	for i in $(seq 100); do grep -q ready "$T/tout" && break; sleep 0.1; done
	pid=$(sed -n 's/^pid=//p' "$T/tout")
}
# stop: close its stdin (it exits) and wait for it
stop() { exec 3>&-; wait; }
# key NAME: a key=value line of the target's
key() { sed -n "s/^$1=//p" "$T/tout"; }
state() { sed -n 's/^State:\t\(.\).*/\1/p' /proc/$pid/status; }
tracer() { sed -n 's/^TracerPid:\t//p' /proc/$pid/status; }
# running: the target is neither stopped nor traced
running() { s=$(state); [ "$s" != t ] && [ "$s" != T ] && [ "$(tracer)" = 0 ]; }
# until_held: wait (up to 2 s) until procbox holds the target (state t):
# the moment a run is under way (its outputs have no name until it ends)
until_held() { for i in $(seq 400); do [ "$(state)" = t ] && return 0; sleep 0.005; done; return 1; }
# all_stopped: every thread of the target in group stop
all_stopped() { ! grep -h '^State' /proc/$pid/task/*/status | grep -qv 'T (stopped)'; }
# rss_lines: every mapping's Rss, Anonymous and Swap (what a dump must not change)
rss_lines() { grep -E '^(Rss|Anonymous|Swap):' /proc/$pid/smaps; }

# magic K: the K-th magic register value, 0xKKKK... in the target's word size
# (its long_bit key; 64 where it has none)
magic() { bits=$(key long_bit); v=0x; for i in $(seq $((${bits:-64} / 4))); do v=$v$(printf %x "$1"); done; echo "$v"; }
# magic_found FILE: every magic register of the target (its magic_regs key;
# ARM leaves r7's slot empty) holds its value in FILE's "REG  VALUE" lines,
# as pregs and gdb print them; $k: the slots counted
magic_found() {
	k=0 bad=0
	for r in $(key magic_regs | sed 's/,,/,-,/g; s/,/ /g'); do
		k=$((k + 1))
		[ "$r" = - ] || grep -q "^$r  *$(magic $k) " "$1" || { bad=1; echo "  no thread has $r = $(magic $k)"; }
	done
	[ $bad = 0 ]
}
# regs_of PREGS_OUTPUT: "TID REG VALUE" lines, sorted
regs_of() { awk '/^Thread/ { t = $2 } /^[a-z0-9_]+ +0x/ { print t, $1, $2 }' "$1" | sort; }
# gdb_regs_agree REGS_OF_FILE GDB_OUTPUT MIN: every register gdb shows that
# pregs named has pregs' value, at least MIN compared; the count on stderr
gdb_regs_agree() {
	awk -v min="$3" 'FNR == 1 { f++ } f == 1 { v[$1 " " $2] = $3; next }
	     /^Thread [0-9]+ \(LWP [0-9]+\)/ { t = $4; sub(/\).*/, "", t) }
	     /^[a-z0-9_]+ +0x/ && (t " " $1) in v { n++; if (v[t " " $1] != $2) { print t, $1, v[t " " $1], "gdb", $2; bad = 1 } }
	     END { if (n < min) { print "only " n " compared"; bad = 1 } print n > "/dev/stderr"; exit bad }' "$1" "$2"
}

# --- the suites' comparisons, each named for what it asserts (its status
# decides; what differs goes to stdout, counts to stderr where said)

# text_clean FILE: valid UTF-8 without a control character but the newline (C1 too)
text_clean() {
	python3 -c '
import sys, unicodedata
t = open(sys.argv[1], "rb").read().decode("utf-8")
bad = [c for c in t if c != "\n" and unicodedata.category(c) == "Cc"]
sys.exit("control characters: %r" % bad if bad else 0)' "$1"
}

# help_options APPLET: "OPTION TAKES_ARG" for each option line of its --help
# ("  -x, --long ARG  text")
help_options() {
	$RUN "$PROCBOX" "$1" --help | awk '/^  -/ {
		s = substr($0, 3)
		while (match(s, /^-[-a-zA-Z0-9]+/)) {
			o = substr(s, 1, RLENGTH); s = substr(s, RLENGTH + 1)
			print o, (s ~ /^=/ || s ~ /^ [A-Z]/)
			if (s ~ /^, -/) s = substr(s, 3); else if (s ~ /^ [|] -/) s = substr(s, 4); else break
		}
	}'
}

# json_runs_parse DIR: every JSON output listed in DIR/list ("RUN N DESC")
# parses, with N elements where N is not "-"; each one that does not, said
json_runs_parse() {
	python3 - "$1" <<'PY'
import json, os, sys
d = sys.argv[1]
for line in open(os.path.join(d, "list")):
    run, n, desc = line.rstrip("\n").split(" ", 2)
    try:
        v = json.load(open(os.path.join(d, run)))
    except ValueError as e:
        print("  %s: JSON does not parse: %s" % (desc, e))
        continue
    if n != "-" and len(v) != int(n):
        print("  %s: %d JSON elements for %s readable targets" % (desc, len(v), n))
PY
}

# json_empty_array FILE: the JSON is []
json_empty_array() { python3 -c "import json, sys; assert json.load(open(sys.argv[1])) == []" "$1"; }

# json_pids FILE PID N: a JSON array of N processes, PID the first
json_pids() {
	python3 -c "
import json, sys; d = json.load(open(sys.argv[1])); assert [x['pid'] for x in d][0] == int(sys.argv[2]) and len(d) == int(sys.argv[3]), [x['pid'] for x in d]" "$@"
}

# json_thread_states FILE STATE...: the first process's threads have these states, in order
json_thread_states() {
	python3 -c "
import json, sys; d = json.load(open(sys.argv[1])); assert [t['state'] for t in d[0]['threads']] == sys.argv[2:]" "$@"
}

# json_first_thread_name FILE NAME: the first process's first thread is named NAME, exactly
json_first_thread_name() {
	python3 -c "import json, sys; d = json.load(open(sys.argv[1])); assert d[0]['threads'][0]['name'] == sys.argv[2]" "$@"
}

# json_region_starts FILE START...: pdump's JSON lists exactly these regions (0x... starts), in order
json_region_starts() {
	python3 -c "
import json, sys; r = json.load(open(sys.argv[1]))['regions']
assert [x['start'] for x in r] == sys.argv[2:], r" "$@"
}

# json_region_names FILE NAME...: pdump's JSON lists exactly the regions of these names, in order
json_region_names() {
	python3 -c "
import json, sys; r = json.load(open(sys.argv[1]))['regions']
assert [x['name'] for x in r] == sys.argv[2:], r" "$@"
}

# json_regions_all_named FILE PART: pdump's JSON lists regions, each with PART in its name
json_regions_all_named() {
	python3 -c "
import json, sys; r = json.load(open(sys.argv[1]))['regions']
assert r and all(sys.argv[2] in x['name'] for x in r), r" "$@"
}

# json_total_bytes FILE: pdump's JSON total of bytes dumped
json_total_bytes() { python3 -c "import json, sys; print(json.load(open(sys.argv[1]))['total']['bytes'])" "$1"; }

# --- pmaps

# segments_match_maps MAPS PMAPS_OUTPUT: a core's listing has one line per
# maps line, in order: its address, size (kB) and permissions, and the
# file's basename where maps names a file
segments_match_maps() {
	awk 'function hex(s,  i, v) { v = 0; for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return v }
	     NR == FNR { m[FNR] = $0; n = FNR; next }
	     {
		split(m[FNR], f, " "); split(f[1], ad, "-");
		start = ad[1]; sub(/^0+/, "", start); a = $1; sub(/^0+/, "", a);
		kb = (hex(ad[2]) - hex(ad[1])) / 1024;
		perms = substr(f[2], 1, 3); name = f[6];
		sub(/.*\//, "", name);
		if (a != start || $2 != kb || $4 != perms) { print "line " FNR ": " $0 " vs " m[FNR]; bad = 1 }
		if (name != "" && f[6] !~ /^\[/ && index($0, name) == 0) { print "line " FNR ": no name " name; bad = 1 }
	     }
	     END { if (FNR != n) { print FNR " segments, " n " maps lines"; bad = 1 } exit bad }' "$1" "$2"
}

# kbytes_sum PMAPS_OUTPUT: the sum of the Kbytes column (the total line left out)
kbytes_sum() { awk '$2 ~ /K$/ && $1 != "total" { s += $2 } END { print s }' "$1"; }

# mode_column PMAPS_OUTPUT: "ADDRESS MODE" of every mapping, whatever the columns before the mode
mode_column() { awk '/^[0-9a-f]+ / { for (i = 2; i <= NF; i++) if ($i ~ /^[-r][-w][-x][-s][-R]$/) { print $1, $i; break } }' "$1"; }

# totals_are_sums PMAPS_X_OUTPUT: each -X total line holds the sums of its
# Size and Rss columns (rows: Address Perm Offset Device Inode KEYS...; the
# total line: "total kB" SUMS...), Size and Rss found by the header, Size not 0
totals_are_sums() {
	awk '/^Address / { for (i = 1; i <= NF; i++) c[$i] = i; s = r = 0; next }
	     /^total kB/ { if ($(c["Size"] - 3) != s || $(c["Rss"] - 3) != r || s == 0) { print "total " $0 " vs " s " " r; bad = 1 } next }
	     /^ *[0-9a-f]+ [-r][-w][-x][ps] / { s += $c["Size"]; r += $c["Rss"] }
	     END { exit bad }' "$1"
}

# json_vmflags_strings FILE: pmaps -X --json: no region's smaps has a VmFlags
# number, and every readable region's vmflags string holds rd
json_vmflags_strings() {
	python3 -c "
import json, sys; d = json.load(open(sys.argv[1]))
assert all('VmFlags' not in r['smaps'] for r in d[0]['regions'])
assert all('rd' in r['vmflags'].split() for r in d[0]['regions'] if r['perms'][0] == 'r')" "$1"
}

# maps_target_json FILE PID KB TOUCHED_ADDR FILE_ADDR FILE_NAME: pmaps
# --json -x -P of maps_target and self: two objects, the target first; its
# touched region 16 pages rw-p anon, 8 present, 8 never touched, Rss 8
# pages; its file region by its full name; total_kb the sum of the sizes
maps_target_json() {
	python3 - "$@" <<'PY'
import json, sys
f, pid, kb, touched, file_addr, name = sys.argv[1:7]
pid, kb = int(pid), int(kb)
d = json.load(open(f))
assert len(d) == 2 and d[0]["pid"] == pid, "two objects, first is the target"
r = {x["start"]: x for x in d[0]["regions"]}
t = r[hex(int(touched, 16))]
assert t["size_kb"] == 16 * kb and t["perms"] == "rw-p" and t["kind"] == "anon", t
assert t["pagemap"]["present"] == 8 and t["pagemap"]["untouched"] == 8, t["pagemap"]
assert t["smaps"]["Rss"] == 8 * kb, t["smaps"]
f = r[hex(int(file_addr, 16))]
assert f["name"] == name and f["kind"] == "file", f
assert sum(x["size_kb"] for x in d[0]["regions"]) == d[0]["total_kb"]
PY
}

# names_target_json FILE TARGETS DIR: pmaps --json of names_target: no raw
# ESC, CR or CSI in the bytes, and once parsed the command line and the
# mapped file's name exactly as the target made them
names_target_json() {
	python3 - "$@" <<'PY'
import json, sys
f, targets, d_ = sys.argv[1:4]
raw = open(f, 'rb').read()
assert b'\x1b' not in raw and b'\r' not in raw and b'\xc2\x9b' not in raw
d = json.loads(raw)
assert d[0]['cmdline'] == targets + '/names_target ' + d_ + ' ' + '\n00007f0000000000      4K rwx-- FAKE\x1b[2J\r', d[0]['cmdline']
assert [r for r in d[0]['regions'] if r['name'] == d_ + '/esc\x1b[31m\r\x9bred\\012.dat'], 'no region named so'
PY
}

# --- pregs

# core_regs_agree PREGS_OUTPUT GDB_TXT: every register of every thread pregs
# printed from a fixture core equals gdb's (gdb shows LoongArch's f0-f31 as
# {f = 0x.., d = 0x..}: the d is the register); three threads, at least 16
# values each; the count on stderr
core_regs_agree() {
	awk 'FNR == 1 { f++ }
	     f == 1 && /^Thread [0-9]+/ { t = $2 }
	     f == 1 && /^[a-z0-9_]+ +0x/ { v[t, $1] = $2; next }
	     f == 2 && /^Thread [0-9]+ \(LWP [0-9]+\):/ { t = $4; sub(/\):/, "", t); seen[t] = 1 }
	     f == 2 && /^f[0-9]+ +[{]f = / { match($0, /d = 0x[0-9a-f]+/); $2 = substr($0, RSTART + 4, RLENGTH - 4) }
	     f == 2 && /^[a-z0-9_]+ +0x/ && (t, $1) in v {
		if (v[t, $1] != $2) { print t ": " $1 " " v[t, $1] " != gdb " $2; bad = 1 } else ok++ }
	     END { if (length(seen) != 3 || ok < 3 * 16) { print "threads " length(seen) ", matches " ok; bad = 1 }
		   print ok > "/dev/stderr"; exit bad }' "$1" "$2"
}

# gdb_all_regs_agree PREGS_F_OUTPUT GDB_OUTPUT MIN: every register pregs -f
# printed that gdb's "info all-registers" (attached) shows has gdb's value,
# vectors by their uint128, x87 by its raw bits, leading zeros aside; at
# least MIN matched; the count on stderr
gdb_all_regs_agree() {
	awk -v min="$3" 'function norm(h) { sub(/^0x0*/, "", h); return "0x" (h == "" ? "0" : h) }
	     FNR == 1 { f++; t = "" }
	     f == 1 && /^Thread/ { t = $2 } f == 1 && /^[a-z0-9_]+ +0x/ { v[t, $1] = norm($2); next }
	     f == 2 && /^Thread [0-9]+ .*LWP [0-9]+/ { match($0, /LWP [0-9]+/); t = substr($0, RSTART + 4, RLENGTH - 4) }
	     f == 2 && /uint128 = 0x/ { match($0, /uint128 = 0x[0-9a-f]+/); $2 = substr($0, RSTART + 10, RLENGTH - 10) }
	     f == 2 && /[(]raw 0x/ { match($0, /raw 0x[0-9a-f]+/); $2 = substr($0, RSTART + 4, RLENGTH - 4) }
	     f == 2 && /^[a-z0-9_]+ +0x/ && (t, $1) in v {
		if (v[t, $1] != norm($2)) { print t, $1, v[t, $1], $2; bad = 1 } else ok++ }
	     END { if (ok < min) { print "only " ok " matched"; bad = 1 } print ok > "/dev/stderr"; exit bad }' "$1" "$2"
}

# syscall_headers_agree PREGS_OUTPUT N: N threads, each header naming the
# syscall its orig_rax holds ("none" for -1)
syscall_headers_agree() {
	awk -v want_n="$2" '/^Thread/ { sc = $NF; t = $2 } /^orig_rax / { n++; want = $3 == -1 ? "none" : $3; if (sc != want) { print t ": header " sc ", orig_rax " $3; bad = 1 } }
	     END { if (n != want_n) { print n " threads"; bad = 1 } exit bad }' "$1"
}

# pregs_json_arm_core FILE: pregs --json of the armv7l-on-aarch64 fixture:
# arch armv7l, three threads, the first one's r4 the magic 0x11111111
pregs_json_arm_core() {
	python3 -c "
import json, sys; d = json.load(open(sys.argv[1]))
assert d[0]['arch'] == 'armv7l' and len(d[0]['threads']) == 3
assert d[0]['threads'][0]['registers']['r4'] == '0x11111111'" "$1"
}

# --- pdump

# core_target_dumps PATTERN SPARSE UNTOUCHED PAGESIZE: the dumps of
# core_target's regions hold what it wrote: 64 pattern pages PAGE0000...,
# the sparse marker at 512 KiB and zeros elsewhere, the untouched region all
# zeros; "ok" on stdout
core_target_dumps() {
	python3 - "$@" <<'PY'
import sys
pat, sparse, untouched, ps = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
d = open(pat, "rb").read()
assert len(d) == 64 * ps
for i in range(64):
    want = (b"PAGE%04d" % i) * (ps // 8)
    assert d[i * ps:(i + 1) * ps] == want, "page %d" % i
s = open(sparse, "rb").read()
assert s[512 << 10:(512 << 10) + 19] == b"PROCBOX-SPARSE-PAGE"
assert not any(s[:512 << 10]) and not any(s[(512 << 10) + ps:])
u = open(untouched, "rb").read()
assert not any(u)
print("ok")
PY
}

# core_target_metadata PATTERN.metadata UNTOUCHED.metadata SPARSE.metadata
# PAGESIZE: one line per page, present/swapped as pagemap says: all 64
# pattern pages "10", the 64 MiB untouched all "00", the sparse one "10"
# only at 512 KiB; "ok" on stdout
core_target_metadata() {
	python3 - "$@" <<'PY'
import sys
m = [open(f).read() for f in sys.argv[1:4]]
assert m[0] == "10\n" * 64, "pattern"
assert m[1] == "00\n" * ((64 << 20) // int(sys.argv[4])), "untouched"
lines = m[2].splitlines()
assert lines.count("10") == 1 and lines[(512 << 10) // int(sys.argv[4])] == "10", "sparse"
print("ok")
PY
}

# json_named_region FILE ADDR SIZE: pdump --json dumped only the region at
# 0xADDR, and its file holds SIZE bytes of NAMEDVMA
json_named_region() {
	python3 -c "
import json, sys; r = json.load(open(sys.argv[1]))['regions']
assert [x['start'] for x in r] == ['0x' + sys.argv[2]], r
assert open(r[0]['file'], 'rb').read() == b'NAMEDVMA' * (int(sys.argv[3]) // 8)" "$@"
}

# file_region_dump JSON DUMP PAGESIZE: pdump --file --json --metadata=full
# of core_target's 4-page file mapping: one region; its populated pages from
# memory, the rest from the file (the written page DIRT0001, the others
# FILE000N); the written page present and anonymous, the others not present
# or the file's pages; "ok" on stdout
file_region_dump() {
	python3 - "$@" <<'PY'
import json, sys
j, ps = json.load(open(sys.argv[1])), int(sys.argv[3])
assert len(j["regions"]) == 1, j
t = j["total"]
assert t["from_memory"] == t["present"] * ps and t["from_memory"] + t["from_file"] == 4 * ps, t
d = open(sys.argv[2], "rb").read()
assert [d[i * ps:i * ps + 8] for i in range(4)] == [b"FILE0000", b"DIRT0001", b"FILE0002", b"FILE0003"]
m = open(sys.argv[2] + ".metadata").read().splitlines()
# "PS D E F U": the written page is present and anonymous now; the others,
# where mapped (read, or by the kernel's fault-around), are the file's pages
assert m[1] == "10 %s100" % m[1][3], m
assert all(x[:2] == "00" or x[5] == "1" for x in (m[0], m[2], m[3])), m
print("ok")
PY
}

# progress_line_wiped LOG MIB: pdump on a terminal drew a progress line of
# the run's MIB MiB, then wiped it before the summary
progress_line_wiped() {
	python3 -c "
import re, sys; s = open(sys.argv[1], 'rb').read()
assert re.search(rb'\r\x1b\[Kpdump: \d+ of ' + sys.argv[2].encode() + rb' MiB, \d+ MiB/s.*\r\x1b\[K\d+ regions,', s, re.S), s[:300]" "$@"
}

# --- pcore

# same_but_clocks CORE_A CORE_B: the same bytes but the threads' times (each
# hold costs a stopped thread kernel time) and NT_SIGINFO's sender PID (each
# run is another procbox)
same_but_clocks() { python3 tests/live/corecmp.py --same "$1" "$2"; }

# only_always_dumped CORE PATTERN_ADDR: a 64-bit core (--filter 0) without
# the pattern region's bytes, and dumping something, only whole segments
# (the always-dumped: [vdso] ...); their count on stdout
only_always_dumped() {
	python3 - "$@" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
phoff, phnum = struct.unpack_from("<Q", d, 32)[0], struct.unpack_from("<H", d, 56)[0]
segs = [struct.unpack_from("<IIQQQQQQ", d, phoff + 56 * i) for i in range(phnum)]
dumped = [s for s in segs if s[0] == 1 and s[5]]
pat = [s for s in segs if s[3] == int(sys.argv[2], 16)]
assert pat and pat[0][5] == 0, "pattern dumped"
assert dumped and all(s[5] == s[6] for s in dumped), "something besides the always-dumped"
print(len(dumped))
PY
}

# vma_target_core CORE EARLY_SPLIT_ADDR NONE_TOUCHED_ADDR PAGESIZE PID: pcore
# of vma_target (a 64-bit core): the untouched 8 MiB after early_split's
# two pages not dumped; the PROT_NONE pages written dumped (4 pages of
# PROTNONE); NT_FILE holding the name with a newline; "ok" on stdout
vma_target_core() {
	python3 - "$@" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
early, none, ps, pid = int(sys.argv[2], 16), int(sys.argv[3], 16), int(sys.argv[4]), sys.argv[5]
phoff, phnum = struct.unpack_from("<Q", d, 32)[0], struct.unpack_from("<H", d, 56)[0]
segs = {s[3]: s for s in (struct.unpack_from("<IIQQQQQQ", d, phoff + 56 * i) for i in range(phnum))}
rest = segs[early + 2 * ps]
assert rest[5] == 0, "early_split's untouched 8 MiB dumped (%#x bytes)" % rest[5]
n = segs[none]
assert n[5] == 4 * ps and d[n[2]:n[2] + n[5]] == b"PROTNONE" * (ps // 2), "PROT_NONE pages: %#x bytes" % n[5]
assert ("vma_target.%s\nname.dat\0" % pid).encode() in d, "NT_FILE: the name with a newline"
print("ok")
PY
}

# ns_ids_in_core CORE: pcore of core_target as PID 2 of its own namespace,
# under a shell as its 1: NT_PRPSINFO pid 2, ppid 1, pgrp 0, sid 0 (its
# group and session outside); the first NT_PRSTATUS pid 2, each other
# thread's its own small tid with the same ppid, pgrp, sid; "ok" on stdout
ns_ids_in_core() {
	python3 -c "
import sys; sys.path.insert(0, 'tests/live'); from corecmp import Core
c = Core(sys.argv[1]); i = c.prpsinfo(next(n[2] for n in c.notes if n[1] == 3))
s = [c.prstatus(n[2]) for n in c.notes if n[1] == 1 and n[0] == 'CORE']
ids = (i['pid'], i['ppid'], i['pgrp'], i['sid'])
assert ids == (2, 1, 0, 0), ids
assert s[0]['pid'] == 2 and all(2 < t['pid'] < 100 and (t['ppid'], t['pgrp'], t['sid']) == (1, 0, 0) for t in s[1:]), s
print('ok')" "$1"
}

# --- what a run leaves

# outputs_whole DIR PAGESIZE: what a run left in DIR is whole: a core no
# shorter than its segments, every .dump with its .metadata of one line per
# page (a signal after the outputs were named finds the run done; before,
# nothing is named)
outputs_whole() {
	python3 - "$1" "$2" <<'PY'
import os, struct, sys
d, ps = sys.argv[1], int(sys.argv[2])
for f in os.listdir(d):
    p = os.path.join(d, f)
    b = open(p, "rb").read()
    if f == "core":
        phoff, phnum = struct.unpack_from("<Q", b, 32)[0], struct.unpack_from("<H", b, 56)[0]
        end = max(struct.unpack_from("<Q", b, phoff + 56 * i + 8)[0] + struct.unpack_from("<Q", b, phoff + 56 * i + 32)[0] for i in range(phnum))
        assert b[:4] == b"\x7fELF" and len(b) >= end, (f, len(b), end)
    elif f.endswith(".dump"):
        assert open(p + ".metadata").read().count("\n") == len(b) // ps, f
    else:
        assert f.endswith(".dump.metadata") and os.path.exists(p[:-9]), f
PY
}

# shared_pages_right CORE ADDR PAGESIZE ERRFILE: in a 64-bit core, the 64
# shared pages at 0xADDR hold their number (page i all bytes i), except odd
# pages (the other process's) counted as unread in ERRFILE's line; "ok" and
# the count on stdout
shared_pages_right() {
	python3 - "$@" <<'PY'
import struct, sys, re
core, at, ps, err = open(sys.argv[1], "rb").read(), int(sys.argv[2], 16), int(sys.argv[3]), open(sys.argv[4]).read()
phoff, phnum = struct.unpack_from("<Q", core, 32)[0], struct.unpack_from("<H", core, 56)[0]
for i in range(phnum):
    t, f, off, va, pa, fs, ms, al = struct.unpack_from("<IIQQQQQQ", core, phoff + 56 * i)
    if t == 1 and va == at:
        data = core[off:off + fs]
        break
else:
    sys.exit("no PT_LOAD at %x" % at)
assert len(data) == 64 * ps, len(data)
wrong = [i for i in range(64) if data[i * ps:(i + 1) * ps] != bytes([i]) * ps]
assert all(i % 2 for i in wrong), ("own pages wrong", wrong)
said = re.search(r"(\d+) pages of mapped files written as zeros", err)
assert not wrong or (said and int(said.group(1)) >= len(wrong)), (wrong, err)
print("ok", len(wrong), "pages said unread")
PY
}

# --- the output matrix's text checks (matrix.sh)

# pmaps_line_counts PMAPS_OUTPUT: "HEADERS TOTALS COLUMN_HEADERS": the PID or
# core header lines, the total lines and the column header lines
pmaps_line_counts() {
	awk '/^[0-9]+:   |: core of [a-z0-9_]+$/ { h++ } /^ total +[0-9]+K$|^total kB/ { t++ }
		/^Address / { c++ } END { print h + 0, t + 0, c + 0 }' "$1"
}

# pregs_line_counts PREGS_OUTPUT CORE: "HEADERS THREADS BAD": process header
# lines, thread header lines, and thread headers not in the documented form
# (live: "Thread TID (comm) state S, syscall N"; CORE 1: "Thread TID (signal N)")
# pstack_frame_counts PSTACK_OUTPUT: "NOFRAME BAD": threads whose frame #0
# is missing, and frame lines not "#N  0xPC in FUNCTION+0xOFF|?? (MODULE+0xOFF)? [HOW]?"
pstack_frame_counts() {
	awk '/^Thread / { if (t && !f0) nof++; t = 1; f0 = 0 }
		/^#0 / { f0 = 1 }
		/^#/ && !/^#[0-9]+ +0x[0-9a-f]+ in ([^ ]+\+0x[0-9a-f]+|\?\?)( \(.+\+0x[0-9a-f]+\))?( \[(lr|fp|scan|exidx)\])?$/ { bad++ }
		END { if (t && !f0) nof++; print nof + 0, bad + 0 }' "$1"
}
pregs_line_counts() {
	awk -v core="$2" '
		/^[0-9]+:   .* \(([a-z0-9_]+|not stopped: only what \/proc shows)\)$|: core of [a-z0-9_]+$/ { h++ }
		/^Thread / { t++; if (core ? !/^Thread [0-9]+( \(signal [0-9]+\))?$/ : !/^Thread [0-9]+ \(.*\) state [A-Za-z?], syscall (none|[0-9]+|\?|running)$/) b++ }
		END { print h + 0, t + 0, b + 0 }' "$1"
}

# --- pstack

# frames FILE TID: the functions of the thread's frames, innermost first, on
# one line; a frame found through a signal frame preceded by "[signal]"
frames() {
	awk -v t="$2" '/^Thread / { in_t = ($2 == t) }
		in_t && /^#/ { f = $4; sub(/\+0x.*/, "", f); printf "%s%s ", / \[signal\]( |$)/ ? "[signal] " : "", f }' "$1"
}
# in_order LIST A B...: the words A, B, ... appear in LIST in that order
in_order() { l=" $1"; shift; for w; do case $l in *" $w "*) l=" ${l#*" $w "}" ;; *) return 1 ;; esac; done; }
# thread_lines FILE TID: the thread's lines of pstack's output, indented (what a failure shows)
thread_lines() { awk -v t="$2" '/^Thread / { in_t = ($2 == t) } in_t && NF { print "    " $0 }' "$1"; }
# frame_matches FILE TID REGEX: a frame line of thread TID matches
frame_matches() { awk -v t="$2" '/^Thread / { in_t = ($2 == t) } in_t && /^#/' "$1" | grep -q "$3"; }
# chain FILE LABEL THREAD FUNCTION...: stack_target's thread THREAD (its
# tid_THREAD key) has these frames, innermost first, others between them
# allowed (libc's); a failure shows the thread's lines
chain() {
	_f=$1 _l=$2 _n=$3 _t=$(key "tid_$3")
	shift 3
	if in_order "$(frames "$_f" "$_t")" "$@"; then
		ok "$_l $_n: $*"
	else
		fail "$_l $_n: $*"
		thread_lines "$_f" "$_t"
	fi
}
# stack_chains FILE LABEL: pstack's output of tests/targets/stack_target
# holds every thread's chain of its source; the handler's goes on past its
# signal frame (a frame pstack found there, marked [signal], not a scan's
# leap over it) to handler_outer and run, on every arch: each knows its
# sigreturn trampoline and the kernel's frame under it
stack_chains() {
	chain "$1" "$2" main main_wait main
	chain "$1" "$2" sleeper sleep_long sleeper_inner sleeper_middle sleeper_outer run
	chain "$1" "$2" reader reader_inner reader_outer run
	chain "$1" "$2" spinner spin_leaf spinner_outer run
	chain "$1" "$2" handler sleep_long on_signal
	if in_order "$(frames "$1" "$(key tid_handler)")" sleep_long on_signal "[signal]" handler_outer run; then
		ok "$2 handler: past the signal frame: on_signal, [signal], handler_outer, run"
	else
		fail "$2 handler: past the signal frame: on_signal, [signal], handler_outer, run"
		thread_lines "$1" "$(key tid_handler)"
	fi
}
# gdb_in_pstack GDB_OUTPUT PSTACK_OUTPUT: in each thread, the functions of
# tests/targets/ gdb's 'thread apply all bt' shows (by its debug info) are
# in pstack's frames of that thread, in gdb's order (pstack's names without
# a clone's suffix: .constprop.0, .part.0); each thread that differs said;
# how many functions on stderr, at least one per thread
gdb_in_pstack() {
	awk '/^Thread [0-9]+ .*LWP [0-9]+/ { match($0, /LWP [0-9]+/); t = substr($0, RSTART + 4, RLENGTH - 4); n[t] += 0 }
	     /^#[0-9]+ / && / at tests\/targets\/[a-z_]+\.c:[0-9]+$/ {
		s = $0; sub(/^#[0-9]+ +(0x[0-9a-f]+ in )?/, "", s); sub(/ .*/, "", s); g[t] = g[t] " " s; n[t]++ }
	     END { for (t in n) print t, n[t], g[t] }' "$1" >"$T/gdb.fns"
	_bad=0 _k=0
	while read -r _t _n _fns; do
		_k=$((_k + _n))
		_p=$(frames "$2" "$_t" | sed 's/\.[a-z]*\.[0-9]*\( \|$\)/\1/g')
		# shellcheck disable=SC2086 # the functions, a word list
		if [ "$_n" = 0 ] || ! in_order "$_p" $_fns; then
			echo "  thread $_t: gdb: $_fns; pstack: $_p"
			_bad=1
		fi
	done <"$T/gdb.fns"
	echo "$_k" >&2
	[ -s "$T/gdb.fns" ] && [ $_bad = 0 ]
}
# stack_target_judged TARGET LABEL [HOOK]: TARGET (a build of stack_target:
# the Makefile's STACK_FLAGS_*) started; pstack of it live: five threads,
# the chains, the target running on untraced; HOOK (a function, given the
# live output) while it runs; then pcore's core of it and the kernel's own
# (SIGABRT; where core_pattern is not 'core', a skip that says so), and
# pstack -e TARGET on each: five threads, the same chains
stack_target_judged() {
	_tg=$1 _v=$2 _hook=${3:-}
	CORE_LIMIT=unlimited start "${_tg##*/}"
	if [ -z "$pid" ]; then
		fail "$_v did not start: $(cat "$T/tout")"
		stop
		return
	fi
	pb "$PROCBOX" pstack "$pid"
	cp "$T/out" "$T/live"
	check "$_v live: exit 0, five threads" test "$st" = 0 -a "$(grep -c '^Thread' "$T/live")" = 5
	[ -s "$T/err" ] && sed 's/^/    /' "$T/err"
	check "$_v live: the target runs on, not traced" running
	stack_chains "$T/live" "$_v live:"
	# built to keep frame records: the chain followed (not GCC's Thumb code,
	# the armhf default, whose r7 is no record)
	case $_v:$(head -c 19 "$_tg" | tail -c 1) in # e_machine's low byte: ARM's is '('
	*-fp:"(") skip "$_v live: no [fp] frames to expect: GCC's Thumb code (armhf's default) keeps r7 below its locals, no frame record" ;;
	*-fp:* | *-thumbfp:*)
		if frame_matches "$T/live" "$(key tid_sleeper)" 'sleeper_.*\[fp\]$'; then
			ok "$_v live: the frame-pointer chain followed ([fp] frames in the sleeper's chain)"
		else
			fail "$_v live: the frame-pointer chain followed ([fp] frames in the sleeper's chain)"
			thread_lines "$T/live" "$(key tid_sleeper)"
		fi
		;;
	esac
	[ -z "$_hook" ] || "$_hook" "$T/live"
	rm -f "$T/core" "$T/pcore"
	pb "$PROCBOX" pcore -o "$T/pcore" "$pid"
	check "$_v: pcore's core of it (exit $st)" test "$st" = 0
	_kc=$(cat /proc/sys/kernel/core_pattern)
	kill -ABRT "$pid"
	stop
	for _c in pcore core; do
		if [ $_c = core ] && [ "$_kc" != core ]; then
			skip "$_v the kernel's core: core_pattern is '$_kc', not 'core'"
			continue
		fi
		[ -s "$T/$_c" ] || { fail "$_v $_c: no core written"; continue; }
		pb "$PROCBOX" pstack -e "$_tg" "$T/$_c"
		check "$_v $_c: exit 0, five threads" test "$st" = 0 -a "$(grep -c '^Thread' "$T/out")" = 5
		stack_chains "$T/out" "$_v $_c:"
	done
}
