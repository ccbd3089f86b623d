"""What the workbench computes, without widgets: a Fellegi-Sunter model to judge at any
threshold (``FSExplorer``), plans side by side (``compare_plans``), and the bilingual texts
the panels show (``STRINGS``). ``panels.py`` only reads and writes widgets and calls these.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from casekit.kinds.identity_resolution import matching as mt
from casekit.kinds.identity_resolution.replay import (
    fs_parameters,
    prepared_of,
    scored,
    simulate_batch,
    world_of,
)
from casekit.kinds.identity_resolution.schema import (
    IdentityScenario,
    IdentitySettings,
    load_settings,
)

__all__ = ["STRINGS", "FSExplorer", "compare_plans", "quality_row", "quality_text", "text",
           "reference_dir"]

STRINGS: dict[str, dict[str, str]] = {
    "rules": {"en": "Rules", "tr": "Kurallar"},
    "weights": {"en": "Fellegi-Sunter", "tr": "Fellegi-Sunter"},
    "replay": {"en": "Policies and the year", "tr": "Politikalar ve bir yıl"},
    "blocking": {"en": "Blocking keys", "tr": "Bloklama anahtarları"},
    "rule": {"en": "Rule {n}", "tr": "Kural {n}"},
    "any": {"en": "(any)", "tr": "(fark etmez)"},
    "evaluate": {"en": "Evaluate the links", "tr": "Eşleşmeleri değerlendir"},
    "link": {"en": "link at", "tr": "bağla:"},
    "review": {"en": "review from", "tr": "incele:"},
    "look_up": {"en": "Look the complainer up before replying",
                "tr": "Yanıtlamadan önce şikâyetçiyi kayıtlarda ara"},
    "writing": {"en": "Send offers in writing when asked",
                "tr": "İstendiğinde teklifi yazılı gönder"},
    "ask_again": {"en": "Ask known customers for their details again",
                  "tr": "Bilinen müşterilerden bilgilerini yeniden iste"},
    "method": {"en": "Matching", "tr": "Eşleştirme"},
    "none": {"en": "none", "tr": "yok"},
    "run": {"en": "Replay the year", "tr": "Yılı oynat"},
    "quality": {"en": "precision {p:.1%} · recall {r:.1%} · F1 {f:.3f} · {links:,} links · "
                      "{review:,} pairs to review · blocking lets {ceiling:.0%} of true pairs "
                      "through ({pairs:,} pairs compared)",
                "tr": "kesinlik {p:.1%} · duyarlılık {r:.1%} · F1 {f:.3f} · {links:,} eşleşme · "
                      "incelenecek {review:,} çift · bloklama doğru çiftlerin %{ceiling_pct:.0f} "
                      "kadarını geçiriyor ({pairs:,} çift karşılaştırıldı)"},
    "yours": {"en": "your plan", "tr": "planınız"},
    "error": {"en": "Not valid: {message}", "tr": "Geçersiz: {message}"},
    "use": {"en": "Put these choices in my plan file", "tr": "Bu seçimleri plan dosyama yaz"},
    "weights_note": {
        "en": "m: how often the level occurs when the pair is the same person; u: when it is "
              "not; weight = log2(m/u). 'true m' is measured on the hidden truth: the EM "
              "never sees it.",
        "tr": "m: çift aynı kişiyken bu düzeyin görülme sıklığı; u: farklı kişilerken; "
              "ağırlık = log2(m/u). 'gerçek m' gizli doğru eşleşmelerden ölçülür; EM onu "
              "hiç görmez."},
}


def reference_dir() -> Path:
    """Where the case's reference plans live."""
    from casekit.scenario import scenario_dir
    return scenario_dir() / "bank-cross-channel" / "plans"



def text(key: str, language: str, **values: Any) -> str:
    text = STRINGS[key]["tr" if language == "tr" else "en"]
    return text.format(**values) if values else text


def quality_row(q: mt.Quality) -> dict[str, float]:
    return {"precision": q.precision, "recall": q.recall, "f1": q.f1,
            "links": q.true_positives + q.false_positives, "review": q.review_pairs,
            "ceiling": q.blocking_recall, "pairs": q.candidate_pairs}


def quality_text(q: mt.Quality, language: str) -> str:
    r = quality_row(q)
    return text("quality", language, p=r["precision"], r=r["recall"], f=r["f1"],
              links=int(r["links"]), review=int(r["review"]), ceiling=r["ceiling"],
              ceiling_pct=100 * r["ceiling"], pairs=int(r["pairs"]))


class FSExplorer:
    """A Fellegi-Sunter model on the case's bank, fitted once, judged at any threshold."""

    def __init__(self, scenario: IdentityScenario, settings: IdentitySettings) -> None:
        self.world = world_of(scenario)
        self.prep = prepared_of(self.world)
        self.settings = settings
        self.pairs = mt.candidates(self.prep, settings.blocking)
        self.levels = mt.compare(self.prep, self.pairs)
        self.params, self.training = fs_parameters(self.world, settings)
        self.fields = settings.fellegi_sunter.fields
        self.weight = mt.fs_weights(self.levels, self.params, self.fields)

    def at(self, link: float, review: float) -> mt.Quality:
        decision = mt.one_per_account(self.pairs, mt.fs_decide(self.weight, link, review),
                                      self.weight)
        return mt.evaluate(mt.Decisions(self.pairs, decision, self.weight, self.params),
                           self.world.owner, self.prep.n_customers)

    def curve(self, thresholds: np.ndarray | None = None) -> pd.DataFrame:
        if thresholds is None:
            thresholds = np.linspace(-10, 40, 51)
        return mt.threshold_curve(self.pairs, self.weight, self.world.owner,
                                  self.prep.n_customers, thresholds)

    def table(self) -> pd.DataFrame:
        """m, u, weight per field and level, with the true m measured on the truth."""
        table = self.params.table()
        table = table[table["field"].isin(self.fields)].reset_index(drop=True)
        same = self.world.owner[self.pairs.account] == self.pairs.customer
        true_m = []
        for f, level in zip(table["field"], table["level"]):
            code = self.levels[f][same]
            code = code[code >= 0]
            k = mt.COMPARISONS[f].index(level)
            true_m.append(float((code == k).mean()) if len(code) else float("nan"))
        table["true m"] = true_m
        return table


def compare_plans(scenario: IdentityScenario, settings: IdentitySettings, seed: int = 1,
                  replications: int = 10, language: str = "en") -> pd.DataFrame:
    """The student's plan beside the reference plans: mean totals and the score parts."""
    plans: list[tuple[str, IdentitySettings]] = [(text("yours", language), settings)]
    for path in sorted(reference_dir().glob("*.yaml")):
        plans.append(load_settings(path))
    rows = []
    for name, plan in plans:
        runs = simulate_batch(scenario, plan, seed, range(replications), keep_final=False)
        scored_runs = [scored(r.totals, scenario) for r in runs]
        mean = {k: float(np.mean([row[k] for row in scored_runs])) for k in scored_runs[0]}
        rows.append({"plan": name, "precision": mean["precision"], "recall": mean["recall"],
                     "context_share": mean["context_share"], "churned": mean["churned"],
                     "privacy_incidents": mean["privacy_incidents"],
                     "score_value_lost": mean["score_value_lost"],
                     "score_review_cost": mean["score_review_cost"],
                     "score_privacy_cost": mean["score_privacy_cost"],
                     "score_staff_cost": mean["score_staff_cost"], "score": mean["score"]})
    return pd.DataFrame(rows)


