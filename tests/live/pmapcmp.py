#!/usr/bin/env python3
"""pmapcmp.py x|X PROCPS_OUTPUT PMAPS_OUTPUT: procps `pmap -x PID` against
`pmaps -x PID` (x), or `pmap -XX PID` against `pmaps -X PID` (X), of the same
stopped process, row by row: the same header line, the same mappings in the
same order, the same values. Plain Python, independent of procbox. Prints
one line per check; exit 1 if anything differs beyond what is intended:

  -x: pmaps has two more columns, PSS and Swap (not in procps' -x: not
      compared). procps names every mapping the kernel names in brackets
      but the stack "[ anon ]"; pmaps names it: "[ heap ]", "[ vdso ]",
      "[ vvar ]", "[ vsyscall ]", "[ anon:NAME ]" (README, pmaps) - those
      are read as "[ anon ]" here. The mode's fifth letter is pmaps' "R"
      for a mapping without swap reservation (VmFlags nr, as Solaris' pmap
      has it), always "-" in procps: read as "-". Compared: Address,
      Kbytes, RSS, Dirty, Mode, Mapping, and the total line's Kbytes, RSS
      and Dirty.
  -X: the same columns (every smaps field), but values that can move while
      the process is stopped, with the pages' other users: Pss and the
      Pss_* and SwapPss shares, and the Shared_/Private_ split of Clean and
      Dirty (another process mapping the same file page moves it from
      private to shared) - their sums Shared_Clean + Private_Clean and
      Shared_Dirty + Private_Dirty are compared instead -, and Referenced
      (reclaim clears it at any time). VmFlags compared as words (both pad
      them to a column). pmaps -X writes the mapping's name as smaps has it
      (the whole path), procps -XX a path's basename (without -p): compared
      by basename.
"""
import re
import sys

ADDR = re.compile(r"^\s*([0-9a-f]{8,})\s")
VOLATILE = re.compile(r"^(Pss.*|SwapPss|Shared_Clean|Shared_Dirty|Private_Clean|Private_Dirty|Referenced)$")


def lines(path):
    with open(path, errors="replace") as f:
        return f.read().splitlines()


def name_x(s):
    """pmaps' [ name ] as procps writes it"""
    m = re.match(r"^\[ (.*) \]$", s)
    return "[ anon ]" if m and m.group(1) != "stack" else s


def parse_x(text):
    """header line, {column: index}, rows [(addr, {col: value})], totals {col: value}"""
    head = text[1].split()
    cols = head[1:head.index("Mapping")]
    rows, total = [], {}
    for ln in text[2:]:
        if ADDR.match(ln):
            f = ln.split(None, len(cols) + 1)
            v = dict(zip(cols, f[1:1 + len(cols)]))
            v["Mapping"] = name_x(f[-1].strip()) if len(f) > len(cols) + 1 else ""
            v["Mode"] = v.get("Mode", "")[:4] + v.get("Mode", "")[4:].replace("R", "-")
            rows.append((int(f[0], 16), v))
        elif ln.startswith("total kB"):
            total = dict(zip([c for c in cols if c != "Mode"], ln.split()[2:]))
    return text[0], rows, total, None


FLAG = re.compile(r"^[a-z0-9]{2}$")


def flags_and_name(rest):
    """VmFlags' words, then the name (a path's basename)"""
    words = rest.split()
    n = 0
    while n < len(words) and FLAG.match(words[n]):
        n += 1
    name = rest.strip()
    for w in words[:n]:
        name = name[name.index(w) + len(w):]
    name = name.strip()
    return " ".join(words[:n]), name.rsplit("/", 1)[-1] if name.startswith("/") else name


def parse_X(text):
    head = text[1].split()
    keys = head[head.index("Inode") + 1:len(head) - 1 - head[::-1].index("VmFlags")]
    rows, total, after_rule = [], {}, False
    for ln in text[2:]:
        if ADDR.match(ln):
            f = ln.split(None, 5 + len(keys))
            v = dict(zip(["Perm", "Offset", "Device", "Inode"] + keys, f[1:5 + len(keys)]))
            v["VmFlags"], v["Mapping"] = flags_and_name(f[5 + len(keys)] if len(f) > 5 + len(keys) else "")
            rows.append((int(f[0], 16), v))
        elif ln.strip().startswith("===="):
            after_rule = True
        elif after_rule and ln.strip():
            total = dict(zip(keys, ln.split()))
            after_rule = False
    return text[0], rows, total, keys


def folded(v):
    """the values compared: volatile ones out, the Clean and Dirty sums in"""
    out = {k: x for k, x in v.items() if not VOLATILE.match(k)}
    for kind in ("Clean", "Dirty"):
        parts = [v.get("Shared_" + kind), v.get("Private_" + kind)]
        if all(p is not None for p in parts):
            out[kind + " (shared + private)"] = str(int(parts[0]) + int(parts[1]))
    return out


def main():
    mode, procps, pmaps = sys.argv[1], lines(sys.argv[2]), lines(sys.argv[3])
    bad = []

    def check(what, ok, detail=""):
        print(("ok   " if ok else "DIFF ") + what + ("" if ok else ": " + detail))
        if not ok:
            bad.append(what)

    if len(pmaps) < 2 or len(procps) < 2:
        check("both outputs have a header", False, "%d and %d lines" % (len(procps), len(pmaps)))
        sys.exit(1)
    parse = parse_x if mode == "x" else parse_X
    (h1, r1, t1, k1), (h2, r2, t2, k2) = parse(procps), parse(pmaps)
    check("the PID: command line", h1 == h2, "%r vs %r" % (h1, h2))
    if mode == "X":
        check("the same smaps columns", k1 == k2, "%s vs %s" % (" ".join(k1), " ".join(k2)))
    a1, a2 = [a for a, _ in r1], [a for a, _ in r2]
    check("the same %d mappings in the same order" % len(a1), a1 == a2,
          "only procps: %s; only pmaps: %s" % ([hex(a) for a in sorted(set(a1) - set(a2))][:5],
                                               [hex(a) for a in sorted(set(a2) - set(a1))][:5]))
    ndiff = 0
    for (a, v1), (_, v2) in zip(r1, r2):
        if mode == "X":
            v1, v2 = folded(v1), folded(v2)
        for k in v1:
            if k in v2 and v1[k] != v2[k]:
                ndiff += 1
                if ndiff <= 10:
                    print("  %#x %s: procps %r, pmaps %r" % (a, k, v1[k], v2[k]))
    check("every value of every row (%s)" % ("Kbytes, RSS, Dirty, Mode, Mapping" if mode == "x" else
                                             "all but the volatile ones, see the top of pmapcmp.py"),
          ndiff == 0 and bool(r1), "%d differ" % ndiff)
    if mode == "X":
        t1, t2 = folded(t1), folded(t2)
    tdiff = [k for k in t1 if k in t2 and t1[k] != t2[k]]
    check("the total line", bool(t1) and not tdiff, ", ".join("%s %s vs %s" % (k, t1[k], t2[k]) for k in tdiff))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
