"""The engine's floor under the scan: the least of the scan's work, run as DuckDB SQL, against
the bare read of the same file, in one run.

Usage::

    .venv/bin/python bench/scan_bench.py --events 1000000 --format parquet      # the log
    .venv/bin/python bench/scan_floor.py bench/out/bench-1000000.parquet [--runs 2]

The issue-13 aim is a scan within 4x of the engine's bare read (``scan_bench.py``'s: a count, a
distinct count and a sum over ``length(prompt)``).  This asks how low any scan with the same
features could go on this machine, whatever its design: each query below does less than the
scan computes, written straight in DuckDB with its own parallel reader and kernels (RE2 for the
patterns), no Python per row, nothing written.  Where the benchmark log lacks a column a
first-seen key of the scan reads (system prompt, conversation), a column of the same kind stands
in (model, temperature, max_tokens), so the profile query's 12 keys cost what 12 of the scan's
14 would.

- ``bare``: the bare read (the benchmark's denominator).
- ``text``: the bare read plus the least text work of a scan: every prompt lower-cased, its
  whitespace collapsed (the scan hashes the normalised prompt) and matched once against the cue
  prefilter (the union of the four cue lexicons' ASCII gates, one RE2 alternation; the scan also
  runs the code and math alternations, language and topic words, edge words and fingerprints).
- ``profile``: the bare read plus the least state of a scan: each event's place in its
  account's time order and the gap to its previous request (one ordered window), and the first
  event of each of 12 per-account keys (one hash aggregate each, unioned into one bit mask per
  event and joined back; the scan does 14 keys, then profile buckets, the graph and scores).
- ``floor``: ``text`` and ``profile`` in one query, over one read.
- ``floor_raw_ws``: ``floor`` without the whitespace collapse (as if the cue patterns were
  written for raw whitespace and the prompt hash taken over other text: not the scan's
  features, so a bound under the bound).

Each query runs in a fresh child with the scan's default memory limit (1.5 GB), runs
interleaved, and the ratio of each to the same round's bare read is printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scan_bench import BARE_SELECT, run_query, source  # bench/, beside this script


def queries(path: Path) -> dict[str, tuple[str, list[str]]]:
    from distillguard.features import text as T

    src = source(path)
    prefilter = T._join([a for a in T._CUES.prefilter if a.isascii()])  # noqa: SLF001 - the scan's own gates
    cue = "regexp_matches(regexp_replace(lower(prompt), ?, ' ', 'g'), ?)"  # parameters: _SPACES, prefilter
    ts = "CAST(ts AS TIMESTAMP)"
    keys = [f"epoch_ms({ts}) // 86400000", f"epoch_ms({ts}) // 3600000", f"hour({ts})", "ip", "asn", "user_agent",
            "hash(prompt)", "hash(left(prompt, 32))", "hash(right(prompt, 32))", "model", "temperature", "max_tokens"]
    k = ", ".join(f"{e} AS k{i}" for i, e in enumerate(keys))
    firsts = " UNION ALL ".join(
        f"SELECT account_id, min(seq) AS s, {1 << i} AS b FROM w WHERE k{i} IS NOT NULL GROUP BY account_id, k{i}"
        for i in range(len(keys)))

    def state(cue_col: str) -> str:
        # the prompt is reduced to its length (and cue) as it is read, as the scan's text stage does
        return f"""WITH w AS (SELECT account_id, request_id, length(prompt) AS chars{cue_col}, {k},
                          row_number() OVER (PARTITION BY account_id ORDER BY {ts}, request_id) AS seq,
                          lag({ts}) OVER (PARTITION BY account_id ORDER BY {ts}, request_id) AS prev FROM {src}),
                    f AS (SELECT account_id, s, sum(b) AS m FROM ({firsts}) GROUP BY ALL)
                   SELECT count(*), count(DISTINCT request_id), sum(chars), sum(m), count(prev){", count(*) FILTER (WHERE cue)" if cue_col else ""}
                   FROM w LEFT JOIN f ON w.account_id = f.account_id AND w.seq = f.s"""

    return {
        "bare": (f"SELECT {BARE_SELECT} FROM {src}", []),
        "text": (f"SELECT {BARE_SELECT}, count(*) FILTER (WHERE {cue}) FROM {src}", [T._SPACES, prefilter]),  # noqa: SLF001
        "profile": (state(""), []),
        "floor": (state(f", {cue} AS cue"), [T._SPACES, prefilter]),  # noqa: SLF001
        "floor_raw_ws": (state(", regexp_matches(lower(prompt), ?) AS cue"), [prefilter]),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("log", type=Path)
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--memory-limit", default="1.5GB")
    args = ap.parse_args()
    qs = queries(args.log.resolve())
    rounds = []
    for i in range(args.runs):
        r = {name: run_query(sql, params, args.memory_limit)["wall_s"] for name, (sql, params) in qs.items()}
        rounds.append(r)
        print(f"round {i + 1}: " + ", ".join(f"{n} {s:.2f} s ({s / r['bare']:.1f}x)" for n, s in r.items()), file=sys.stderr)
    print(json.dumps({"log": str(args.log), "rounds": [{k: round(v, 2) for k, v in r.items()} for r in rounds],
                      "ratio_to_bare": [{k: round(v / r["bare"], 1) for k, v in r.items()} for r in rounds],
                      "sql": {k: v[0] for k, v in qs.items()}}))


if __name__ == "__main__":
    main()
