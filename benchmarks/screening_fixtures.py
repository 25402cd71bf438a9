"""Fixture readers, the plain name normaliser and the pure metrics of ``benchmarks/screening.py``.

Everything here is independent of the matcher under test: the target-entity key, the
perturbation class of a yente UN row and the alert counting use their own plain normaliser,
so a matcher cannot grade itself. File paths are relative to the shared data root
(``../shared/data`` from the project root); see ``sanctions/PROVENANCE.md`` section 7.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import random
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from clearance.screening.entity import EntityType, ListEntity, ListName, NameRole

BENCH = Path("sanctions") / "benchmarks"
UN_UNTREATED = BENCH / "yente_fixtures" / "positives_un_untreated.csv"
UN_TREATED = BENCH / "yente_fixtures" / "positives_un_treated.csv"
CONGRESS = BENCH / "yente_fixtures" / "positives_us_congress_untreated.csv"
PERSONS = {"global": BENCH / "yente_fixtures" / "negatives_global.csv.gz",
           "us": BENCH / "yente_fixtures" / "negatives_us.csv.gz"}
SSB = BENCH / "ssb_generated" / "ssb_bench_sdn150_seed0.json"
CROSS_SCRIPT = BENCH / "watchman" / "cross_script_pairs.csv"
NK_CASES = BENCH / "nomenklatura_name_bench" / "cases.csv"
NK_FROZEN = BENCH / "nomenklatura_name_bench" / "logicv2-frozen.csv"

TYPO_MAX_EDITS = 3  # a yente row whose normalised name is within this many edits is a "typo"
UN_CLASSES = ("unchanged", "format", "token_order", "typo", "other")
DEV_UN_LIST, DEV_SSB_LIST = "un-dev", "ssb-dev"
# The synthetic persons give nationality as an English country name; these are the ones
# pycountry's lookup does not know.
COUNTRY_ALIASES = {"brunei": "BN", "democratic republic of the congo": "CD", "east timor": "TL",
                   "ivory coast": "CI", "russia": "RU", "turkey": "TR"}


# ---- plain normaliser (the harness's own, not the matcher's) ------------------------------------


def plain_tokens(name: str, *, drop_punct: bool = False) -> list[str]:
    """Casefold, fold diacritics (NFKD, combining marks dropped), punctuation and symbols to a
    space (or removed, with ``drop_punct``), split on whitespace."""
    text = unicodedata.normalize("NFKD", name).casefold()
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Mn":
            continue
        if cat[0] in "PS":
            out.append("" if drop_punct else " ")
        else:
            out.append(ch)
    return "".join(out).split()


def target_keys(name: str) -> frozenset[str]:
    """Token-sorted keys of a name: punctuation as a space, and punctuation removed (so
    "AL-QADULI" = "AL QADULI" and "SA'D" = "SAD"). Two names are "equal" when keys intersect."""
    return frozenset(" ".join(sorted(plain_tokens(name, drop_punct=d))) for d in (False, True)) - {""}


def levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def perturbation_class(untreated: str, treated: str) -> str:
    """unchanged (same string) / format (same tokens in the same order once case, punctuation
    and spacing are normalised) / token_order (same token multiset) / typo (at most
    ``TYPO_MAX_EDITS`` character edits, in order or token-sorted) / other."""
    if untreated == treated:
        return "unchanged"
    a, b = plain_tokens(untreated, drop_punct=True), plain_tokens(treated, drop_punct=True)
    if a == b:
        return "format"
    if sorted(a) == sorted(b):
        return "token_order"
    edits = min(levenshtein(" ".join(a), " ".join(b)), levenshtein(" ".join(sorted(a)), " ".join(sorted(b))))
    return "typo" if edits <= TYPO_MAX_EDITS else "other"


def clean_dob(value: str | None) -> str | None:
    """A query date of birth: ``YYYY-MM-DD`` when it is a real date (zero-padded), else its year
    when it starts with one (the treated yente rows hold dates like 1974-01-32), else None."""
    value = (value or "").strip()
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value)
    if not match:
        return None
    year, month, day = match.groups()
    try:
        if month and day:
            return date(int(year), int(month), int(day)).isoformat()
        if month and 1 <= int(month) <= 12:
            return f"{year}-{int(month):02d}"
    except ValueError:
        pass
    return year


def country_code(value: str | None) -> str | None:
    """ISO alpha-2 for an alpha-2 code or an English country name; None when unknown."""
    value = (value or "").strip()
    if not value:
        return None
    if len(value) == 2 and value.isalpha():
        return value.upper()
    if value.casefold() in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[value.casefold()]
    import pycountry

    try:
        return pycountry.countries.lookup(value).alpha_2
    except LookupError:
        return None


# ---- fixture records ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Party:
    """One query: a name and, when the fixture has them, attributes."""

    name: str
    type: EntityType | None = None
    dob: str | None = None
    country: str | None = None
    gender: str | None = None  # male / female


@dataclass(frozen=True)
class UNRow:
    row: int
    untreated: str
    treated: str
    pclass: str
    query: Party  # treated name with the treated DOB / nationality
    attributes_changed: bool  # the treated row also changed DOB, place of birth or nationality


@dataclass(frozen=True)
class SsbCase:
    query: str
    expected: str | None  # ssb entity id (OFAC ent_num), None for a negative
    perturbation: str
    family: str
    source: str | None  # ssb entity id whose names include source_name, for negatives


@dataclass(frozen=True)
class ScriptPair:
    query: str
    expected: str
    min_score: float
    script: str


@dataclass(frozen=True)
class NkCase:
    group: str
    schema: str
    name1: str
    name2: str
    is_match: bool
    category: str

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.group, self.schema, self.name1, self.name2)


def _csv_rows(path: Path) -> list[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_un(root: Path) -> list[UNRow]:
    untreated, treated = _csv_rows(root / UN_UNTREATED), _csv_rows(root / UN_TREATED)
    if len(untreated) != len(treated):
        raise ValueError(f"yente UN files differ in length: {len(untreated)} vs {len(treated)}")
    return un_rows(untreated, treated)


def un_rows(untreated: Sequence[dict[str, str]], treated: Sequence[dict[str, str]]) -> list[UNRow]:
    rows = []
    for i, (u, t) in enumerate(zip(untreated, treated, strict=True)):
        changed = any(u.get(k) != t.get(k) for k in ("date_of_birth", "place_of_birth", "nationality"))
        query = Party(t["full_name"], EntityType.PERSON, clean_dob(t.get("date_of_birth")),
                      country_code(t.get("nationality")))
        rows.append(UNRow(i, u["full_name"], t["full_name"], perturbation_class(u["full_name"], t["full_name"]),
                          query, changed))
    return rows


def read_ssb(root: Path) -> tuple[dict[str, list[str]], list[SsbCase]]:
    payload = json.loads((root / SSB).read_text("utf-8"))
    return ssb_cases(payload)


def ssb_cases(payload: dict[str, Any]) -> tuple[dict[str, list[str]], list[SsbCase]]:
    candidates: dict[str, list[str]] = payload["candidates"]
    owner = {name: entity for entity, names in candidates.items() for name in names}
    cases = [SsbCase(c["query"], c["expected_entity_id"], c["perturbation"], c["family"],
                     owner.get(c.get("source_name") or "")) for c in payload["cases"]]
    return candidates, cases


def read_cross_script(root: Path) -> list[ScriptPair]:
    pairs, script = [], "?"
    for line in (root / CROSS_SCRIPT).read_text("utf-8").splitlines():
        line = line.strip()
        if line.startswith("#"):
            heading = re.match(r"#\s*(.+?) to Latin", line)
            script = heading.group(1) if heading else script
        elif line:
            query, expected, minimum, *_ = next(csv.reader(io.StringIO(line)))
            pairs.append(ScriptPair(query, expected, float(minimum), script))
    return pairs


def read_nk_cases(root: Path) -> list[NkCase]:
    return [NkCase(r["case_group"], r["schema"], r["name1"], r["name2"], r["is_match"].lower() == "true",
                   r.get("category") or "") for r in _csv_rows(root / NK_CASES)]


def read_nk_frozen(root: Path) -> list[tuple[NkCase, float]]:
    """logic-v2's frozen reference run: each case as frozen (its own label) with its score."""
    return [(NkCase(r["case_group"], r["schema"], r["name1"], r["name2"], r["is_match"].lower() == "true",
                    r.get("category") or ""), float(r["score"])) for r in _csv_rows(root / NK_FROZEN)]


def read_persons(path: Path, limit: int | None = None, seed: int = 0) -> tuple[list[Party], list[Party]]:
    """Synthetic clean persons: (name only, with DOB, nationality and gender). ``limit`` takes a
    seeded random subsample in file order."""
    rows = _csv_rows(path)
    if limit is not None and limit < len(rows):
        keep = sorted(random.Random(seed).sample(range(len(rows)), limit))
        rows = [rows[i] for i in keep]
    bare = [Party(r["full_name"], EntityType.PERSON) for r in rows]
    full = [Party(r["full_name"], EntityType.PERSON, clean_dob(r.get("date_of_birth")),
                  country_code(r.get("nationality")), r["gender"] if r.get("gender") in ("male", "female") else None)
            for r in rows]
    return bare, full


def read_congress(root: Path) -> tuple[list[Party], list[Party]]:
    """US Congress members: (name only, with birth year and country US)."""
    rows = _csv_rows(root / CONGRESS)
    return ([Party(r["full_name"], EntityType.PERSON) for r in rows],
            [Party(r["full_name"], EntityType.PERSON, clean_dob(r.get("date_of_birth")), "US") for r in rows])


# ---- generated clean companies -----------------------------------------------------------------

_WORDS: dict[str, dict[str, list[str]]] = {
    "en": {"head": ["Harper", "Whitfield", "Ashton", "Brookside", "Kingsley", "Pennington", "Thornbury",
                    "Northgate", "Riverside", "Summit", "Evergreen", "Bluewater", "Oakridge", "Silverline",
                    "Greenfield", "Cedar", "Highland", "Meadow", "Coastal", "Granite", "Fairbanks",
                    "Holloway", "Marston", "Radcliffe", "Sutton", "Waverley", "Lakeshore", "Redwood"],
           "noun": ["Logistics", "Engineering", "Packaging", "Textiles", "Foods", "Software", "Ceramics",
                    "Furniture", "Plastics", "Printing", "Laboratories", "Garden Supplies", "Marine Services",
                    "Dental Supplies", "Building Materials", "Optics", "Paper Products", "Toys"],
           "form": ["Ltd", "LLC", "Inc.", "Limited", "PLC", "Corp."]},
    "de": {"head": ["Müller", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Schäfer", "Koch",
                    "Bauer", "Richter", "Rheinland", "Allgäuer", "Schwarzwald", "Nordsee", "Bodensee",
                    "Krüger", "Wolf", "Neumann", "Schwarz", "Zimmermann", "Hartmann", "Lange"],
           "noun": ["Maschinenbau", "Logistik", "Metallbau", "Elektrotechnik", "Holzbau", "Verpackungen",
                    "Kunststofftechnik", "Feinmechanik", "Gartenbau", "Druckerei", "Backwaren"],
           "form": ["GmbH", "AG", "GmbH & Co. KG", "KG"]},
    "fr": {"head": ["Dubois", "Lefebvre", "Moreau", "Laurent", "Girard", "Bretagne", "Provence", "Alpes",
                    "Atlantique", "Lyonnaise"],
           "noun": ["Transports", "Menuiserie", "Emballages", "Textiles", "Boulangerie Industrielle",
                    "Matériaux", "Papeterie", "Laboratoires", "Plomberie", "Imprimerie", "Charpente"],
           "form": ["S.A.", "SARL", "SAS"]},
    "es": {"head": ["García", "Fernández", "López", "Martínez", "Sánchez", "Andaluza", "Castellana",
                    "Levante", "Cantábrica", "Ibérica", "Romero", "Navarro", "Gallega", "Valenciana"],
           "noun": ["Construcciones", "Transportes", "Alimentación", "Cerámicas", "Muebles", "Envases",
                    "Distribuciones", "Textil"],
           "form": ["S.A.", "S.L.", "S.A. de C.V."]},
    "it": {"head": ["Rossi", "Bianchi", "Colombo", "Ricci", "Marino", "Toscana", "Lombarda", "Veneta",
                    "Adriatica", "Piemontese"],
           "noun": ["Meccanica", "Arredamenti", "Tessuti", "Calzature", "Ceramiche", "Imballaggi",
                    "Alimentari"],
           "form": ["S.p.A.", "S.r.l."]},
    "nl": {"head": ["De Vries", "Jansen", "Bakker", "Visser", "Smit", "Hollandse", "Brabantse"],
           "noun": ["Bouw", "Transport", "Installatietechniek", "Bloemen", "Verpakkingen"],
           "form": ["B.V.", "N.V."]},
    "ru": {"head": ["Volga", "Ural", "Baikal", "Sever", "Zarya", "Vostok", "Ladoga", "Kama", "Oka"],
           "noun": ["Stroy", "Les", "Agro", "Mebel", "Tekstil", "Pishcheprom", "Santekhnika", "Poligraf"],
           "form": ["OOO", "AO", "IP"]},
    "zh": {"head": ["Ningbo", "Suzhou", "Foshan", "Xiamen", "Qingdao", "Hangzhou", "Dongguan", "Wuxi",
                    "Jinhua", "Yiwu"],
           "noun": ["Huamei Textile", "Jiali Furniture", "Hengda Ceramics", "Xinyuan Packaging",
                    "Meida Household Products", "Ruixiang Garments", "Tianyi Stationery", "Baisheng Toys",
                    "Lianfa Hardware", "Kaida Lighting", "Jinhong Bags", "Shengtai Kitchenware"],
           "form": ["Co., Ltd.", "Trading Co., Ltd.", "Industrial Co., Ltd."]},
    "ja": {"head": ["Tanaka", "Suzuki", "Yamamoto", "Nakamura", "Kobayashi", "Hokuriku", "Kansai", "Tohoku"],
           "noun": ["Seiki", "Shoji", "Kogyo", "Denki", "Seika", "Kasei"],
           "form": ["Co., Ltd.", "K.K."]},
    "tr": {"head": ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Ege", "Marmara", "Anadolu"],
           "noun": ["Tekstil", "İnşaat", "Gıda", "Ambalaj", "Mobilya", "Lojistik"],
           "form": ["A.Ş.", "Ltd. Şti."]},
}
_PREFIX_FORMS = {"OOO", "AO", "IP"}


def generate_companies(count: int = 5000, seed: int = 20261122) -> list[Party]:
    """Deterministic plausible clean company names, "<surname/place> <industry> <legal form>" in
    ten languages (Russian forms first, as written: "OOO Volga Stroy"), taken round-robin over
    the languages from each language's shuffled combinations."""
    rng = random.Random(seed)
    pools = []
    for language in sorted(_WORDS):
        words = _WORDS[language]
        pool = [f"{f} {h} {n}" if f in _PREFIX_FORMS else f"{h} {n} {f}"
                for h in words["head"] for n in words["noun"] for f in words["form"]]
        rng.shuffle(pool)
        pools.append(pool)
    if count > sum(map(len, pools)):
        raise ValueError(f"at most {sum(map(len, pools))} distinct company names can be generated")
    names: dict[str, None] = {}  # insertion-ordered set
    while len(names) < count:
        for pool in pools:
            if pool and len(names) < count:
                names[pool.pop()] = None
    return [Party(name, EntityType.ORGANIZATION) for name in names]


# ---- development stand-in lists ----------------------------------------------------------------


def dev_entities(un: Sequence[UNRow], ssb_candidates: dict[str, list[str]]) -> list[ListEntity]:
    """DEVELOPMENT STAND-IN for the real lists, built from the fixtures themselves: each yente
    untreated UN name is entity ``un-dev:<row>``, each ssb entity ``ssb-dev:<ent_num>`` with its
    candidate names (first = primary). Recall on it says nothing about the real lists."""
    out = [ListEntity(id=f"{DEV_UN_LIST}:{r.row}", list=DEV_UN_LIST, type=EntityType.PERSON,
                      names=[ListName(full=r.untreated, role=NameRole.PRIMARY)]) for r in un]
    for entity, names in ssb_candidates.items():
        out.append(ListEntity(id=f"{DEV_SSB_LIST}:{entity}", list=DEV_SSB_LIST, type=EntityType.PERSON,
                              names=[ListName(full=n, role=NameRole.PRIMARY if i == 0 else NameRole.STRONG_ALIAS)
                                     for i, n in enumerate(names)]))
    return out


def key_index(entities: Iterable[ListEntity]) -> dict[str, set[str]]:
    """target key -> ids of the entities having a name with that key."""
    index: dict[str, set[str]] = {}
    for entity in entities:
        for name in entity.names:
            for key in target_keys(name.full):
                index.setdefault(key, set()).add(entity.id)
    return index


def targets_of(name: str, index: dict[str, set[str]]) -> set[str]:
    return set().union(*(index.get(k, set()) for k in target_keys(name)))


# ---- metrics (pure) ----------------------------------------------------------------------------


@dataclass
class Tally:
    hits: int = 0
    n: int = 0

    def add(self, hit: bool) -> None:
        self.n += 1
        self.hits += bool(hit)

    @property
    def rate(self) -> float | None:
        return self.hits / self.n if self.n else None

    def as_dict(self) -> dict[str, Any]:
        return {"hits": self.hits, "n": self.n, "rate": self.rate}


@dataclass
class Tallies:
    by: dict[str, Tally] = field(default_factory=dict)

    def add(self, key: str, hit: bool) -> None:
        self.by.setdefault(key, Tally()).add(hit)

    def as_dict(self) -> dict[str, Any]:
        return {k: t.as_dict() for k, t in sorted(self.by.items())}


def alerted_ids(result: Any) -> list[str]:
    """Entity ids of the alerting matches of a screening result (band review or block), best
    first. A match without its own band takes the result's band."""
    if getattr(result, "band", "clear") == "clear":
        return []
    return [m.entity_id for m in result.matches if getattr(m, "band", result.band) != "clear"]


def pair_metrics(outcomes: Iterable[tuple[bool, bool]]) -> dict[str, Any]:
    """(predicted, actual) pairs -> tp/fp/fn/tn, precision, recall, F1."""
    tp = fp = fn = tn = 0
    for predicted, actual in outcomes:
        tp += predicted and actual
        fp += predicted and not actual
        fn += actual and not predicted
        tn += not predicted and not actual
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else None
    return {"n": tp + fp + fn + tn, "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": precision, "recall": recall, "f1": f1}


def script_recall(score: Callable[[str, str], float], threshold: float, pairs: list[ScriptPair]) -> dict[str, Any]:
    """Cross-script pairs: recall at ``threshold`` per script and overall, and at watchman's own
    minimum expected score per pair."""
    by_script, at_min, overall, scores = Tallies(), Tallies(), Tally(), []
    for pair in pairs:
        value = score(pair.query, pair.expected)
        scores.append({"query": pair.query, "expected": pair.expected, "score": round(value, 4)})
        by_script.add(pair.script, value >= threshold)
        at_min.add(pair.script, value >= pair.min_score)
        overall.add(value >= threshold)
    return {"by_script": by_script.as_dict(), "at_watchman_min": at_min.as_dict(), "overall": overall.as_dict(),
            "scores": scores}


NK_TYPES = {"Person": EntityType.PERSON, "Company": EntityType.ORGANIZATION,
            "Organization": EntityType.ORGANIZATION, "Vessel": EntityType.VESSEL}


def type_of(schema: str) -> EntityType | None:
    """The entity type of a FollowTheMoney schema (LegalEntity: unknown, so None)."""
    return NK_TYPES.get(schema)


def nk_metrics(outcomes: Sequence[tuple[NkCase, bool]]) -> dict[str, Any]:
    """(case, predicted match) -> pair metrics overall, per schema, per case group and per
    category (categories of fewer than 5 cases pooled)."""
    counts: dict[str, int] = {}
    for case, _ in outcomes:
        counts[case.category] = counts.get(case.category, 0) + 1

    def group(key: Callable[[NkCase], str]) -> dict[str, Any]:
        keys = sorted({key(c) for c, _ in outcomes})
        return {k: pair_metrics((p, c.is_match) for c, p in outcomes if key(c) == k) for k in keys}

    return {"overall": pair_metrics((p, c.is_match) for c, p in outcomes),
            "by_schema": group(lambda c: c.schema), "by_group": group(lambda c: c.group),
            "by_category": group(lambda c: c.category if c.category and counts[c.category] >= 5
                                 else "(under 5 cases or none)")}


def frozen_reference(frozen: Sequence[tuple[NkCase, float]], cases: Sequence[NkCase],
                     threshold: float = 0.70) -> dict[str, Any]:
    """logic-v2's frozen run at ``threshold``: on its own 812 rows and labels, and on the rows
    that are still in cases.csv, with the current labels."""
    current = {c.key: c for c in cases}
    joined = [(current[c.key], s >= threshold) for c, s in frozen if c.key in current]
    return {"threshold": threshold, "as_frozen": nk_metrics([(c, s >= threshold) for c, s in frozen]),
            "current_cases": nk_metrics(joined), "joined": len(joined), "cases": len(cases),
            "relabelled": sum(1 for c, _ in frozen if c.key in current and current[c.key].is_match != c.is_match)}


def per_thousand(count: int, n: int) -> float | None:
    return 1000 * count / n if n else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """q-th percentile (0..100), linear interpolation between closest ranks."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def shares(items: Sequence[Any], parts: int) -> list[Sequence[Any]]:
    """``parts`` interleaved shares (item i goes to share i mod parts), so that each worker gets
    the same mix of the stream's kinds of query."""
    return [items[i::parts] for i in range(parts)]
