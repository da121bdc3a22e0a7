"""Runs the benchmark's timed children from a small process, so their peak memory is their own.

On Linux a process's peak resident size (``ru_maxrss``) survives ``execve``: a child forked or
spawned from a parent that has grown to 1 GiB reports at least 1 GiB, whatever it used itself.
``bench.py`` loads events and scores between runs, so it starts this launcher first, while it is
still small, and sends it one JSON line per command: ``{"cmd": [...], "log": PATH, "cwd": DIR}``.
The launcher answers one JSON line: ``{"wall_s": …, "peak_rss": bytes, "rc": exit code}``, where
``peak_rss`` is the largest of the child and its reaped descendants (``wait4``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def main() -> None:
    for line in sys.stdin:
        job = json.loads(line)
        t0 = time.perf_counter()
        with open(job["log"], "w") as fh:
            proc = subprocess.Popen(job["cmd"], stdout=fh, stderr=subprocess.STDOUT, cwd=job.get("cwd"))
            _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        print(json.dumps({"wall_s": wall, "peak_rss": usage.ru_maxrss * 1024, "rc": os.waitstatus_to_exitcode(status)}), flush=True)


if __name__ == "__main__":
    main()
