"""Training the reply reader's linear models (used by ``scripts/train_reader.py``).

    >>> from casekit.reader_train import fit
    >>> model = fit(rows, parts, tones, "en")   # rows: feature dicts of development replies

One L2-penalised logistic model per message part and one per tone (each tone against the
others), fitted together in the primal by Newton's method with conjugate gradients over a
sparse design: a reply has some hundred features out of tens of thousands, so the products
``X w`` and ``X^T r`` cost what the non-zero entries cost. The fit is exact to a relative
gradient of 1e-8 and deterministic (from zeros, no random start): the same corpus gives the
same weights. (Until 2026-12-03 the same objective was solved in the dual, an n x n Newton
system per step: 16 minutes a language at 4,000 replies; this takes under a minute and
gives the same weights to 1e-6.)

The L2 strength and the parts' thresholds are chosen by cross-validation on the rows given
(:func:`fit`); pass only development replies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from casekit.reader import LABELS, Model, has_human_cue
from casekit.vocabulary import MESSAGE_PARTS, TONES

__all__ = ["THRESHOLD_GRID", "Design", "cross_validate", "fit", "part_thresholds"]


@dataclass(frozen=True)
class Design:
    """A sparse design matrix (replies x features), kept sorted both by row and by column
    so that ``X @ w`` and ``X.T @ r`` are segment sums over the non-zero entries."""

    rows: np.ndarray        # per non-zero entry, in row order
    cols: np.ndarray
    values: np.ndarray
    n: int
    d: int

    @classmethod
    def build(cls, found: Sequence[Mapping[str, float]], names: Sequence[str]) -> Design:
        """The design of feature dicts over the given feature names (others are left out)."""
        index = {name: i for i, name in enumerate(names)}
        rows, cols, values = [], [], []
        for r, row in enumerate(found):
            for name, value in row.items():
                i = index.get(name)
                if i is not None and value:
                    rows.append(r)
                    cols.append(i)
                    values.append(value)
        return cls.of(np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64),
                      np.array(values, dtype=float), len(found), len(names))

    @classmethod
    def of(cls, rows: np.ndarray, cols: np.ndarray, values: np.ndarray, n: int,
           d: int) -> Design:
        order = np.lexsort((cols, rows))
        return cls(rows[order], cols[order], values[order], n, d)

    def take(self, keep: np.ndarray) -> Design:
        """The rows ``keep`` (sorted indices), renumbered from 0."""
        mask = np.isin(self.rows, keep)
        renumber = np.full(self.n, -1, dtype=np.int64)
        renumber[keep] = np.arange(len(keep))
        return Design.of(renumber[self.rows[mask]], self.cols[mask], self.values[mask],
                         len(keep), self.d)

    def dot(self, w: np.ndarray) -> np.ndarray:
        """``X @ w`` for ``w`` of shape (d, labels)."""
        return _segment_sum(self.values[:, None] * w[self.cols], self._row_starts, self.n)

    def tdot(self, r: np.ndarray) -> np.ndarray:
        """``X.T @ r`` for ``r`` of shape (n, labels)."""
        order, starts = self._by_column
        return _segment_sum(self.values[order, None] * r[self.rows[order]], starts, self.d)

    @cached_property
    def _row_starts(self) -> np.ndarray:
        return np.searchsorted(self.rows, np.arange(self.n + 1))

    @cached_property
    def _by_column(self) -> tuple[np.ndarray, np.ndarray]:
        order = np.lexsort((self.rows, self.cols))
        return order, np.searchsorted(self.cols[order], np.arange(self.d + 1))


def _segment_sum(entries: np.ndarray, starts: np.ndarray, count: int) -> np.ndarray:
    """Sums of ``entries`` over the segments ``starts[i]:starts[i + 1]`` (empty ones 0)."""
    if count == 0:
        return np.zeros((0, entries.shape[1]))
    padded = np.vstack([entries, np.zeros((1, entries.shape[1]))])
    out = np.add.reduceat(padded, np.minimum(starts[:-1], len(entries)), axis=0)
    out[starts[:-1] == starts[1:]] = 0.0
    return out


def _targets(y_parts: np.ndarray, y_tones: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Targets (a column per label) and their weights: a rare label's positives weigh as much
    as its negatives in total, at most 4x each."""
    y = np.concatenate([y_parts, np.eye(len(TONES))[y_tones]], axis=1)
    n = len(y)
    positives = y.sum(axis=0)
    up = np.minimum(4.0, np.maximum(1.0, (n - positives) / np.maximum(positives, 1.0)))
    return y, np.where(y > 0.5, up, 1.0)


def _train(x: Design, y: np.ndarray, c: np.ndarray, l2: float, tol: float = 1e-8,
           newton_steps: int = 50, cg_steps: int = 250) -> tuple[np.ndarray, np.ndarray]:
    """Minimise, per label j, sum_i c_ij log-loss(z_ij, y_ij) + l2/2 (|w_j|^2 + b_j^2) with
    z = X w + b (the bias is penalised like a feature of value 1): Newton steps, each solved
    by conjugate gradients to a relative residual of min(0.1, sqrt|g|), with a backtracking
    line search; stops when the gradient is 1e-8 of its start."""
    labels = y.shape[1]
    w = np.zeros((x.d, labels))
    b = np.zeros(labels)

    def objective(w: np.ndarray, b: np.ndarray) -> np.ndarray:
        z = x.dot(w) + b
        return (c * (np.logaddexp(0.0, z) - y * z)).sum(axis=0) + \
            0.5 * l2 * ((w * w).sum(axis=0) + b * b)

    f = objective(w, b)
    start = None
    for _ in range(newton_steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x.dot(w) + b, -30.0, 30.0)))
        r = c * (p - y)
        gw, gb = x.tdot(r) + l2 * w, r.sum(axis=0) + l2 * b
        norm = np.sqrt((gw * gw).sum(axis=0) + gb * gb)
        start = norm if start is None else start
        active = norm > tol * np.maximum(start, 1.0)
        if not active.any():
            break
        curvature = c * p * (1.0 - p)
        sw, sb = np.zeros_like(w), np.zeros(labels)
        rw, rb = -gw, -gb
        pw, pb = rw.copy(), rb.copy()
        rr = (rw * rw).sum(axis=0) + rb * rb
        goal = np.minimum(0.1, np.sqrt(norm)) * norm
        for _ in range(cg_steps):
            q = curvature * (x.dot(pw) + pb)
            hw, hb = x.tdot(q) + l2 * pw, q.sum(axis=0) + l2 * pb
            php = (pw * hw).sum(axis=0) + pb * hb
            a = np.where(active & (php > 0), rr / np.where(php > 0, php, 1.0), 0.0)
            sw += a * pw
            sb += a * pb
            rw -= a * hw
            rb -= a * hb
            rr_next = (rw * rw).sum(axis=0) + rb * rb
            if (np.sqrt(rr_next) <= goal)[active].all():
                break
            beta = np.where(rr > 0, rr_next / np.where(rr > 0, rr, 1.0), 0.0)
            pw, pb, rr = rw + beta * pw, rb + beta * pb, rr_next
        slope = (gw * sw).sum(axis=0) + gb * sb
        t = np.ones(labels)
        for _ in range(30):
            ok = objective(w + t * sw, b + t * sb) <= f + 1e-4 * t * slope
            if ok.all():
                break
            t = np.where(ok, t, 0.5 * t)
        w, b = w + t * sw, b + t * sb
        f = objective(w, b)
    return w, b


def _decide(z: np.ndarray, human_cue: np.ndarray | None = None
            ) -> tuple[np.ndarray, np.ndarray]:
    """Parts (logit above 0) and tones (largest logit), with the two rules of the guide:
    a denial or an attack reads as defensive; no human cue, no human tone (as
    :func:`casekit.composer.read_reply` decides)."""
    k = len(MESSAGE_PARTS)
    parts = z[:, :k] > 0
    tone_z = z[:, k:].copy()
    if human_cue is not None:
        tone_z[~human_cue, TONES.index("human")] = -np.inf
    tones = tone_z.argmax(axis=1)
    defensive = TONES.index("defensive")
    rule = parts[:, MESSAGE_PARTS.index("deny")] | parts[:, MESSAGE_PARTS.index(
        "attack_accuser")]
    tones = np.where(rule, defensive, tones)
    return parts, tones


def _out_of_fold_logits(x: Design, y: np.ndarray, c: np.ndarray, l2: float,
                        folds: int) -> np.ndarray:
    """Each row's logits from a model trained on the other folds (row i is in fold i mod
    folds)."""
    fold_of = np.arange(x.n) % folds
    z = np.zeros((x.n, len(LABELS)))
    for k in range(folds):
        train, hold = np.flatnonzero(fold_of != k), np.flatnonzero(fold_of == k)
        w, b = _train(x.take(train), y[train], c[train], l2)
        z[hold] = x.take(hold).dot(w) + b
    return z


def _fully_right(z: np.ndarray, y_parts: np.ndarray, y_tones: np.ndarray,
                 cue: np.ndarray) -> float:
    parts, tones = _decide(z, cue)
    return float(((parts == (y_parts > 0.5)).all(axis=1) & (tones == y_tones)).mean())


#: The shifts tried for a part's threshold (logit units) when the model is fitted.
THRESHOLD_GRID = tuple(np.round(np.arange(-2.0, 2.01, 0.25), 2))


def part_thresholds(z: np.ndarray, y_parts: np.ndarray, y_tones: np.ndarray,
                    cue: np.ndarray, passes: int = 2) -> np.ndarray:
    """Per part, the logit a reply must pass for the part to be read, chosen on out-of-fold
    logits so that the most replies are read fully right (two passes of one part at a
    time over :data:`THRESHOLD_GRID`; a tie keeps the earlier value, 0 at the start).

    A logistic model's own threshold (0) suits one part read alone; a reply is right only
    when all thirteen are, and the class weights of :func:`_train` move the balance."""
    k = len(MESSAGE_PARTS)
    shift = np.zeros(len(LABELS))
    best = _fully_right(z, y_parts, y_tones, cue)
    for _ in range(passes):
        for j in range(k):
            keep = shift[j]
            for value in THRESHOLD_GRID:
                shift[j] = value
                got = _fully_right(z - shift, y_parts, y_tones, cue)
                if got > best + 1e-12:
                    best, keep = got, value
            shift[j] = keep
    return shift[:k]


def _labels(parts: Iterable[Iterable[str]], tones: Iterable[str]
            ) -> tuple[np.ndarray, np.ndarray]:
    y_parts = np.array([[p in set(ps) for p in MESSAGE_PARTS] for ps in parts], dtype=float)
    y_tones = np.array([TONES.index(t) for t in tones], dtype=np.int64)
    return y_parts.reshape(len(y_tones), len(MESSAGE_PARTS)), y_tones


def cross_validate(rows: Sequence[Mapping[str, float]], parts: Iterable[Iterable[str]],
                   tones: Iterable[str], l2: float, folds: int = 5,
                   thresholds: Mapping[str, float] | None = None
                   ) -> list[tuple[tuple[str, ...], str]]:
    """How each development reply is read by models trained without it (its fold left out),
    with the parts' ``thresholds`` of a fitted model: the honest way to see what the reader
    gets wrong without looking at the test part."""
    rows = list(rows)
    y_parts, y_tones = _labels(parts, tones)
    x = Design.build(rows, sorted({n for found in rows for n in found}))
    y, c = _targets(y_parts, y_tones)
    cue = np.array([has_human_cue(found) for found in rows])
    z = _out_of_fold_logits(x, y, c, l2, folds)
    for j, part in enumerate(MESSAGE_PARTS):
        z[:, j] -= float((thresholds or {}).get(part, 0.0))
    got_parts, got_tones = _decide(z, cue)
    return [(tuple(p for p, on in zip(MESSAGE_PARTS, row) if on), TONES[t])
            for row, t in zip(got_parts, got_tones)]


def fit(rows: Sequence[Mapping[str, float]], parts: Iterable[Iterable[str]],
        tones: Iterable[str], language: str, l2_grid: Sequence[float] = (0.3, 1.0),
        folds: int = 5, min_count: int = 1, thresholds: bool = True) -> Model:
    """Train a model; the L2 strength, and the parts' thresholds, are chosen by
    cross-validation over the given rows (:func:`part_thresholds`).

    ``rows`` are feature dicts (:func:`casekit.reader.features`); pass only development
    replies."""
    rows = list(rows)
    y_parts, y_tones = _labels(parts, tones)
    counts: dict[str, int] = {}
    for found in rows:
        for name in found:
            counts[name] = counts.get(name, 0) + 1
    names = sorted(n for n, c in counts.items() if c >= min_count or n.startswith(("r:", "f:")))
    x = Design.build(rows, names)
    y, c = _targets(y_parts, y_tones)
    cue = np.array([has_human_cue(found) for found in rows])
    best, best_l2, best_z = -1.0, l2_grid[0], None
    for l2 in l2_grid:
        z = _out_of_fold_logits(x, y, c, l2, folds)
        share = _fully_right(z, y_parts, y_tones, cue)
        if share > best + 1e-12:
            best, best_l2, best_z = share, l2, z
    assert best_z is not None
    shift = part_thresholds(best_z, y_parts, y_tones, cue) if thresholds else \
        np.zeros(len(MESSAGE_PARTS))
    shifted = best_z.copy()
    shifted[:, :len(MESSAGE_PARTS)] -= shift
    w, b = _train(x, y, c, best_l2)
    # The thresholds are folded into the parts' biases, so a part is read when its score is
    # above 0, as before, and the evidence still adds up to the score.
    b = b.copy()
    b[:len(MESSAGE_PARTS)] -= shift
    meta = {"trained_on": f"{len(rows)} development replies", "l2": best_l2,
            "cross_validated_fully_right": round(best, 4),
            "cross_validated_fully_right_with_thresholds": round(
                _fully_right(shifted, y_parts, y_tones, cue), 4),
            "part_thresholds": {p: float(v) for p, v in zip(MESSAGE_PARTS, shift) if v},
            "script": "scripts/train_reader.py"}
    return Model(language, tuple(names), w, b, meta)
