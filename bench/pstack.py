#!/usr/bin/env python3
"""bench/pstack.py PROCBOX TARGETS STOPFLOOR: pstack against gdb's 'thread
apply all bt' and elfutils' eu-stack on tests/targets/many_threads with 8, 64
and 256 threads (THREADS="8 64 256"). Each case runs the tools interleaved,
RUNS times (default 5), and reports medians and ratios of the pause the
target's gap thread felt and of the wall time, and how many threads each tool
showed (and how many it followed into the target's own functions). The
yardsticks run in the same rounds: bench/stopfloor.c, the least a ptrace tool
must do for one instant (stop all; each thread's registers and a page of its
stack; let go), and its "bare" stop and let go. A tool not installed is left
out, and said so. Not a test: nothing here passes or fails."""
import os, re, statistics, subprocess, sys, time

pb, targets, floor = (os.path.abspath(a) for a in sys.argv[1:4])
runs = int(os.environ.get("RUNS", "5"))
counts = [int(n) for n in os.environ.get("THREADS", "8 64 256").split()]


def have(cmd):
    return subprocess.run(["sh", "-c", "command -v " + cmd], stdout=subprocess.DEVNULL).returncode == 0


# each tool: its command (PID: the target's), the line that starts a thread
# (None: a yardstick, it prints nothing)
TOOLS = {
    "pstack": ([pb, "pstack", "PID"], r"^Thread \d+"),
    "gdb": (["gdb", "-batch", "-ex", "thread apply all bt", "-p", "PID"], r"^Thread \d+ \("),
    "eu-stack": (["eu-stack", "-p", "PID"], r"^TID \d+:"),
    "floor": ([floor, "PID"], None),
    "bare stop": ([floor, "PID", "bare"], None),
}
OWN = re.compile(r"many_(sleeper|reader)_outer|gap_meter|\bmain\b")


class Target:
    def __init__(self, n):
        self.p = subprocess.Popen([os.path.join(targets, "many_threads"), str(n)], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE)
        while True:
            line = self.p.stdout.readline().decode()
            if line.startswith("pid="):
                self.pid = int(line[4:])
            if line.startswith("threads="):
                self.threads = int(line[8:])
            if line.startswith("realtime="):
                self.realtime = line[9:].strip() == "1"
            if line.startswith("ready") or not line:
                break

    def pause_ms(self):
        """the longest gap since the last call, and reset"""
        self.p.stdin.write(b"\n")
        self.p.stdin.flush()
        return float(self.p.stdout.readline().decode().split("=")[1])

    def close(self):
        self.p.stdin.close()
        self.p.wait()


def one(tool, t):
    """one backtrace of t: wall s, pause ms, threads shown, threads reaching the target's own code"""
    cmd, start = TOOLS[tool]
    time.sleep(0.2)  # the last run's stop long over
    t.pause_ms()
    s = time.monotonic()
    r = subprocess.run([str(t.pid) if a == "PID" else a for a in cmd], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL)
    wall = time.monotonic() - s
    time.sleep(0.05)  # the gap thread awake again, its gap noted
    pause = t.pause_ms()
    out = r.stdout.decode(errors="replace")
    threads = re.split(start, out, flags=re.M)[1:] if start else []
    if tool == "pstack" and r.returncode:
        raise SystemExit("bench: pstack %d exited %d" % (t.pid, r.returncode))
    return dict(wall=wall, pause=pause, threads=len(threads), own=sum(1 for x in threads if OWN.search(x)))


def idle(t, wall):
    """the gap thread's longest gap with no tool running, over as long a
    window as pstack's run: its 0.1 ms sleep, and the machine's noise"""
    time.sleep(0.2)
    t.pause_ms()
    time.sleep(wall + 0.05)
    return dict(pause=t.pause_ms())


def med(res, key):
    return statistics.median(r[key] for r in res)


def case(n, tools):
    t = Target(n)
    res = {tool: [] for tool in tools + ["idle"]}
    for _ in range(runs):
        for tool in tools:
            res[tool].append(one(tool, t))
        res["idle"].append(idle(t, res["pstack"][-1]["wall"]))
    t.close()
    print("== %d threads + main + gap thread = %d (%d runs, medians; threads shown: every count seen)%s" % (
        n, t.threads, runs, "" if t.realtime else "; the gap thread not real-time (not root?)"))
    print("  %-9s %9s %9s %8s %18s" % ("tool", "pause ms", "wall ms", "threads", "reaching own code"))
    for tool in tools:
        r = res[tool]
        shown = lambda k: "/".join(str(v) + ("" if k != "threads" or v == t.threads else "!")
                                   for v in sorted({x[k] for x in r})) if TOOLS[tool][1] else "-"
        print("  %-9s %9.2f %9.1f %8s %18s" % (tool, med(r, "pause"), 1000 * med(r, "wall"), shown("threads"),
                                               shown("own")))
    print("  %-9s %9.2f  (as long as pstack's run, nothing attached)" % ("(no tool)", med(res["idle"], "pause")))
    p = res["pstack"]
    for peer, goal in (("gdb", "pause goal <= 0.01"), ("eu-stack", "wall goal <= 1.0"), ("floor", "")):
        if peer in res:
            print("  pstack/%s: pause %.4fx, wall %.3fx%s" % (peer, med(p, "pause") / med(res[peer], "pause"),
                  med(p, "wall") / med(res[peer], "wall"), goal and " (%s)" % goal))
    if "gdb" in res:
        print("  bare stop/gdb: pause %.4fx (what holding every thread at once with ptrace costs at least)" % (
            med(res["bare stop"], "pause") / med(res["gdb"], "pause")))


def main():
    tools = ["pstack", "floor", "bare stop"]
    for peer, pkg in (("gdb", "gdb"), ("eu-stack", "elfutils")):
        if have(peer):
            tools.append(peer)
        else:
            print("(no %s: apt-get install %s)" % (peer, pkg))
    for n in counts:
        case(n, tools)


main()
