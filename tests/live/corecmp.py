#!/usr/bin/env python3
"""corecmp.py KERNEL_CORE PCORE_CORE: compare a core the kernel wrote with
pcore's of the same process, taken just before.
corecmp.py --same CORE1 CORE2: two cores of one stopped process the same
byte for byte but the clocks (each NT_PRSTATUS's times: waking a stopped
thread to hold it costs it kernel time) and NT_SIGINFO's sender PID. Plain Python, independent of
procbox's own reader. Prints one line per check; exit 1 if anything differs
beyond the documented differences:
  - NT_SIGINFO and pr_cursig/pr_info: the kernel's fatal signal vs SIGSTOP;
  - NT_PRPSINFO pr_state/pr_sname and pr_flag's dumping bits;
  - the signalled thread's registers and times, and any thread's times;
  - where the process was going to run: threads' stacks below their sp may
    differ (the kernel's signal delivery ran between the two dumps).
"""
import struct, sys

NT = {1: "PRSTATUS", 2: "PRFPREG", 3: "PRPSINFO", 6: "AUXV", 0x46494c45: "FILE", 0x53494749: "SIGINFO"}


class Core:
    def __init__(self, path):
        self.path = path
        self.d = d = open(path, "rb").read()
        assert d[:4] == b"\x7fELF", path + ": not ELF"
        self.c64 = d[4] == 2
        if self.c64:
            (self.type, self.machine, _, _, phoff, shoff, self.flags, _, phsz, phnum, shsz, shnum, _) = \
                struct.unpack_from("<HHIQQQIHHHHHH", d, 16)
        else:
            (self.type, self.machine, _, _, phoff, shoff, self.flags, _, phsz, phnum, shsz, shnum, _) = \
                struct.unpack_from("<HHIIIIIHHHHHH", d, 16)
        self.phnum_raw = phnum
        if phnum == 0xFFFF:
            phnum = struct.unpack_from("<I", d, shoff + (44 if self.c64 else 28))[0]
        self.segs, self.notes = [], []
        for i in range(phnum):
            o = phoff + i * phsz
            if self.c64:
                t, fl, off, va, pa, fs, ms, al = struct.unpack_from("<IIQQQQQQ", d, o)
            else:
                t, off, va, pa, fs, ms, fl, al = struct.unpack_from("<IIIIIIII", d, o)
            if t == 1:
                self.segs.append((va, ms, fl, fs, off))
            elif t == 4:
                self.read_notes(off, fs)

    def read_notes(self, off, size):
        d, p, end = self.d, off, off + size
        while p < end:
            nsz, dsz, ty = struct.unpack_from("<III", d, p)
            p += 12
            name = d[p:p + nsz].rstrip(b"\0").decode()
            p += (nsz + 3) & ~3
            self.notes.append((name, ty, d[p:p + dsz], p))
            p += (dsz + 3) & ~3

    def threads(self):
        """per thread (tid, [its notes]); the first thread's hold the process
        notes; notes after the last thread's of types no thread has (x86's
        XSAVE layout) are not a thread's"""
        out = []
        for n in self.notes:
            if n[1] == 1 and n[0] == "CORE":
                out.append([self.prstatus(n[2])["pid"], []])
            if out:
                out[-1][1].append(n)
        types = {n[1] for n in out[0][1]}
        while len(out) > 1 and out[-1][1][-1][1] not in types:
            out[-1][1].pop()
        return out

    def prstatus(self, b):
        if self.c64:
            f = struct.unpack_from("<iiihxxQQiiii", b, 0)
        else:
            f = struct.unpack_from("<iiihxxIIiiii", b, 0)
        return dict(signo=f[0], cursig=f[3], sigpend=f[4], sighold=f[5], pid=f[6], ppid=f[7], pgrp=f[8], sid=f[9])

    def prpsinfo(self, b):
        if self.c64:
            f = struct.unpack_from("<bcbb4xQIIiiii16s80s", b, 0)
        else:
            f = struct.unpack_from("<bcbbIHHiiii16s80s", b, 0)
        k = "state sname zomb nice flag uid gid pid ppid pgrp sid fname psargs".split()
        return dict(zip(k, f))

    def data(self, seg):
        va, ms, fl, fs, off = seg
        return self.d[off:off + fs]


    def volatile(self):
        """the byte ranges --same lets differ"""
        w = 8 if self.c64 else 4
        times = 16 + 2 * w + 16  # after pr_info, pr_cursig, pr_sigpend, pr_sighold, pr_pid..pr_sid
        for n in self.notes:
            if n[1] == 1:  # pr_utime, pr_stime, pr_cutime, pr_cstime
                yield n[3] + times, n[3] + times + 8 * w
            elif n[1] == 0x53494749:  # si_pid: the union after si_signo, si_errno, si_code
                pid = 16 if self.c64 else 12
                yield n[3] + pid, n[3] + pid + 4


def same(a, b):
    x, y = Core(a), Core(b)
    dx, dy = bytearray(x.d), bytearray(y.d)
    for c, d in ((x, dx), (y, dy)):
        for lo, hi in c.volatile():
            d[lo:hi] = bytes(hi - lo)
    diff = [i for i in range(min(len(dx), len(dy))) if dx[i] != dy[i]][:8] if dx != dy else []
    if len(dx) != len(dy) or diff:
        print("%s and %s differ: sizes %d, %d; first offsets %s" % (a, b, len(dx), len(dy), [hex(i) for i in diff]))
        sys.exit(1)


def main():
    if sys.argv[1] == "--same":
        return same(sys.argv[2], sys.argv[3])
    k, p = Core(sys.argv[1]), Core(sys.argv[2])
    bad = []

    def check(what, ok, detail=""):
        print(("ok   " if ok else "DIFF ") + what + ("" if ok else ": " + detail))
        if not ok:
            bad.append(what)

    check("ELF class, machine, type, flags", (k.c64, k.machine, k.type, k.flags) == (p.c64, p.machine, p.type, p.flags),
          "%r vs %r" % ((k.c64, k.machine, k.type, k.flags), (p.c64, p.machine, p.type, p.flags)))
    check("e_phnum (PN_XNUM when > 65534)", k.phnum_raw == p.phnum_raw, "%d vs %d" % (k.phnum_raw, p.phnum_raw))
    # notes: the first thread's block holds the process notes, in the kernel's order
    kt, pt = k.threads(), p.threads()
    sig = lambda notes: [(n[0], n[1], len(n[2])) for n in notes]
    check("first thread's notes: names, types, sizes, order", sig(kt[0][1]) == sig(pt[0][1]),
          "%r vs %r" % (sig(kt[0][1]), sig(pt[0][1])))
    kmap, pmap = {t: n for t, n in kt}, {t: n for t, n in pt}
    check("the same threads", sorted(kmap) == sorted(pmap), "%r vs %r" % (sorted(kmap), sorted(pmap)))
    for tid in sorted(set(kmap) & set(pmap)):
        kn = [n for n in kmap[tid] if n[1] not in (3, 6, 0x46494c45, 0x53494749)]
        pn = [n for n in pmap[tid] if n[1] not in (3, 6, 0x46494c45, 0x53494749)]
        check("thread %d: register notes (names, types, sizes, order)" % tid, sig(kn) == sig(pn), "%r vs %r" % (sig(kn), sig(pn)))
        ks, ps = k.prstatus(kn[0][2]), p.prstatus(pn[0][2])
        for f in ("pid", "ppid", "pgrp", "sid", "sighold"):
            check("thread %d: pr_%s" % (tid, f), ks[f] == ps[f], "%r vs %r" % (ks[f], ps[f]))
    extra = lambda c: sig([n for n in c.notes[len(sum((t[1] for t in c.threads()), [])):]])
    check("notes after the threads'", extra(k) == extra(p), "%r vs %r" % (extra(k), extra(p)))
    find = lambda c, ty: next((n[2] for n in c.notes if n[1] == ty), None)
    check("NT_AUXV bytes", find(k, 6) == find(p, 6))
    check("NT_FILE bytes", find(k, 0x46494c45) == find(p, 0x46494c45))
    kp, pp = k.prpsinfo(find(k, 3)), p.prpsinfo(find(p, 3))
    for f in ("zomb", "nice", "uid", "gid", "pid", "ppid", "pgrp", "sid", "fname", "psargs"):
        check("NT_PRPSINFO pr_%s" % f, kp[f] == pp[f], "%r vs %r" % (kp[f], pp[f]))
    # PF_DUMPCORE 0x200, PF_SIGNALED 0x400, PF_EXITING 0x4, PF_POSTCOREDUMP 0x8: the kernel's dying
    check("NT_PRPSINFO pr_flag (but the dying bits)", kp["flag"] & ~0x60c == pp["flag"] & ~0x60c,
          "%#x vs %#x" % (kp["flag"], pp["flag"]))
    # segments
    check("PT_LOAD count", len(k.segs) == len(p.segs), "%d vs %d" % (len(k.segs), len(p.segs)))
    nd = 0
    for ks, ps in zip(k.segs, p.segs):
        what = "PT_LOAD %#x" % ks[0]
        if ks[:4] != ps[:4]:
            check(what + ": vaddr, memsz, flags, filesz", False,
                  "(%#x %#x %d %#x) vs (%#x %#x %d %#x)" % (ks[:4] + ps[:4]))
            continue
        if k.data(ks) != p.data(ps):
            nd += 1
            print("note %s: contents differ (%d of %d pages)" % (what, sum(
                k.data(ks)[i:i + 4096] != p.data(ps)[i:i + 4096] for i in range(0, ks[3], 4096)), ks[3] // 4096))
    check("PT_LOAD vaddr, memsz, flags, filesz of every mapping", not any(
        a[:4] != b[:4] for a, b in zip(k.segs, p.segs)))
    print("segments whose contents differ: %d" % nd)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
