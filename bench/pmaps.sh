#!/bin/sh
# bench/pmaps.sh PROCBOX TARGETS_DIR: pmaps against `cat /proc/PID/maps` and
# procps pmap on a process with 60,000 mappings; medians of interleaved runs,
# reported as ratios (not a test: nothing here passes or fails).
set -u
pb=$1 targets=$2 runs=${RUNS:-15} n=${MAPPINGS:-60000}
t=$(mktemp -d /tmp/procbox-bench.XXXXXX)
trap 'exec 3>&-; rm -rf "$t"' EXIT
[ "$(cat /proc/sys/vm/max_map_count)" -gt "$((n + 100))" ] || { echo "vm.max_map_count too low for $n mappings"; exit 1; }
mkfifo "$t/in"
"$targets/many_maps" "$n" <"$t/in" >"$t/out" &
exec 3>"$t/in"
while ! grep -q ready "$t/out"; do sleep 0.1; done
pid=$(sed -n 's/pid=//p' "$t/out")
echo "target: $(wc -l </proc/$pid/maps) mappings, $runs interleaved runs each"

# ms CMD...: wall time of one run, in microseconds
us() { s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(((e - s) / 1000)); }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# bench NAME CMD... : appends one timing per call to $t/NAME
i=0
while [ $i -lt "$runs" ]; do
	us cat /proc/$pid/maps >>"$t/cat_maps"
	us "$pb" pmaps "$pid" >>"$t/pmaps"
	us pmap "$pid" >>"$t/pmap"
	us cat /proc/$pid/smaps >>"$t/cat_smaps"
	us "$pb" pmaps -x "$pid" >>"$t/pmaps_x"
	us pmap -x "$pid" >>"$t/pmap_x"
	i=$((i + 1))
done
for f in cat_maps pmaps pmap cat_smaps pmaps_x pmap_x; do
	eval "$f=$(median <"$t/$f")"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '%-28s %9s ms\n' "cat /proc/PID/maps" "$(ratio "$cat_maps" 1000)"
printf '%-28s %9s ms   %5sx cat maps (goal <= 1.5)   %5sx procps pmap\n' "pmaps" "$(ratio "$pmaps" 1000)" \
	"$(ratio "$pmaps" "$cat_maps")" "$(ratio "$pmaps" "$pmap")"
printf '%-28s %9s ms\n' "procps pmap" "$(ratio "$pmap" 1000)"
printf '%-28s %9s ms\n' "cat /proc/PID/smaps" "$(ratio "$cat_smaps" 1000)"
printf '%-28s %9s ms   %5sx cat smaps (goal <= 1.5)  %5sx procps pmap -x\n' "pmaps -x" "$(ratio "$pmaps_x" 1000)" \
	"$(ratio "$pmaps_x" "$cat_smaps")" "$(ratio "$pmaps_x" "$pmap_x")"
printf '%-28s %9s ms\n' "procps pmap -x" "$(ratio "$pmap_x" 1000)"
