#!/usr/bin/env python3
"""bench/dumps.py PROCBOX TARGETS FLOOR [pcore|pdump]: pcore against gdb's
gcore, the kernel's own core of an identical target, and the floor
(bench/floor.c: PAGEMAP_SCAN + process_vm_readv + write), all writing to the
same filesystem (BENCH_DIR, default /var/tmp); pdump against the floor, both
writing to tmpfs (/dev/shm). Each case runs the tools interleaved, RUNS times
(default 3; gcore once where it takes a minute). Reports medians and ratios;
not a test: nothing here passes or fails."""
import os, resource, signal, statistics, subprocess, sys, tempfile, time

pb, targets, floor = (os.path.abspath(a) for a in sys.argv[1:4])
which = sys.argv[4:] or ["pcore", "pdump"]
runs = int(os.environ.get("RUNS", "3"))
bench_dir = tempfile.mkdtemp(prefix="procbox-bench.", dir=os.environ.get("BENCH_DIR", "/var/tmp"))
kernel_ok = open("/proc/sys/kernel/core_pattern").read().strip() == "core"
have_gcore = subprocess.run(["sh", "-c", "command -v gcore"], stdout=subprocess.DEVNULL).returncode == 0
MiB = 1 << 20


class Target:
    def __init__(self, args, core=False):
        pre = (lambda: resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY,) * 2)) if core else None
        self.p = subprocess.Popen([os.path.join(targets, "bench_target")] + [str(a) for a in args], cwd=bench_dir,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, preexec_fn=pre)
        while True:
            line = self.p.stdout.readline().decode()
            if line.startswith("pid="):
                self.pid = int(line[4:])
            if line.startswith("ready") or not line:
                break

    def pause_ms(self):
        self.p.stdin.write(b"\n")
        self.p.stdin.flush()
        return float(self.p.stdout.readline().decode().split("=")[1])

    def status(self, key):
        for line in open("/proc/%d/status" % self.pid):
            if line.startswith(key + ":"):
                return int(line.split()[1])

    def close(self):
        if self.p.poll() is None:
            self.p.stdin.close()
            self.p.wait()


def measure(cmd, env=None):
    """wall seconds and peak RSS (KiB) of cmd and all its children, by GNU
    time (a fork of python would count python's own RSS)"""
    r = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", os.path.join(bench_dir, "time")] + cmd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    if r.returncode:
        raise SystemExit("bench: %s failed" % " ".join(cmd))
    wall, rss = open(os.path.join(bench_dir, "time")).read().split()
    return float(wall), int(rss)


def sizes(path):
    """apparent and allocated bytes of a file, or of a directory's files; removed"""
    files = [os.path.join(path, f) for f in os.listdir(path)] if os.path.isdir(path) else [path]
    st = [os.stat(f) for f in files]
    subprocess.run(["rm", "-rf", path])
    return sum(s.st_size for s in st), sum(s.st_blocks * 512 for s in st)


def one(tool, t, args, env=None, where=bench_dir):
    """one dump of target t by tool: dict of wall, rss, size, alloc, pause"""
    out = os.path.join(where, "out." + tool)
    # the last run's pages written back and its file's blocks discarded
    os.sync()
    time.sleep(1)
    if tool == "kernel":
        k = Target(args, core=True)
        os.sync()
        start = time.monotonic()
        os.kill(k.pid, signal.SIGABRT)
        k.p.wait()
        wall = time.monotonic() - start
        size, alloc = sizes(os.path.join(bench_dir, "core"))
        return dict(wall=wall, size=size, alloc=alloc)
    t.pause_ms()
    rss0, pte0 = t.status("VmRSS"), t.status("VmPTE")
    if tool == "pcore":
        wall, rss = measure([pb, "pcore", "-f", "-o", out, str(t.pid)], env)
    elif tool == "pdump":
        os.mkdir(out)
        wall, rss = measure([pb, "pdump", "-d", out, str(t.pid)], env)
    elif tool == "gcore":
        wall, rss = measure(["gcore", "-o", out, str(t.pid)])
        out += ".%d" % t.pid
    else:
        wall, rss = measure([floor, str(t.pid), out])
    size, alloc = sizes(out)
    return dict(wall=wall, rss=rss, size=size, alloc=alloc, pause=t.pause_ms(),
                drss=t.status("VmRSS") - rss0, dpte=t.status("VmPTE") - pte0)


def med(results, key):
    v = [r[key] for r in results if key in r]
    return statistics.median(v) if v else None


def case(name, args, tools, slow_runs=None):
    t = Target(args)
    res = {tool: [] for tool in tools}
    for i in range(runs):
        for tool in tools:
            if i > 0 and tool == "gcore" and slow_runs == 1:
                continue
            res[tool].append(one(tool, t, args))
    t.close()
    print("== %s (%d runs, medians)" % (name, runs))
    print("  %-7s %8s %10s %12s %12s %9s" % ("tool", "wall s", "peak RSS", "core MB", "allocated MB", "pause ms"))
    for tool in tools:
        r = res[tool]
        fmt = lambda v, f: (f % v) if v is not None else "-"
        print("  %-7s %8s %10s %12s %12s %9s" % (tool, fmt(med(r, "wall"), "%.3f"),
              fmt(med(r, "rss") and med(r, "rss") / 1024, "%.1f MiB"), fmt(med(r, "size") / 1e6, "%.1f"),
              fmt(med(r, "alloc") / 1e6, "%.1f"), fmt(med(r, "pause"), "%.0f")))
    p = med(res["pcore"], "wall")
    ratios = ["pcore/%s %.2fx" % (tool, p / med(res[tool], "wall")) for tool in tools if tool != "pcore"]
    print("  " + ", ".join(ratios))
    for tool in ("pcore", "gcore"):
        if res.get(tool):
            print("  the target during %s's first run: RSS %+d KiB, page tables %+d KiB" % (
                tool, res[tool][0]["drss"], res[tool][0]["dpte"]))
    return res


def chunks():
    t = Target([1024, 0, 0])
    print("== pcore chunk size (1 GiB written; PROCBOX_CHUNK)")
    for c in (64 << 10, 256 << 10, 1 << 20, 4 << 20, 16 << 20):
        env = dict(os.environ, PROCBOX_CHUNK=str(c))
        w = statistics.median(one("pcore", t, None, env)["wall"] for _ in range(runs))
        print("  %6d KiB: %.3f s" % (c >> 10, w))
    t.close()


def pdump_case(args):
    """pdump's regions against the floor's whole-process copy, both to tmpfs:
    throughput = bytes read from the process / wall time"""
    shm = tempfile.mkdtemp(prefix="procbox-bench.", dir="/dev/shm")
    t = Target(args)
    res = {"pdump": [], "floor": []}
    for _ in range(runs):
        for tool in res:
            res[tool].append(one(tool, t, args, where=shm))
    t.close()
    os.rmdir(shm)
    print("== pdump, %d MiB written, to tmpfs (%d runs, medians)" % (args[0], runs))
    for tool in ("pdump", "floor"):
        w, a = med(res[tool], "wall"), med(res[tool], "alloc")
        print("  %-6s %7.3f s  %6.0f MB read  %6.0f MB/s  peak RSS %.1f MiB  pause %s ms" % (
            tool, w, a / 1e6, a / 1e6 / w, med(res[tool], "rss") / 1024,
            "%.0f" % med(res[tool], "pause")))
    p, f = (med(res[tool], "alloc") / med(res[tool], "wall") for tool in ("pdump", "floor"))
    print("  pdump throughput = %.0f%% of the floor's (goal: >= 80%%)" % (100 * p / f))


def main():
    if "pdump" in which:
        pdump_case([4096, 0, 0])
    if "pcore" not in which:
        return
    tools = ["pcore"] + (["gcore"] if have_gcore else []) + (["kernel"] if kernel_ok else []) + ["floor"]
    if not have_gcore:
        print("(no gcore: apt-get install gdb)")
    if not kernel_ok:
        print("(no kernel cores: core_pattern is not 'core')")
    print("writing to %s" % bench_dir)
    chunks()
    case("1 GiB written, dense", [1024, 0, 0], tools)
    case("4 GiB written, dense", [4096, 0, 0], tools)
    case("1 GiB written + 16 GiB untouched", [1024, 16384, 0], tools, slow_runs=1)
    case("60,000 mappings", [0, 0, 60000], [t for t in tools if t != "floor"])


try:
    main()
finally:
    subprocess.run(["rm", "-rf", bench_dir])
