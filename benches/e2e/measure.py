"""Run a command; report wall, CPU (user+sys of the whole process tree) and peak memory as JSON.

usage: python measure.py OUT.json -- CMD ARGS...

CPU time comes from getrusage(RUSAGE_CHILDREN): every descendant that was waited
for (datatrove runs with start_method="fork", so all its workers and extractor
sandboxes are). Memory is reported two ways: `max_rss_one_process_kb` (ru_maxrss,
the largest single process, what `/usr/bin/time` prints) and `peak_tree_pss_kb`,
the peak of the summed PSS of the live process tree, sampled every 0.2 s from
/proc/<pid>/smaps_rollup (PSS splits pages shared after fork, so it does not
double-count them; the 0.2 s sampling can miss short spikes).
"""
import json
import os
import resource
import subprocess
import sys
import time


def tree(root):
    kids = {}
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open(f"/proc/{p}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                kids.setdefault(ppid, []).append(int(p))
            except (OSError, IndexError, ValueError):
                pass
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main():
    out, cmd = sys.argv[1], sys.argv[sys.argv.index("--") + 1:]
    t0 = time.time()
    proc = subprocess.Popen(cmd)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, sum(pss_kb(p) for p in tree(proc.pid)))
        time.sleep(0.2)
    wall = time.time() - t0
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = {"cmd": cmd, "rc": proc.returncode, "wall_s": round(wall, 2), "user_s": round(ru.ru_utime, 2),
         "sys_s": round(ru.ru_stime, 2), "cpu_s": round(ru.ru_utime + ru.ru_stime, 2),
         "max_rss_one_process_kb": ru.ru_maxrss, "peak_tree_pss_kb": peak}
    with open(out, "w") as f:
        json.dump(r, f)
    print(json.dumps({k: v for k, v in r.items() if k != "cmd"}))
    sys.exit(proc.returncode)


if __name__ == "__main__":
    main()
