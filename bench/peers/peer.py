"""Run one peer detector on a canonical events file; write FINDINGS.md-style output.

Usage::

    python bench/peers/peer.py METHOD --events EVENTS --out DIR [--phase full|replay]

``full`` (timed by the bench) reads the log, runs the detector once on all of it and writes
``DIR/accounts.jsonl`` and ``DIR/campaigns.jsonl``. ``replay`` (not timed) re-runs a batch
detector on daily prefixes of the log to fill ``flagged_at``; for PRADA, which is online,
``full`` already has it and ``replay`` does nothing.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pyarrow as pa  # noqa: E402

from _common import Verdict, read_events, replay_daily, write_findings  # noqa: E402

COLUMNS = ("ip", "user_agent", "prompt", "output_tokens", "max_tokens", "top_logprobs", "logit_bias_n", "temperature", "n")
MAX_PREFIXES = 14  # daily replay points at most (evenly spaced days beyond that)


def _detector(method: str) -> tuple[Callable[[pa.Table], Mapping[str, Verdict]], bool]:
    """The method's detect function and whether it is online (has its own flag times)."""
    if method == "fraudar":
        import fraudar_peer

        return fraudar_peer.detect, False
    if method == "cnt":
        import cnt_peer

        return cnt_peer.detect, False
    if method == "ecod":
        import pyod_peer

        return pyod_peer.detect_ecod, False
    if method == "iforest":
        import pyod_peer

        return pyod_peer.detect_iforest, False
    if method == "prada":
        import prada_peer

        return prada_peer.detect, True
    raise SystemExit(f"unknown method {method!r}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("method", choices=["fraudar", "cnt", "ecod", "iforest", "prada"])
    ap.add_argument("--events", required=True, type=Path)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--phase", choices=["full", "replay"], default="full")
    args = ap.parse_args(argv)
    detect, online = _detector(args.method)
    args.out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    events = read_events(args.events, COLUMNS)
    t_read = time.perf_counter() - t0
    state = args.out / "verdicts.pkl"
    if args.phase == "full":
        verdicts = detect(events)
        write_findings(args.out, events, verdicts, args.method)
        state.write_bytes(pickle.dumps(dict(verdicts)))
        info = {"phase": "full", "read_s": t_read, "total_s": time.perf_counter() - t0, "events": events.num_rows}
    else:
        verdicts = pickle.loads(state.read_bytes())
        times = None if online else replay_daily(events, detect, verdicts, MAX_PREFIXES)
        write_findings(args.out, events, verdicts, args.method, flag_times=times)
        info = {"phase": "replay", "total_s": time.perf_counter() - t0, "prefixes": MAX_PREFIXES}
    (args.out / f"{args.phase}.json").write_text(json.dumps(info))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
