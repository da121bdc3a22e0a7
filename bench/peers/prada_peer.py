"""PRADA (Juuti et al., EuroS&P 2019), written here from the paper's Algorithm 1.

Per account, each query is embedded and compared with the account's *growing set* G: the query's
minimum L2 distance to G joins the distance set D; the query itself joins G only when that
distance exceeds the threshold T = max(T, mean(D_G) − std(D_G)) over the distances of the points
already added to G. Once D holds ``MIN_DISTANCES`` values, the Shapiro–Wilk statistic W of D
(outliers beyond 3 standard deviations removed, as in the paper) is tested at every query, and the
account is flagged at the first query where W < ``DELTA``. Natural queries give roughly normal
distances; synthetic or systematically spread extraction queries do not.

Adaptations to text (the paper works on images with one growing set per predicted class):
- one growing set per account (an LLM has no predicted class);
- the embedding is hashed (2^16 buckets) character 3-4-gram TF-IDF of the first ``MAX_CHARS``
  characters of the prompt, reduced to ``DIM`` dimensions by TruncatedSVD fitted on a sample of
  the log's prompts, L2-normalised (scikit-learn); the truncation and the short n-grams keep
  scikit-learn's pure-Python analyser affordable at 500k requests;
- the test runs at every query until D holds ``TEST_EVERY_UNTIL`` distances, then at every
  ⌈|D|/1000⌉-th query (so a 20,000-request account costs about 1,000 tests per doubling instead
  of 20,000 tests of growing size); flag times are exact to 0.1 % of the account's queries;
- ``DELTA = 0.90`` (the paper reports δ between 0.87 and 0.96 depending on the model; 0.90 sits
  in that range and was fixed before seeing results), ``MIN_DISTANCES = 100`` (the paper's
  minimum before testing).
Requests without prompt text are skipped. PRADA is online, so ``flagged_at`` is the ``ts`` of the
query at which the test first fails; no daily replay is needed.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pyarrow as pa
from scipy.stats import shapiro

from _common import Verdict, column

try:  # scipy's Fortran routine behind stats.shapiro, without its ~0.3 ms per-call wrapper
    from scipy.stats._ansari_swilk_statistics import swilk as _swilk
except ImportError:  # pragma: no cover - private location moved
    _swilk = None

DELTA = 0.90
MIN_DISTANCES = 100
TEST_EVERY_UNTIL = 1_000
DIM = 64
FIT_SAMPLE = 10_000
MAX_CHARS = 500


def embed(prompts: list[str], seed: int = 0) -> np.ndarray:
    """Hashed char n-gram TF-IDF + TruncatedSVD embedding, one L2-normalised row per prompt."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
    from sklearn.preprocessing import normalize

    hv = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 4), n_features=2**16, alternate_sign=False, norm=None)
    counts = hv.transform([p[:MAX_CHARS] for p in prompts])
    rng = np.random.default_rng(seed)
    sample = rng.choice(len(prompts), min(FIT_SAMPLE, len(prompts)), replace=False)
    tfidf = TfidfTransformer(sublinear_tf=True).fit(counts[sample])
    x = tfidf.transform(counts)
    k = max(2, min(DIM, x.shape[0] - 1, x.shape[1] - 1))
    svd = TruncatedSVD(n_components=k, random_state=seed).fit(x[sample])
    return normalize(svd.transform(x)).astype(np.float32)


def shapiro_w(x: np.ndarray) -> float:
    """The Shapiro–Wilk W statistic of ``x`` (same value as ``scipy.stats.shapiro(x).statistic``)."""
    if _swilk is None:
        return float(shapiro(x).statistic)
    x = np.asarray(x, np.float64)
    y = np.sort(x)
    y -= x[len(x) // 2]  # as scipy does (gh-15777)
    w, _, _ = _swilk(y, np.zeros(len(x) // 2, np.float64), 0)
    return float(w)


class PradaAccount:
    """PRADA's state for one client: growing set G, its distances, the threshold T, and D."""

    def __init__(self, dim: int) -> None:
        self.g = np.empty((16, dim), np.float32)
        self.n_g = 0
        self.dg_sum = 0.0
        self.dg_sq = 0.0
        self.threshold = 0.0
        self.d = np.empty(64, np.float64)
        self.n_d = 0
        self.min_w = 1.0

    def update(self, x: np.ndarray) -> float | None:
        """Add one query; return the Shapiro–Wilk W of D after it (None when no test ran)."""
        if self.n_g == 0:
            self._grow(x, None)
            return None
        # rows are L2-normalised: squared distance = 2 - 2 cos
        dmin = float(np.sqrt(max(0.0, 2.0 - 2.0 * float((self.g[: self.n_g] @ x).max()))))
        if self.n_d == len(self.d):
            self.d = np.concatenate([self.d, np.empty_like(self.d)])
        self.d[self.n_d] = dmin
        self.n_d += 1
        if dmin > self.threshold:
            self._grow(x, dmin)
        n = self.n_d
        if n < MIN_DISTANCES or (n > TEST_EVERY_UNTIL and n % -(-n // TEST_EVERY_UNTIL)):
            return None
        d = self.d[:n]
        mu, sd = d.mean(), d.std()
        d = d[(d > mu - 3 * sd) & (d < mu + 3 * sd)] if sd > 0 else d
        if len(d) < 3 or np.ptp(d) == 0:
            w = 0.0  # all distances equal: as far from normal as it gets
        else:
            w = shapiro_w(d)
        self.min_w = min(self.min_w, w)
        return w

    def _grow(self, x: np.ndarray, dmin: float | None) -> None:
        if self.n_g == len(self.g):
            self.g = np.concatenate([self.g, np.empty_like(self.g)])
        self.g[self.n_g] = x
        self.n_g += 1
        if dmin is not None:
            self.dg_sum += dmin
            self.dg_sq += dmin * dmin
            k = self.n_g - 1
            mean = self.dg_sum / k
            std = float(np.sqrt(max(0.0, self.dg_sq / k - mean * mean)))
            self.threshold = max(self.threshold, mean - std)


def detect(events: pa.Table) -> Mapping[str, Verdict]:
    """Run PRADA over the log in time order; flag an account at its first failed test."""
    prompts = column(events, "prompt")
    has = np.array([isinstance(p, str) and p != "" for p in prompts])
    accts = column(events, "account_id")
    ts = events.column("ts").to_numpy()
    rid = column(events, "request_id")
    out: dict[str, Verdict] = {str(a): Verdict(risk=0.0, flagged=False) for a in np.unique(accts)}
    idx = np.flatnonzero(has)
    if len(idx) < 3:
        return out
    emb = embed([prompts[i] for i in idx])
    state: dict[str, PradaAccount] = {}
    for k, i in enumerate(idx):  # events are sorted by ts
        a = str(accts[i])
        s = state.get(a)
        if s is None:
            s = state[a] = PradaAccount(emb.shape[1])
        v = out[a]
        if v.flagged:
            continue  # once an alarm is raised the account stays flagged
        w = s.update(emb[k])
        if w is not None and w < DELTA:
            out[a] = Verdict(risk=1.0 - w, flagged=True, flagged_at_ms=int(ts[i]), evidence=[str(rid[i])], reasons=[{
                "detector": "prada", "score": round(1.0 - w, 4),
                "summary": f"Shapiro-Wilk W = {w:.3f} < {DELTA} over {s.n_d} minimum query distances ({s.n_g} in the growing set)"}])
    for a, s in state.items():
        if not out[a].flagged:
            out[a] = Verdict(risk=min(1.0 - s.min_w, 1.0 - DELTA - 1e-6) if s.n_d >= MIN_DISTANCES else 0.0, flagged=False)
    return out
