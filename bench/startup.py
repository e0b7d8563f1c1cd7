#!/usr/bin/env python3
"""Whole-process start-up benchmark (hyperfine-style, issue #15 item 6).

Runs each command many times, interleaved (run 1 of every command, then run 2, ...) so that a change in machine
load hits all commands alike, and prints per command the median and minimum wall time and the median CPU time
(user + sys of the process and its children, from wait4). On a shared machine the CPU time and the minimum wall
time are the better measures; state the load (printed before and after) with every number.

Usage: bench/startup.py [--runs N] [--warmup W] 'LABEL=COMMAND' ['LABEL=COMMAND' ...]
Example: bench/startup.py --runs 30 'before=/tmp/base/transferlab theory linear --n 50' 'after=./transferlab theory linear --n 50'
"""
import argparse, os, shlex, statistics, subprocess, time


def run_once(argv):
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"command failed (exit {os.waitstatus_to_exitcode(status)}): {shlex.join(argv)}")
    return wall, usage.ru_utime + usage.ru_stime


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("commands", nargs="+", help="LABEL=COMMAND")
    args = ap.parse_args()
    cmds = []
    for c in args.commands:
        label, _, command = c.partition("=")
        cmds.append((label, shlex.split(command)))
    print(f"load before: {open('/proc/loadavg').read().split()[:3]}")
    for _ in range(args.warmup):
        for _, argv in cmds:
            run_once(argv)
    results = {label: [] for label, _ in cmds}
    for _ in range(args.runs):
        for label, argv in cmds:
            results[label].append(run_once(argv))
    print(f"load after:  {open('/proc/loadavg').read().split()[:3]}")
    print(f"| command | runs | median wall (ms) | min wall (ms) | median CPU (ms) |")
    print(f"|---|---|---|---|---|")
    for label, argv in cmds:
        walls = [w for w, _ in results[label]]
        cpus = [c for _, c in results[label]]
        print(f"| {label} | {len(walls)} | {1000 * statistics.median(walls):.0f} | {1000 * min(walls):.0f} | {1000 * statistics.median(cpus):.0f} |")


if __name__ == "__main__":
    main()
