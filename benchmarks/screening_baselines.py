"""Baselines for ``benchmarks/screening.py``: plain token Jaro-Winkler, and nomenklatura logic-v2.

**Token Jaro-Winkler** (:class:`TokenJaroWinkler`, the anchor "token JW at 0.90"): a name is
normalised (NFKD, combining marks dropped, casefold, punctuation and symbols to a space) and
split into tokens. ``score(a, b)`` is the mean over a's tokens of the best Jaro-Winkler
(``rapidfuzz.distance.JaroWinkler``; a pure-Python copy when rapidfuzz is not installed) against
b's tokens, averaged with the same in the other direction. A party alerts (band ``review``;
the baseline has no ``block`` band) on every entity one of whose names scores >= 0.90. Names
only: type, DOB and country are ignored.

Blocking: list names are indexed by token. A query token is compared with the list tokens of
its bucket only, the bucket being the two first letters in sorted order (so "ma..." and
"am..." share one); list names holding a token with JW >= 0.90 to a query token are the
candidates, all scored in full. Restricting to names with one token pair >= 0.90 loses nothing
(a name whose every token pair is below 0.90 scores below 0.90); the bucket does: a pair whose
first two letters differ (other than by order), e.g. a typo in the first letter, is not seen.

**logic-v2** (:class:`LogicV2Pairs`) runs ``benchmarks/logicv2_runner.py`` in a separate
virtual environment holding ``benchmarks/requirements-logicv2.txt``, in pair mode only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import screening_fixtures as fx

from clearance.screening.entity import EntityType, ListEntity

THRESHOLD = 0.90
RUNNER = Path(__file__).resolve().with_name("logicv2_runner.py")
LOGICV2_PYTHON = os.environ.get("LOGICV2_PYTHON", "/tmp/logicv2/bin/python")


def _py_jaro_winkler(a: str, b: str) -> float:
    """Jaro-Winkler as rapidfuzz computes it (prefix weight 0.1, prefix <= 4, bonus above 0.7)."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    window = max(max(len(a), len(b)) // 2 - 1, 0)
    a_hit, b_hit = [False] * len(a), [False] * len(b)
    matches = 0
    for i, ch in enumerate(a):
        for j in range(max(0, i - window), min(i + window + 1, len(b))):
            if not b_hit[j] and b[j] == ch:
                a_hit[i] = b_hit[j] = True
                matches += 1
                break
    if not matches:
        return 0.0
    b_matched = iter(ch for ch, hit in zip(b, b_hit) if hit)
    transpositions = sum(ch != next(b_matched) for ch, hit in zip(a, a_hit) if hit) // 2
    jaro = (matches / len(a) + matches / len(b) + (matches - transpositions) / matches) / 3
    if jaro <= 0.7:
        return jaro
    prefix = 0
    for x, y in zip(a[:4], b[:4]):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1 - jaro)


try:
    from rapidfuzz import process as _rf_process
    from rapidfuzz.distance import JaroWinkler as _RfJaroWinkler

    jaro_winkler: Callable[[str, str], float] = _RfJaroWinkler.similarity
    JW_IMPLEMENTATION = "rapidfuzz"
except ImportError:  # pragma: no cover - depends on the environment
    _rf_process = None
    jaro_winkler = _py_jaro_winkler
    JW_IMPLEMENTATION = "pure Python (rapidfuzz not installed: slower, same scores)"


def jw_tokens(name: str) -> tuple[str, ...]:
    text = unicodedata.normalize("NFKD", name).casefold()
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if category != "Mn":
            kept.append(" " if category[0] in "PS" else ch)
    return tuple("".join(kept).split())


def directed(a: Sequence[str], b: Sequence[str], sim: Callable[[str, str], float] = jaro_winkler) -> float:
    """Mean over a's tokens of the best similarity against b's tokens."""
    if not a or not b:
        return 0.0
    return sum(max(sim(x, y) for y in b) for x in a) / len(a)


def token_jw(a: Sequence[str], b: Sequence[str], sim: Callable[[str, str], float] = jaro_winkler) -> float:
    return (directed(a, b, sim) + directed(b, a, sim)) / 2


def bucket(token: str) -> str:
    return "".join(sorted(token[:2]))


@dataclass(frozen=True)
class BaselineMatch:
    entity_id: str
    list: str
    score: float
    band: str
    name: str


@dataclass(frozen=True)
class BaselineResult:
    band: str
    matches: list[BaselineMatch]


@dataclass
class TokenJaroWinkler:
    """The token Jaro-Winkler baseline, with the Screener interface (see module docstring).

    Index: a vocabulary of list tokens, each list name as a slice of token ids (CSR arrays),
    token -> names postings, and the token buckets. A query's candidates are scored at once
    with numpy: the query tokens against the distinct tokens of the candidates (rapidfuzz
    ``cdist``), then the two direction means per name by ``reduceat`` over the name slices.
    """

    threshold: float = THRESHOLD
    uses_attributes: bool = False  # names only: DOB, country and type are ignored
    entity_ids: list[str] = field(default_factory=list)
    entity_lists: list[str] = field(default_factory=list)
    vocab: list[str] = field(default_factory=list)
    vocab_array: Any = None  # numpy object array of ``vocab``
    name_entity: Any = None  # numpy int32: name -> entity index
    name_text: list[str] = field(default_factory=list)
    starts: Any = None  # numpy int64 CSR offsets into ``tokens`` (len = names + 1)
    tokens: Any = None  # numpy int32 token ids of every name, name after name
    postings: dict[str, Any] = field(default_factory=dict)  # token -> numpy name indexes
    buckets: dict[str, list[str]] = field(default_factory=dict)  # bucket -> distinct tokens

    @classmethod
    def from_entities(cls, entities: Iterable[ListEntity], threshold: float = THRESHOLD) -> TokenJaroWinkler:
        self = cls(threshold=threshold)
        token_id: dict[str, int] = {}
        owners: list[int] = []
        flat: list[int] = []
        starts: list[int] = [0]
        postings: dict[str, list[int]] = {}
        for entity in entities:
            self.entity_ids.append(entity.id)
            self.entity_lists.append(entity.list)
            for name in entity.names:
                tokens = jw_tokens(name.full)
                if not tokens:
                    continue
                for token in set(tokens):
                    postings.setdefault(token, []).append(len(owners))
                flat.extend(token_id.setdefault(t, len(token_id)) for t in tokens)
                starts.append(len(flat))
                owners.append(len(self.entity_ids) - 1)
                self.name_text.append(name.full)
        self.vocab = list(token_id)
        self.vocab_array = np.array(self.vocab, dtype=object)
        self.name_entity, self.starts = np.array(owners, np.int32), np.array(starts, np.int64)
        self.tokens = np.array(flat, np.int32)
        self.postings = {t: np.array(v, np.int32) for t, v in postings.items()}
        for token in self.postings:
            self.buckets.setdefault(bucket(token), []).append(token)
        return self

    def review_threshold(self, type: EntityType | None = None) -> float:
        return self.threshold

    def score_pair(self, name1: str, name2: str, type: EntityType | None = None) -> float:
        return token_jw(jw_tokens(name1), jw_tokens(name2))

    def _neighbours(self, token: str) -> list[str]:
        pool = self.buckets.get(bucket(token), [])
        if _rf_process is not None:
            return [hit[0] for hit in _rf_process.extract(token, pool, scorer=_RfJaroWinkler.similarity,
                                                          score_cutoff=self.threshold, limit=None)]
        return [t for t in pool if jaro_winkler(token, t) >= self.threshold]

    def candidates(self, tokens: Sequence[str]) -> Any:
        """Indexes (numpy) of the list names the blocking lets through for these query tokens."""
        found = [self.postings[n] for t in set(tokens) for n in self._neighbours(t)]
        if not found:
            return np.zeros(0, np.int64)
        mask = np.zeros(len(self.name_text), bool)
        for names in found:
            mask[names] = True
        return np.flatnonzero(mask)

    def name_scores(self, tokens: Sequence[str], names: Any) -> Any:
        """Symmetrised token JW of the query tokens against each of ``names`` (numpy)."""
        if not len(names) or not tokens:
            return np.zeros(len(names))
        begin, end = self.starts[names], self.starts[names + 1]
        lengths = end - begin
        offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        flat = self.tokens[np.repeat(begin - offsets, lengths) + np.arange(lengths.sum())]
        present = np.zeros(len(self.vocab), bool)
        present[flat] = True
        distinct = np.flatnonzero(present)
        others = self.vocab_array[distinct].tolist()
        sims = np.zeros((len(tokens), len(self.vocab)), np.float32)
        if _rf_process is not None:
            sims[:, distinct] = _rf_process.cdist(list(tokens), others, scorer=_RfJaroWinkler.similarity,
                                                  dtype=np.float32)
        else:
            sims[:, distinct] = [[jaro_winkler(q, o) for o in others] for q in tokens]
        values = sims[:, flat]  # query token x every token of every candidate name
        query_side = np.maximum.reduceat(values, offsets, axis=1).mean(axis=0)
        name_side = np.add.reduceat(values.max(axis=0), offsets) / lengths
        return (query_side + name_side) / 2

    def ranked(self, name: str) -> list[tuple[int, float, str]]:
        """(entity index, best score, best name) for every blocked entity, best first."""
        tokens = jw_tokens(name)
        names = self.candidates(tokens)
        scores = self.name_scores(tokens, names)
        seen: set[int] = set()
        out = []
        for i in np.argsort(-scores, kind="stable"):
            entity = int(self.name_entity[names[i]])
            if entity not in seen:
                seen.add(entity)
                out.append((entity, float(scores[i]), self.name_text[names[i]]))
        return out

    def screen(self, query: Any) -> BaselineResult:
        tokens = jw_tokens(query.name)
        names = self.candidates(tokens)
        scores = self.name_scores(tokens, names)
        best: dict[int, tuple[float, str]] = {}
        for i in np.flatnonzero(scores >= self.threshold):
            entity, score = int(self.name_entity[names[i]]), float(scores[i])
            if score > best.get(entity, (-1.0, ""))[0]:
                best[entity] = (score, self.name_text[names[i]])
        matches = sorted((BaselineMatch(self.entity_ids[e], self.entity_lists[e], s, "review", n)
                          for e, (s, n) in best.items()), key=lambda m: (-m.score, m.entity_id))
        return BaselineResult("review" if matches else "clear", matches)


# ---- nomenklatura logic-v2, out of process -------------------------------------------------------

SCHEMAS = {EntityType.PERSON: "Person", EntityType.ORGANIZATION: "Organization", EntityType.VESSEL: "Vessel",
           EntityType.AIRCRAFT: "Airplane", EntityType.UNKNOWN: "LegalEntity"}


def schema_of(type: EntityType | None) -> str:
    return SCHEMAS.get(type, "LegalEntity") if type is not None else "LegalEntity"


@dataclass
class LogicV2Pairs:
    """logic-v2 scores for (schema, query names, candidate names) pairs, computed by
    ``logicv2_runner.py`` in the interpreter ``python`` (a venv with nomenklatura)."""

    python: str = LOGICV2_PYTHON
    threshold: float = 0.70
    seconds: float = 0.0  # scoring time inside the runner, all calls
    pairs: int = 0
    startup: float = 0.0  # first-call (model data loading) time inside the runner
    per_pair_ms: dict[str, float] = field(default_factory=dict)  # p50 / p95 of the last call

    def check(self) -> str | None:
        """The nomenklatura version, or None with the reason printed, if it cannot run."""
        if not Path(self.python).exists():
            print(f"logic-v2: no interpreter at {self.python} (see benchmarks/requirements-logicv2.txt)",
                  file=sys.stderr)
            return None
        done = subprocess.run([self.python, str(RUNNER), "--check"], capture_output=True, text=True)
        if done.returncode != 0:
            print(f"logic-v2 cannot run: {done.stderr.strip()[-500:]}", file=sys.stderr)
            return None
        return done.stdout.strip()

    def score(self, pairs: Sequence[tuple[str, Sequence[str], Sequence[str]]]) -> list[float]:
        if not pairs:
            return []
        with tempfile.TemporaryDirectory(prefix="logicv2-") as tmp:
            source, target = Path(tmp) / "pairs.json", Path(tmp) / "scores.json"
            source.write_text(json.dumps({"pairs": [[s, list(q), list(c)] for s, q, c in pairs]}), "utf-8")
            started = time.perf_counter()
            subprocess.run([self.python, str(RUNNER), str(source), str(target)], check=True)
            wall = time.perf_counter() - started
            answer = json.loads(target.read_text("utf-8"))
        self.seconds += answer["seconds"]
        self.startup += answer["startup_seconds"]
        self.pairs += len(pairs)
        self.per_pair_ms = answer["per_pair_ms"]
        print(f"  logic-v2: {len(pairs):,} pairs in {answer['seconds']:.1f} s "
              f"({1000 * answer['seconds'] / len(pairs):.2f} ms/pair; process {wall:.1f} s)", file=sys.stderr)
        return [float(s) for s in answer["scores"]]


def eval_logicv2(lv2: LogicV2Pairs, *, names: dict[str, list[str]], un: Sequence[fx.UNRow],
                 un_targets: Sequence[set[str]], ssb: Sequence[fx.SsbCase], ssb_prefix: str,
                 cross: list[fx.ScriptPair], nk: Sequence[fx.NkCase], blocker: TokenJaroWinkler,
                 clean: dict[str, list[fx.Party]], candidates: int = 20) -> dict[str, Any]:
    """logic-v2 in PAIR MODE: each query against the names of the entities it should (or should
    not) match, not a search of the lists. Clean persons: against the ``candidates`` best
    entities of the token JW blocking (``blocker.ranked``), an alert when one scores >= 0.70.
    All pairs go to the runner in one call (its start-up loads logic-v2's name data once)."""
    rows = [(r, sorted(ts)) for r, ts in zip(un, un_targets, strict=True) if ts]
    owned = [(c, ssb_prefix + (c.expected or c.source or "")) for c in ssb if c.expected or c.source]
    owned = [(c, e) for c, e in owned if e in names]
    blocked = {label: [[blocker.entity_ids[e] for e, _, _ in blocker.ranked(p.name)[:candidates]] for p in parties]
               for label, parties in clean.items()}
    pairs: dict[str, list[tuple[str, list[str], list[str]]]] = {
        "nk": [(c.schema, [c.name1], [c.name2]) for c in nk],
        "cross": [("Person", [p.query], [p.expected]) for p in cross],
        "un": [("Person", [r.treated], names[e]) for r, ts in rows for e in ts],
        "ssb": [("Person", [c.query], names[e]) for c, e in owned],
        **{label: [("Person", [p.name], names[e]) for p, es in zip(clean[label], ids) for e in es]
           for label, ids in blocked.items()}}
    flat = lv2.score([pair for section in pairs.values() for pair in section])
    scores: dict[str, Iterator[float]] = {}
    for label, section in pairs.items():
        scores[label], flat = iter(flat[:len(section)]), flat[len(section):]
    t = lv2.threshold
    out: dict[str, Any] = {"threshold": t, "mode": "pair mode (query vs the given entities' names)"}
    out["nomenklatura"] = fx.nk_metrics([(c, next(scores["nk"]) >= t) for c in nk])
    out["cross_script"] = fx.script_recall(lambda q, e: next(scores["cross"]), t, cross)
    by_class, overall, perturbed = fx.Tallies(), fx.Tally(), fx.Tally()
    for row, ts in rows:
        hit = max(next(scores["un"]) for _ in ts) >= t
        by_class.add(row.pclass, hit)
        overall.add(hit)
        if row.pclass != "unchanged":
            perturbed.add(hit)
    out["un"] = {"name only": {"by_class": by_class.as_dict(), "perturbed": perturbed.as_dict(),
                               "overall": overall.as_dict()}}
    pos_class, pos_family, pos, neg = fx.Tallies(), fx.Tallies(), fx.Tally(), fx.Tallies()
    for case, _ in owned:
        hit = next(scores["ssb"]) >= t
        if case.expected is not None:
            pos_class.add(f"{case.family}/{case.perturbation}", hit)
            pos_family.add(case.family, hit)
            pos.add(hit)
        else:
            neg.add(case.perturbation, hit)
    out["ssb"] = {"by_class": pos_class.as_dict(), "by_family": pos_family.as_dict(), "overall": pos.as_dict(),
                  "negatives_on_source": neg.as_dict()}
    out["clean"] = {}
    for label, ids in blocked.items():
        alerts = sum(max((next(scores[label]) for _ in es), default=0.0) >= t for es in ids)
        out["clean"][f"{label}, name only"] = {"n": len(ids), "alerts": alerts, "pairs": sum(map(len, ids)),
                                               "per_1000": fx.per_thousand(alerts, len(ids))}
    out.update(pairs=lv2.pairs, seconds=lv2.seconds, startup_seconds=lv2.startup, per_pair_ms=lv2.per_pair_ms,
               ms_per_pair=1000 * lv2.seconds / lv2.pairs if lv2.pairs else None)
    return out
