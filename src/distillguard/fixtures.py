"""The built-in demo log: small labelled traffic built in code, used by ``distillguard demo`` and tests.

It is the simulator's ``demo`` scenario (five days, about 200 honest accounts with every hard
negative, and one campaign of each attack kind) with procedural prompts, generated in memory.
"""

from __future__ import annotations

import pyarrow as pa

__all__ = ["demo_traffic"]


def demo_traffic(seed: int = 0) -> tuple[pa.Table, pa.Table, pa.Table]:
    """(events, accounts, labels) of the demo scenario, as Arrow tables in the canonical format.

    Events are time-ordered with ``ts`` a UTC timestamp; labels carry ``capability`` besides the
    ``EVENTS.md`` fields.  Same seed, same tables.

    Examples
    --------
    >>> events, accounts, labels = demo_traffic(0)
    >>> 15_000 < events.num_rows < 45_000 and accounts.num_rows == labels.num_rows
    True
    >>> sorted(set(labels.column("label").to_pylist()))
    ['attack', 'benign']
    """
    from distillguard.simulate import load_scenario, simulate_tables

    return simulate_tables(load_scenario("demo"), seed=seed)
