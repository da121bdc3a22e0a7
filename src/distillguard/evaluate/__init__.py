"""Metrics of a scan's findings against labelled traffic (precision, recall, campaigns, the bar).

See :mod:`distillguard.evaluate._metrics` for the exact definitions.
"""

from __future__ import annotations

from distillguard.evaluate._metrics import BAR, DEFAULT_HARD_NEGATIVES, SCENARIO_CAPABILITY, EvalReport, evaluate

__all__ = ["BAR", "DEFAULT_HARD_NEGATIVES", "EvalReport", "SCENARIO_CAPABILITY", "evaluate"]
