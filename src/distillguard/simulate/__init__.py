"""Labelled traffic in the canonical format: honest populations and extraction campaigns.

>>> from distillguard.simulate import load_scenario
>>> load_scenario("small").name
'small'
"""

from __future__ import annotations

from distillguard.simulate._attacks import EXPECTED_CAPABILITY
from distillguard.simulate._engine import SimulationSummary, simulate, simulate_tables
from distillguard.simulate._scenario import BUILTIN_SCENARIOS, CAMPAIGN_KINDS, EVASIONS, POPULATIONS, Scenario, load_scenario

__all__ = [
    "BUILTIN_SCENARIOS",
    "CAMPAIGN_KINDS",
    "EVASIONS",
    "EXPECTED_CAPABILITY",
    "POPULATIONS",
    "Scenario",
    "SimulationSummary",
    "load_scenario",
    "simulate",
    "simulate_tables",
]
