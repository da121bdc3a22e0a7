"""Online extraction detection: ``distillguard serve``, the LiteLLM guardrail, shared state.

Public API::

    from distillguard.online import OnlineService, Policy, create_app, open_store

See ``docs/online.md``.
"""

from __future__ import annotations

from distillguard.online._core import BatchView, CheckResult, IngestResult, OnlineService
from distillguard.online._policy import MODES, VERDICTS, Policy
from distillguard.online._state import EmbeddedStore, RedisStore, open_store
from distillguard.online.service import Limits, create_app, load_tokens

__all__ = [
    "MODES",
    "VERDICTS",
    "BatchView",
    "CheckResult",
    "EmbeddedStore",
    "IngestResult",
    "Limits",
    "OnlineService",
    "Policy",
    "RedisStore",
    "create_app",
    "load_tokens",
    "open_store",
]
