"""Policy: from an account's risk and campaign membership to a verdict, and observe vs enforce.

Verdicts, mildest first: ``allow < review < throttle < block``.

===================  =======================================================================
verdict              when
===================  =======================================================================
``review``           risk >= ``review_at`` (the scan's alert threshold by default): flag the
                     account for an analyst, serve the request
``throttle``         risk >= ``throttle_at``: slow the account down (HTTP 429 with
                     ``retry_after_s``)
``block``            risk >= ``block_at``: refuse the request
campaign             a member of a campaign whose risk is at or above ``review_at`` gets at
                     least ``campaign_verdict``, whatever its own risk
===================  =======================================================================

In ``observe`` mode every request is served (``decision`` is always ``allow``); the verdict the
policy would have given is returned as ``would_decision``, recorded, and counted, so operators can
measure what enforcement would do (LiteLLM's ``logging_only`` mode, agentgateway's ``audit``)
before they turn it on.  In ``enforce`` mode ``decision`` is the verdict.

Examples
--------
>>> p = Policy(review_at=0.7, throttle_at=0.85, block_at=0.95)
>>> p.verdict(0.5), p.verdict(0.72), p.verdict(0.9), p.verdict(0.99)
('allow', 'review', 'throttle', 'block')
>>> p.verdict(0.1, campaign_risk=0.8)
'block'
>>> p.decide(0.99, mode="observe")
('allow', 'block')
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MODES", "VERDICTS", "Policy"]

VERDICTS: tuple[str, ...] = ("allow", "review", "throttle", "block")
MODES: tuple[str, ...] = ("observe", "enforce")
_RANK = {v: i for i, v in enumerate(VERDICTS)}


@dataclass(frozen=True, kw_only=True)
class Policy:
    """Risk and campaign membership → verdict (parameters only; no logic in construction)."""

    review_at: float = 0.7
    throttle_at: float = 0.85
    block_at: float = 0.95
    campaign_verdict: str = "block"
    #: what a throttled caller is told to wait (seconds)
    retry_after_s: int = 60

    def validate(self) -> Policy:
        """Raise ``ValueError`` with a clear message when the thresholds make no sense."""
        for name in ("review_at", "throttle_at", "block_at"):
            v = getattr(self, name)
            if not 0.0 <= float(v) <= 1.0:
                raise ValueError(f"policy {name} must be within [0, 1], got {v!r}")
        if not self.review_at <= self.throttle_at <= self.block_at:
            raise ValueError(f"policy thresholds must rise: review_at {self.review_at} <= throttle_at {self.throttle_at} <= block_at {self.block_at}")
        if self.campaign_verdict not in VERDICTS:
            raise ValueError(f"policy campaign_verdict must be one of {', '.join(VERDICTS)}, got {self.campaign_verdict!r}")
        return self

    def verdict(self, risk: float, *, campaign_risk: float | None = None) -> str:
        """The verdict the policy gives (in any mode)."""
        v = "allow"
        if risk >= self.block_at:
            v = "block"
        elif risk >= self.throttle_at:
            v = "throttle"
        elif risk >= self.review_at:
            v = "review"
        if campaign_risk is not None and campaign_risk >= self.review_at and _RANK[self.campaign_verdict] > _RANK[v]:
            v = self.campaign_verdict
        return v

    def decide(self, risk: float, *, mode: str, campaign_risk: float | None = None) -> tuple[str, str]:
        """``(decision, would_decision)``: what the gateway must do, and what enforcement would do."""
        if mode not in MODES:
            raise ValueError(f"mode must be observe or enforce, got {mode!r}")
        v = self.verdict(risk, campaign_risk=campaign_risk)
        return (v if mode == "enforce" else "allow"), v
