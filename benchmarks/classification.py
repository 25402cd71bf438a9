"""Benchmark the HTS classifier on the two dev sets, next to a TF-IDF baseline, in one run.

The shared reference data (every dataset in ``DATASETS``) is imported into a throwaway
database first (not timed), then two systems are scored on ATLAS dev (101 CBP rulings) and
HSCodeComp dev (314 e-commerce listings):

- **baseline**: TF-IDF (word 1-2-grams, sublinear tf, English stop words) over the joined
  description path of every 10-digit line of the active ``hts_us`` revision, cosine
  similarity, top k; never abstains. It sees the text only (HSCodeComp: the product name).
- **clearance**: ``clearance.tariff.classifier.build_classifier`` with the leaked precedent
  ``atlas_validation_00169`` (identical to dev item ``atlas_test_00093``) excluded, lexical
  scoring (``embeddings="off"``). Skipped, with a message, when that module cannot be imported.
- **clearance-hybrid** (``--embeddings``): the same classifier with the examples' sentence
  embeddings (``embeddings="build"``: computed once into the cache, minutes on 2 cores; a
  ``--cache-dir`` that already holds them is reused). Skipped, with the reason, when the
  optional encoder is not installed.

Scoring: top-k at d digits is a hit when one of the first k candidates agrees with the gold
code on its first d digits. The primary gold is the FIRST code of a ruling; ATLAS multi-product
rulings also get an "any gold code" line. Gold codes shorter than d digits (8-digit ATLAS
golds) are SKIPPED for the d-digit metrics, and the count skipped is printed. An abstention
counts as a miss; the "never abstaining" lines score the candidates anyway.

    .venv/bin/python benchmarks/classification.py [--json OUT] [--data-dir DIR] [--cache-dir DIR]
                                                   [--no-latency] [--baseline-only] [--embeddings]

Targets (issue: classifier): top-1 at 6 digits >= 35 %, top-5 at 6 digits >= 65 %, top-1 at
10 digits >= 20 %, p95 latency per item <= 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
EVAL = Path("classification") / "eval"
ATLAS_FILE = EVAL / "atlas_dev.jsonl"
ATLAS_ANSWERS_FILE = EVAL / "atlas_dev_answer_lines.jsonl"
HSCODECOMP_FILE = EVAL / "hscodecomp_dev.jsonl"

# atlas_validation_00169 is the same ruling as dev item atlas_test_00093 (see PROVENANCE.md).
LEAKED_PRECEDENTS = frozenset({"atlas_validation_00169"})

DIGITS = (2, 4, 6, 8, 10)
TOPS = (1, 5)
WARM_UP = 5


@dataclass(frozen=True)
class Target:
    name: str
    metric: str  # key into a summary (see target_value)
    threshold: float
    higher_is_better: bool = True

    def met(self, value: float | None) -> bool | None:
        if value is None:
            return None
        return value >= self.threshold if self.higher_is_better else value <= self.threshold


TARGETS = (
    Target("top-1 @ 6 digits", "top1@6", 0.35),
    Target("top-5 @ 6 digits", "top5@6", 0.65),
    Target("top-1 @ 10 digits", "top1@10", 0.20),
    Target("p95 latency per item", "p95_ms", 100.0, higher_is_better=False),
)


# --------------------------------------------------------------------------------------------
# Evaluation items and predictions
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    item_id: str
    text: str
    gold: str  # digits of the primary (first) gold code
    all_golds: tuple[str, ...] = ()  # every gold code of the ruling, primary first
    attributes: dict[str, str] | None = None

    @property
    def golds(self) -> tuple[str, ...]:
        return self.all_golds or (self.gold,)


@dataclass(frozen=True)
class Prediction:
    codes: tuple[str, ...]  # candidate codes (digits), best first
    confidences: tuple[float, ...] = ()
    abstained: bool = False
    vague: bool = False
    question: str | None = None


def digits_only(code: str | int) -> str:
    """'8413.81.0040' -> '8413810040'."""
    return "".join(ch for ch in str(code) if ch.isdigit())


def hts_from_int(value: int | str, width: int = 10) -> str:
    """HSCodeComp stores codes as integers: restore lost leading zeros (to ``width`` digits)."""
    return digits_only(value).zfill(width)


def parse_atlas(rows: Iterable[dict[str, Any]], answer_lines: Iterable[dict[str, Any]] = ()) -> list[Item]:
    """ATLAS dev rows (+ their published answer lines, for every code of multi-product rulings)."""
    answers = {a["item_id"]: tuple(digits_only(c) for c in a.get("all_codes") or ()) for a in answer_lines}
    items = []
    for row in rows:
        gold = digits_only(row.get("gold_digits") or row["gold_code"])
        codes = answers.get(row["item_id"]) or (gold,)
        if codes[0] != gold:  # the answer line disagrees with the transcription: keep the primary first
            codes = (gold, *[c for c in codes if c != gold])
        items.append(Item(row["item_id"], row["description"], gold, codes, None))
    return items


def parse_attributes(raw: Any) -> dict[str, str] | None:
    """The ``product_attributes`` JSON string as a str->str dict; None if it does not parse."""
    if isinstance(raw, dict):
        value = raw
    else:
        try:
            value = json.loads(raw)
        except (TypeError, ValueError):
            return None
    if not isinstance(value, dict):
        return None
    return {str(k): "" if v is None else str(v) for k, v in value.items()}


def parse_hscodecomp(rows: Iterable[dict[str, Any]]) -> tuple[list[Item], int]:
    """HSCodeComp dev rows; returns the items and how many attribute strings failed to parse
    (those items are kept, with no attributes)."""
    items, failed = [], 0
    for row in rows:
        attributes = parse_attributes(row.get("product_attributes"))
        if attributes is None:
            failed += 1
        gold = hts_from_int(row["hs_code"])
        # The listing's own category path is part of the product data a broker sees; it is given
        # to the classifier as an attribute (the baseline sees the product name only).
        category = " > ".join(str(row.get(f"cate_lv{i}_desc") or "") for i in range(1, 6)).strip(" >")
        given = dict(attributes or {}, **({"category": category} if category else {}))
        value = listing_unit_value(row, attributes or {})
        if value is not None:
            given["unit value"] = value
        items.append(Item(f"hscodecomp_{row.get('task_id')}", row["product_name"], gold, (gold,), given))
    return items, failed


PAIR_UNIT_CODE = "100000013"


def listing_unit_value(row: dict[str, Any], attributes: dict[str, str]) -> str | None:
    """The listing's price per piece in USD, as the classifier's ``unit value`` attribute (it settles
    the statistical lines set by a value). A lot ("sell_by_lot", "each pack": 10) is priced for all its
    pieces. Prices in another currency (59 of the 314 dev items are in CNY) are left out: the
    listing date, and so the exchange rate, is not known. The listing's "Measurement unit" code
    100000013 is read as a pair: the dev set gives it to footwear, socks and earrings only (13, 2 and
    2 items); any other code as a piece."""
    price, pieces = row.get("price"), attributes.get("each pack", "1")
    if row.get("currency_code") != "USD" or not isinstance(price, (int, float)) or price <= 0:
        return None
    count = int(pieces) if pieces.isdigit() and int(pieces) > 0 else 1
    unit = "pair" if attributes.get("Measurement unit") == PAIR_UNIT_CODE else "piece"
    return f"{Decimal(str(price)) / count:.4f} per {unit}"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def prediction_from(result: Any) -> Prediction:
    """A classifier result (``.candidates`` with ``.code``/``.confidence``, ``.abstained``,
    ``.question``, ``.vague``) as a Prediction."""
    candidates = list(getattr(result, "candidates", None) or [])
    return Prediction(
        codes=tuple(digits_only(c.code) for c in candidates),
        confidences=tuple(float(getattr(c, "confidence", 0.0) or 0.0) for c in candidates),
        abstained=bool(getattr(result, "abstained", False)),
        vague=bool(getattr(result, "vague", False)),
        question=getattr(result, "question", None),
    )


# --------------------------------------------------------------------------------------------
# Metrics (pure)
# --------------------------------------------------------------------------------------------


def topk_hits(gold: str, predicted: Sequence[str], k: int, digits: int) -> bool:
    """Does one of the first ``k`` predicted codes agree with ``gold`` on its first ``digits``?

    The gold must have at least ``digits`` digits (callers skip shorter golds); a predicted
    code shorter than ``digits`` cannot match.
    """
    if len(gold) < digits:
        raise ValueError(f"gold {gold!r} has fewer than {digits} digits; skip it for this metric")
    want = gold[:digits]
    return any(len(code) >= digits and code[:digits] == want for code in predicted[:k])


def eligible(golds: Sequence[str], digits: int) -> list[str]:
    """The gold codes that can be scored at ``digits`` (long enough)."""
    return [g for g in golds if len(g) >= digits]


def rate(hits: int, total: int) -> float | None:
    return hits / total if total else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0..100) with linear interpolation between closest ranks (as numpy's
    default); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def _grid(items: Sequence[Item], predictions: Sequence[Prediction], *, any_gold: bool,
          count_abstained: bool) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for digits in DIGITS:
        for k in TOPS:
            hits = total = 0
            for item, pred in zip(items, predictions, strict=True):
                golds = eligible(item.golds if any_gold else (item.gold,), digits)
                if not golds:
                    continue
                total += 1
                if count_abstained and pred.abstained:
                    continue
                hits += any(topk_hits(g, pred.codes, k, digits) for g in golds)
            out[f"top{k}@{digits}"] = rate(hits, total)
    return out


def calibration(items: Sequence[Item], predictions: Sequence[Prediction], bins: int = 10) -> dict[str, Any]:
    """How well the top-1 confidence predicts a top-1 hit at 6 digits (primary gold, abstentions
    scored like answers; items without a candidate or with a gold shorter than 6 digits left out).

    ``ece``: expected calibration error, the bins' |mean confidence - hit rate| weighted by their share.
    """
    pairs = [(p.confidences[0], p.codes[0][:6] == i.gold[:6]) for i, p in zip(items, predictions, strict=True)
             if p.codes and p.confidences and len(i.gold) >= 6]
    table = []
    for k in range(bins):
        inside = [(c, hit) for c, hit in pairs if min(int(c * bins), bins - 1) == k]
        if inside:
            table.append({"from": k / bins, "to": (k + 1) / bins, "items": len(inside),
                          "mean_confidence": sum(c for c, _ in inside) / len(inside),
                          "hit_rate": sum(hit for _, hit in inside) / len(inside)})
    return {
        "items": len(pairs),
        "mean_confidence": sum(c for c, _ in pairs) / len(pairs) if pairs else None,
        "hit_rate": sum(hit for _, hit in pairs) / len(pairs) if pairs else None,
        "ece": (sum(abs(b["mean_confidence"] - b["hit_rate"]) * b["items"] for b in table) / len(pairs)
                if pairs else None),
        "bins": table,
    }


def summarise(items: Sequence[Item], predictions: Sequence[Prediction],
              latencies_ms: Sequence[float] = ()) -> dict[str, Any]:
    """Every figure for one system on one set.

    - ``top{k}@{d}``: primary gold, abstention = miss; golds shorter than d skipped.
    - ``never_abstaining``: the same grid scoring candidates even when the system abstained.
    - ``any_gold``: the same grid (abstention = miss) where any code of the ruling counts.
    - ``answering``: top-1 at 6 and 10 digits over the items not abstained.
    """
    if len(items) != len(predictions):
        raise ValueError(f"{len(items)} items but {len(predictions)} predictions")
    n = len(items)
    answered = [(i, p) for i, p in zip(items, predictions, strict=True) if not p.abstained]
    summary: dict[str, Any] = {
        "items": n,
        "skipped": {str(d): sum(1 for i in items if len(i.gold) < d) for d in DIGITS},
        "multi_gold_items": sum(1 for i in items if len(i.golds) > 1),
        **_grid(items, predictions, any_gold=False, count_abstained=True),
        "never_abstaining": _grid(items, predictions, any_gold=False, count_abstained=False),
        "any_gold": _grid(items, predictions, any_gold=True, count_abstained=True),
        "abstained": sum(1 for p in predictions if p.abstained),
        "abstention_rate": rate(sum(1 for p in predictions if p.abstained), n),
        "vague": sum(1 for p in predictions if p.vague),
        "questions": sum(1 for p in predictions if p.question),
        "no_candidates": sum(1 for p in predictions if not p.codes),
        "answered": len(answered),
        "answering": {
            f"top1@{d}": _grid([i for i, _ in answered], [p for _, p in answered],
                               any_gold=False, count_abstained=False)[f"top1@{d}"]
            for d in (6, 10)
        },
        "answering_items": {str(d): sum(1 for i, _ in answered if len(i.gold) >= d) for d in (6, 10)},
        "calibration@6": calibration(items, predictions),
        "latency_items": len(latencies_ms),
        "p50_ms": percentile(latencies_ms, 50),
        "p95_ms": percentile(latencies_ms, 95),
    }
    return summary


def target_value(summary: dict[str, Any], target: Target) -> float | None:
    return summary.get(target.metric)


def check_targets(summary: dict[str, Any],
                  targets: Sequence[Target] = TARGETS) -> list[tuple[Target, float | None, bool | None]]:
    """(target, value, met) for each target; met is None when the figure was not measured."""
    return [(t, target_value(summary, t), t.met(target_value(summary, t))) for t in targets]


# --------------------------------------------------------------------------------------------
# Formatting (pure)
# --------------------------------------------------------------------------------------------


def pct(value: float | None) -> str:
    return "   n/a" if value is None else f"{100 * value:5.1f}%"


def ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f} ms"


def verdict(met: bool | None) -> str:
    return "not measured" if met is None else ("met" if met else "NOT MET")


def grid_lines(label: str, grid: dict[str, float | None]) -> list[str]:
    return [f"    {f'{label} top-{k}'.strip():<26}" + " ".join(f"{pct(grid[f'top{k}@{d}']):>7}" for d in DIGITS)
            for k in TOPS]


# --------------------------------------------------------------------------------------------
# Systems
# --------------------------------------------------------------------------------------------


@dataclass
class _Candidate:
    code: str
    confidence: float


@dataclass
class _Result:
    candidates: list[_Candidate]
    abstained: bool = False
    question: str | None = None
    vague: bool = False


class TfidfBaseline:
    """TF-IDF over the description paths of the schedule's 10-digit lines; cosine top k."""

    def __init__(self, lines: Sequence[dict[str, Any]]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        statistical = [ln for ln in lines if len(ln.get("code") or "") == 10]
        self.codes = [ln["code"] for ln in statistical]
        self.vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english")
        self.matrix = self.vectorizer.fit_transform(" > ".join(ln["path"]) for ln in statistical)

    def _top(self, scores: Any, top: int) -> list[_Candidate]:
        import numpy as np

        top = min(top, len(self.codes))
        best = np.argpartition(-scores, top - 1)[:top]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [_Candidate(self.codes[j], float(scores[j])) for j in best]

    def classify_many(self, texts: list[str], attributes: list[dict[str, str]] | None = None,
                      top: int = 5) -> list[_Result]:
        from sklearn.metrics.pairwise import linear_kernel

        if not texts:
            return []
        scores = linear_kernel(self.vectorizer.transform(texts), self.matrix)
        return [_Result(self._top(row, top)) for row in scores]

    def classify(self, text: str, attributes: dict[str, str] | None = None, top: int = 5) -> _Result:
        return self.classify_many([text], None, top)[0]


def load_clearance(reference: Any, cache_dir: Path, embeddings: str = "off") -> tuple[Any | None, str | None]:
    """The Clearance classifier (``embeddings`` "off" or "build"), or None and why not."""
    try:
        from clearance.tariff.classifier import build_classifier
        from clearance.tariff.classifier.dense import DenseUnavailable
    except ImportError as error:
        return None, f"classifier not available ({error})"
    try:
        return build_classifier(reference, cache_dir=cache_dir, exclude_precedents=set(LEAKED_PRECEDENTS),
                                embeddings=embeddings), None  # type: ignore[arg-type]
    except DenseUnavailable as error:
        return None, str(error)


# --------------------------------------------------------------------------------------------
# Measurement
# --------------------------------------------------------------------------------------------


def max_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


@dataclass
class Run:
    system: str
    dataset: str
    predictions: list[Prediction]
    batch_seconds: float
    tracemalloc_peak_mib: float
    latencies_ms: list[float] = field(default_factory=list)
    per_item_disagreements: int = 0  # items whose classify() top code differs from classify_many()
    max_rss_mib: float = 0.0


def evaluate(system_name: str, system: Any, dataset: str, items: Sequence[Item], *,
             latency: bool, top: int = 5) -> Run:
    texts = [i.text for i in items]
    with_attributes = any(i.attributes is not None for i in items)
    attributes = [i.attributes or {} for i in items] if with_attributes else None

    started = time.perf_counter()
    results = system.classify_many(texts, attributes, top=top)
    batch_seconds = time.perf_counter() - started
    predictions = [prediction_from(r) for r in results]
    del results
    # a second pass under tracemalloc (which slows Python code several times) for the memory peak
    tracemalloc.start()
    tracemalloc.reset_peak()
    traced = system.classify_many(texts, attributes, top=top)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del traced

    latencies: list[float] = []
    disagreements = 0
    if latency:
        per_item_attributes: Callable[[Item], dict[str, str] | None] = (
            (lambda i: i.attributes or {}) if with_attributes else (lambda i: None))
        for item in items[:WARM_UP]:
            system.classify(item.text, per_item_attributes(item), top=top)
        for item, batch in zip(items, predictions, strict=True):
            started = time.perf_counter()
            result = system.classify(item.text, per_item_attributes(item), top=top)
            latencies.append((time.perf_counter() - started) * 1000)
            single = prediction_from(result)
            disagreements += (single.codes[:1] != batch.codes[:1]) or (single.abstained != batch.abstained)
    return Run(system_name, dataset, predictions, batch_seconds, peak / (1024 * 1024), latencies,
               disagreements, max_rss_mib())


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next((ln.split(":", 1)[1].strip() for ln in handle if ln.startswith("model name")), cpu)
    except OSError:
        pass
    return (f"{platform.node()} {platform.system()} {platform.release()} {platform.machine()}, {cpu}, "
            f"{os.cpu_count()} CPUs; python {sys.version.split()[0]}")


def print_set(title: str, items: Sequence[Item], runs: Sequence[Run], summaries: dict[str, dict[str, Any]],
              notes: Sequence[str]) -> None:
    first = next(iter(summaries.values()))
    print()
    print(f"== {title}: {len(items)} items ==")
    for note in notes:
        print(f"  {note}")
    skipped = first["skipped"]
    print(f"  gold shorter than d digits is skipped for d-digit metrics: skipped at 10 digits: {skipped['10']}, "
          f"at 8: {skipped['8']}")
    print(f"  {'':<28}" + " ".join(f"{f'{d} dig':>7}" for d in DIGITS))
    for run in runs:
        s = summaries[run.system]
        print(f"  [{run.system}]")
        for line in grid_lines("", {k: s[k] for k in s if k.startswith("top")}):
            print(line)
        if s["abstained"]:
            for line in grid_lines("never abstaining", s["never_abstaining"]):
                print(line)
        if s["multi_gold_items"]:
            for line in grid_lines("any gold code", s["any_gold"]):
                print(line)
        print(f"    abstained {s['abstained']}/{s['items']} ({pct(s['abstention_rate']).strip()}); "
              f"vague {s['vague']}; asked a question {s['questions']}; no candidates {s['no_candidates']}")
        print(f"    accuracy when answering ({s['answered']} items): top-1 @6 {pct(s['answering']['top1@6']).strip()}, "
              f"top-1 @10 {pct(s['answering']['top1@10']).strip()} "
              f"(over {s['answering_items']['10']} with a 10-digit gold)")
        c = s["calibration@6"]
        if c["items"]:
            print(f"    calibration, top-1 at 6 digits: mean confidence {pct(c['mean_confidence']).strip()} against hit "
                  f"rate {pct(c['hit_rate']).strip()}; ECE {c['ece']:.3f} over {c['items']} items; by confidence: "
                  + ", ".join(f"{b['from']:.1f}-{b['to']:.1f} {b['items']} at {pct(b['hit_rate']).strip()}"
                              for b in c["bins"]))
        if run.latencies_ms:
            print(f"    latency classify() per item: p50 {ms(s['p50_ms'])}, p95 {ms(s['p95_ms'])} "
                  f"({s['latency_items']} items after {WARM_UP} warm-up); "
                  f"classify() top-1 differs from classify_many() on {run.per_item_disagreements}")
        print(f"    classify_many over the set: {run.batch_seconds:.2f} s "
              f"({1000 * run.batch_seconds / max(len(items), 1):.1f} ms/item); tracemalloc peak during "
              f"classify_many {run.tracemalloc_peak_mib:.1f} MiB (separate pass); "
              f"process max RSS so far {run.max_rss_mib:.0f} MiB")
    for system in ("clearance", "clearance-hybrid"):
        if "baseline" in summaries and system in summaries:
            value = ratio(summaries[system]["top1@6"], summaries["baseline"]["top1@6"])
            print(f"  {system} / baseline, top-1 @ 6 digits: {'n/a' if value is None else f'{value:.2f}x'}")


def print_targets(all_summaries: dict[str, dict[str, dict[str, Any]]]) -> None:
    print()
    print("== targets ==")
    for dataset, by_system in all_summaries.items():
        for system, summary in by_system.items():
            for target, value, met in check_targets(summary):
                shown = ms(value) if target.metric.endswith("_ms") else pct(value).strip()
                sign = ">=" if target.higher_is_better else "<="
                limit = f"{target.threshold:g} ms" if target.metric.endswith("_ms") else f"{100 * target.threshold:g}%"
                print(f"  {dataset:<11} {system:<16} {target.name:<22} {shown:>9}  (target {sign} {limit}): "
                      f"{verdict(met)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the figures as JSON to OUT")
    parser.add_argument("--data-dir", type=Path, help="data directory to import into (default: a throwaway one)")
    parser.add_argument("--cache-dir", type=Path, help="classifier cache (default: inside the data directory)")
    parser.add_argument("--no-latency", action="store_true", help="skip the one-item-at-a-time latency runs")
    parser.add_argument("--baseline-only", action="store_true", help="do not evaluate the Clearance classifier")
    parser.add_argument("--embeddings", action="store_true",
                        help="also evaluate clearance-hybrid (sentence embeddings; minutes to compute once)")
    args = parser.parse_args()

    from clearance.refdata import DATASETS, ReferenceData, import_dataset
    from clearance.settings import Settings
    from clearance.store import open_database

    if not (SHARED / ATLAS_FILE).is_file():
        print(f"shared data not found at {SHARED}: nothing to benchmark", file=sys.stderr)
        return 2
    started_at = datetime.now().astimezone()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="clearance-bench-classify-"))
    settings = Settings(data_dir=data_dir)
    engine = open_database(settings)
    started = time.perf_counter()
    for dataset in DATASETS:
        import_dataset(engine, dataset, SHARED)
    import_seconds = time.perf_counter() - started
    reference = ReferenceData(engine)
    hts_lines = reference.records("hts_us")
    snap = reference.snapshot("hts_us")
    schedule_codes = {ln["code"] for ln in hts_lines if len(ln.get("code") or "") == 10}

    atlas = parse_atlas(read_jsonl(SHARED / ATLAS_FILE), read_jsonl(SHARED / ATLAS_ANSWERS_FILE))
    hscodecomp, bad_attributes = parse_hscodecomp(read_jsonl(SHARED / HSCODECOMP_FILE))
    sets = {"atlas": ("ATLAS dev", atlas, []), "hscodecomp": ("HSCodeComp dev", hscodecomp, [])}
    sets["hscodecomp"][2].append(f"product_attributes that failed to parse (item kept, no attributes): "
                                 f"{bad_attributes}")
    for _, items, notes in sets.values():
        in_schedule = sum(1 for i in items if i.gold in schedule_codes)
        notes.insert(0, f"primary gold is a 10-digit line of the active hts_us revision for {in_schedule}/"
                        f"{len(items)} items" + ("" if in_schedule == len(items) else
                                                 " (the others were revised or deleted since the ruling)"))

    print(f"machine: {machine()}")
    print(f"date: {started_at.isoformat(timespec='seconds')}")
    print(f"reference data: {len(DATASETS)} datasets from {SHARED} imported into {data_dir} in {import_seconds:.1f} s; "
          f"hts_us {snap.edition if snap else 'absent'} [{snap.id if snap else '-'}], "
          f"{len(schedule_codes):,} 10-digit lines")
    print("scoring: primary = FIRST gold code; abstention = miss; golds shorter than d digits SKIPPED for "
          "d-digit metrics; top-k = any of the first k candidates")

    systems: list[tuple[str, Any, float, float]] = []  # name, system, build seconds, max RSS after build
    started = time.perf_counter()
    systems.append(("baseline", TfidfBaseline(hts_lines), time.perf_counter() - started, max_rss_mib()))
    print(f"baseline: TF-IDF (1-2 grams, sublinear tf, English stop words) over {len(systems[0][1].codes):,} "
          f"description paths, {systems[0][1].matrix.shape[1]:,} terms; built in {systems[0][2]:.1f} s; "
          f"text only (no attributes); never abstains")
    clearance_note = "not requested (--baseline-only)"
    if not args.baseline_only:
        cache_dir = args.cache_dir or data_dir / "classifier-cache"
        started = time.perf_counter()
        clf, why_not = load_clearance(reference, cache_dir)
        if clf is None:
            clearance_note = str(why_not)
            print(f"clearance: {why_not}; evaluating the baseline only")
        else:
            built = time.perf_counter() - started
            systems.append(("clearance", clf, built, max_rss_mib()))
            clearance_note = f"built in {built:.1f} s, cache {cache_dir}"
            print(f"clearance: build_classifier(exclude_precedents={sorted(LEAKED_PRECEDENTS)}) {clearance_note}; "
                  f"process max RSS after build {systems[-1][3]:.0f} MiB")
        if args.embeddings:
            started = time.perf_counter()
            hybrid, why_not = load_clearance(reference, cache_dir, embeddings="build")
            if hybrid is None:
                print(f"clearance-hybrid: {why_not}; not evaluated")
            else:
                built = time.perf_counter() - started
                systems.append(("clearance-hybrid", hybrid, built, max_rss_mib()))
                clearance_note += f"; hybrid ({hybrid.dense.encoder.model_id}) built in {built:.1f} s"
                print(f"clearance-hybrid: scoring {hybrid.scoring}, {hybrid.dense.encoder.model_id}, embeddings "
                      f"built or read in {built:.1f} s; process max RSS after build {systems[-1][3]:.0f} MiB")

    all_summaries: dict[str, dict[str, dict[str, Any]]] = {}
    all_runs: dict[str, list[Run]] = {}
    for key, (title, items, notes) in sets.items():
        runs = [evaluate(name, system, key, items, latency=not args.no_latency) for name, system, _, _ in systems]
        all_runs[key] = runs
        all_summaries[key] = {run.system: summarise(items, run.predictions, run.latencies_ms) for run in runs}
        print_set(title, items, runs, all_summaries[key], notes)
    print_targets(all_summaries)
    print()
    print(f"peak memory: process max RSS {max_rss_mib():.0f} MiB (ru_maxrss, whole run incl. data import)")

    if args.json:
        payload = {
            "machine": machine(),
            "date": started_at.isoformat(timespec="seconds"),
            "hts_revision": {"snapshot": snap.id if snap else None, "edition": snap.edition if snap else None,
                             "statistical_lines": len(schedule_codes)},
            "import_seconds": import_seconds,
            "clearance": clearance_note,
            "systems": {name: {"build_seconds": built, "max_rss_mib_after_build": rss}
                        for name, _, built, rss in systems},
            "targets": [asdict(t) for t in TARGETS],
            "results": {
                key: {
                    run.system: {
                        **all_summaries[key][run.system],
                        "batch_seconds": run.batch_seconds,
                        "tracemalloc_peak_mib": run.tracemalloc_peak_mib,
                        "max_rss_mib": run.max_rss_mib,
                        "per_item_disagreements": run.per_item_disagreements,
                        "targets": {t.metric: met for t, _, met in check_targets(all_summaries[key][run.system])},
                    }
                    for run in all_runs[key]
                }
                for key in sets
            },
            "ratio_clearance_over_baseline_top1@6": {
                key: ratio(s.get("clearance", {}).get("top1@6"), s["baseline"]["top1@6"])
                for key, s in all_summaries.items()
            },
            "ratio_clearance_hybrid_over_baseline_top1@6": {
                key: ratio(s.get("clearance-hybrid", {}).get("top1@6"), s["baseline"]["top1@6"])
                for key, s in all_summaries.items()
            },
            "max_rss_mib": max_rss_mib(),
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
