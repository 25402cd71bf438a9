"""Sanctions name matcher benchmark: recall, false alerts, pair precision and throughput, one run.

    .venv/bin/python benchmarks/screening.py [--matchers ours,jw,logicv2] [--clean-limit N]
        [--workers 2] [--dev-lists] [--data-dir DIR] [--json OUT] [--logicv2-python PY]

Matchers, side by side: ``ours`` (``clearance.screening.matcher.Screener``), ``jw`` (plain
token Jaro-Winkler at 0.90, ``screening_baselines.py``) and ``logicv2`` (nomenklatura
logic-v2 at 0.70, pair mode only, in its own venv: see ``requirements-logicv2.txt``; skipped
with a message when it is not installed). Lists: the sanctions datasets of ``../shared/data``
imported into a throwaway data directory (or ``--data-dir``, already imported) and read by
``clearance.screening.lists.load_entities``. With ``--dev-lists``, or while that module is
missing, a DEVELOPMENT STAND-IN built from the fixtures is used (``dev_entities``); its
figures say nothing about the real lists. Fixtures: ``sanctions/PROVENANCE.md`` section 7.

Sections: yente UN (683 persons, 170 perturbed; a hit is an alert on an entity with a name
equal to the untreated name under the harness's own normaliser); ssb generated variants
(recall per class/family; near-miss negatives alerting on their source entity); watchman
cross-script pairs and nomenklatura pair cases (``score_pair`` >= ``review_threshold``; the
nomenklatura cases are development only: logic-v2 was tuned on them); false alerts per 1,000
clean parties (band review or block); throughput with ``--workers`` processes forked after the
index is built (``gc.freeze()`` first, as a pre-forking service would), single-process latency
over every screen call of the run, build time, RSS. The machine's load average is printed: other
work on it slows the timings.

Targets: recall >= 97 % (perturbed UN), >= 90 % (ssb) with no benign class below 80 %,
cross-script >= 80 %, <= 3 false alerts per 1,000 clean persons, <= 5 per 1,000 US Congress
names, >= 5,000 parties/s on 2 cores with p95 <= 10 ms. Anchors: logic-v2 at 0.70 94.1 % /
79.2 %, 6-12 per 1,000, 92 parties/s per core; token JW at 0.90 95.9 % / 80.7 %, 2.5-7 per
1,000, 1,576 parties/s.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import screening_fixtures as fx
from screening_baselines import JW_IMPLEMENTATION, LogicV2Pairs, TokenJaroWinkler, eval_logicv2
from screening_fixtures import Party

from clearance.screening.entity import EntityType, ListEntity

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@dataclass
class Lists:
    entities: list[ListEntity]
    label: str
    ssb_prefix: str  # ssb entity ids are OFAC ent_num: "ofac_sdn:" on the real lists
    dev: bool


def dev_lists(un: list[fx.UNRow], ssb_candidates: dict[str, list[str]]) -> Lists:
    return Lists(fx.dev_entities(un, ssb_candidates), "DEVELOPMENT STAND-IN (fixture names; not the real lists)",
                 f"{fx.DEV_SSB_LIST}:", True)


def real_lists(root: Path, data_dir: Path | None, stack: ExitStack) -> Lists:
    from clearance.refdata import DATASETS, ReferenceData, import_dataset
    from clearance.screening import lists  # ImportError: the caller falls back to the stand-in
    from clearance.settings import Settings
    from clearance.store import open_database

    if data_dir is None:
        data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="clearance-screening-bench-")))
        engine = open_database(Settings(data_dir=data_dir))
        names = set(getattr(lists, "SCREENING_DATASETS", ())) | {"countries"}
        for dataset in DATASETS:
            if (dataset.name in names or "sanctions" in getattr(dataset.loader, "__module__", "")) \
                    and dataset.present_in(root):
                import_dataset(engine, dataset, root)
    else:
        engine = open_database(Settings(data_dir=data_dir))
    loaded = lists.load_entities(ReferenceData(engine))
    # load_entities gives the stored dumps (the screener validates only what it matches); the
    # harness reads names of every entry, so it validates them all here, outside any timing.
    entities = [e if isinstance(e, ListEntity) else ListEntity.model_validate(e)
                for e in getattr(loaded, "entities", loaded)]
    skipped = getattr(loaded, "skipped_duplicates", 0)
    label = "reference database (clearance.screening.lists.load_entities)" + (
        f"; {skipped:,} CSL rows left out as duplicates of the OFAC lists" if skipped else "")
    return Lists(entities, label, "ofac_sdn:", False)


def rss_mb() -> float:
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


@dataclass
class Run:
    """One matcher under test: its screener, how to make its query, and every latency."""

    name: str
    screener: Any
    make_query: Callable[[Party], Any]
    build_seconds: float = 0.0
    build_rss_mb: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)

    @property
    def uses_attributes(self) -> bool:
        return getattr(self.screener, "uses_attributes", True)

    def screen(self, party: Party) -> Any:
        query = self.make_query(party)
        started = time.perf_counter()
        result = self.screener.screen(query)
        self.latencies_ms.append(1000 * (time.perf_counter() - started))
        return result


def build_runs(names: Sequence[str], entities: list[ListEntity]) -> list[Run]:
    runs = []
    for name in names:
        if name == "ours":
            try:
                from clearance.screening.matcher import PartyQuery, Screener
            except ImportError as error:
                print(f"ours: clearance.screening.matcher not importable ({error}); skipped", file=sys.stderr)
                continue

            def make(p: Party, cls: Any = PartyQuery) -> Any:
                return cls(name=p.name, type=p.type, country=p.country, dob=p.dob, gender=p.gender)

            factory, make_query = Screener.from_entities, make
        elif name == "jw":
            factory, make_query = TokenJaroWinkler.from_entities, (lambda p: p)
        else:
            continue
        before, started = rss_mb(), time.perf_counter()
        screener = factory(entities)
        if hasattr(screener, "index") and hasattr(screener.index, "ensure_symbols"):
            # built on the first name in another script: here, before forking and timing, so the
            # workers share it and the build figure is the whole index's (as it was when eager)
            screener.index.ensure_symbols()
        runs.append(Run(name, screener, make_query, time.perf_counter() - started, rss_mb() - before))
    return runs


# ---- sections ----------------------------------------------------------------------------------


def eval_un(run: Run, rows: list[fx.UNRow], targets: list[set[str]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for variant in ("name only", "with DOB + nationality"):
        if variant != "name only" and not run.uses_attributes:
            out[variant] = {**out["name only"], "same_as": "name only (the matcher ignores attributes)"}
            continue
        by_class, overall, perturbed, missed = fx.Tallies(), fx.Tally(), fx.Tally(), []
        for row, want in zip(rows, targets, strict=True):
            if not want:
                continue
            query = row.query if variant != "name only" else Party(row.treated, EntityType.PERSON)
            hit = bool(want & set(fx.alerted_ids(run.screen(query))))
            by_class.add(row.pclass, hit)
            overall.add(hit)
            if row.pclass != "unchanged":
                perturbed.add(hit)
            if not hit:
                missed.append(f"{row.pclass}: {row.treated}")
        out[variant] = {"by_class": by_class.as_dict(), "perturbed": perturbed.as_dict(),
                        "overall": overall.as_dict(), "missed": missed}
    return out


def eval_ssb(run: Run, cases: list[fx.SsbCase], prefix: str, known: set[str]) -> dict[str, Any]:
    by_class, by_family, overall, top1 = fx.Tallies(), fx.Tallies(), fx.Tally(), fx.Tally()
    neg_source, neg_any, missed = fx.Tallies(), fx.Tallies(), []
    for case in cases:
        if case.expected is not None:
            want = prefix + case.expected
            if want not in known:
                continue
            ids = fx.alerted_ids(run.screen(Party(case.query, EntityType.PERSON)))
            by_class.add(f"{case.family}/{case.perturbation}", want in ids)
            by_family.add(case.family, want in ids)
            overall.add(want in ids)
            top1.add(bool(ids) and ids[0] == want)
            if want not in ids:
                missed.append(f"{case.perturbation}: {case.query}")
        elif case.source is not None and prefix + case.source in known:
            ids = fx.alerted_ids(run.screen(Party(case.query, EntityType.PERSON)))
            neg_source.add(case.perturbation, prefix + case.source in ids)
            neg_any.add(case.perturbation, bool(ids))
    return {"by_class": by_class.as_dict(), "by_family": by_family.as_dict(), "overall": overall.as_dict(),
            "top1_expected": top1.as_dict(), "negatives_on_source": neg_source.as_dict(),
            "negatives_any_alert": neg_any.as_dict(), "missed": missed}


def eval_clean(run: Run, sets: dict[str, tuple[list[Party], list[Party] | None]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for label, (bare, full) in sets.items():
        for variant, parties in (("name only", bare), ("with attributes", full)):
            if parties is None:
                continue
            key = f"{label}, {variant}"
            if variant != "name only" and not run.uses_attributes:
                out[key] = {**out[f"{label}, name only"], "same_as": "name only (the matcher ignores attributes)"}
                continue
            bands: dict[str, int] = {}
            alerts = []
            for party in parties:
                result = run.screen(party)
                if result.band != "clear":
                    bands[result.band] = bands.get(result.band, 0) + 1
                    best = result.matches[0] if result.matches else None
                    alerts.append({"party": party.name, "band": result.band,
                                   **({"entity": best.entity_id, "name": best.name, "score": round(best.score, 4)}
                                      if best else {})})
            total = sum(bands.values())
            out[key] = {"n": len(parties), "alerts": total, "per_1000": fx.per_thousand(total, len(parties)),
                        "by_band_per_1000": {b: fx.per_thousand(c, len(parties)) for b, c in sorted(bands.items())},
                        "alerted": alerts}
    return out


def _worker(screener: Any, queries: Sequence[Any], conn: Any) -> None:
    started, alerts = time.perf_counter(), 0
    for query in queries:
        alerts += screener.screen(query).band != "clear"
    conn.send({"n": len(queries), "seconds": time.perf_counter() - started, "alerts": alerts,
               "peak_rss_mb": peak_rss_mb()})
    conn.close()


def throughput(run: Run, parties: list[Party], workers: int) -> dict[str, Any]:
    """``workers`` processes forked after the index is built (copy-on-write), one interleaved
    share of the stream each; parties/s = stream size / wall time from the first fork to the
    last answer."""
    queries = [run.make_query(p) for p in parties]
    context = multiprocessing.get_context("fork")
    load_before = os.getloadavg()[0]
    gc.collect()
    gc.freeze()  # as a pre-forking service would: the children's GC does not touch (and copy) the parent's objects
    started = time.perf_counter()
    pipes, processes = [], []
    for share in fx.shares(queries, workers):
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_worker, args=(run.screener, share, send))
        process.start()
        pipes.append(receive)
        processes.append(process)
    answers = [pipe.recv() for pipe in pipes]
    wall = time.perf_counter() - started
    for process in processes:
        process.join()
    gc.unfreeze()
    lat = run.latencies_ms
    return {"mode": f"{workers} processes forked after the build and gc.freeze()", "parties": len(queries),
            "seconds": wall, "load_average_before_after": [load_before, os.getloadavg()[0]],
            "parties_per_s": len(queries) / wall if wall else None, "workers": answers,
            "single_process": {"calls": len(lat), "parties_per_s": 1000 * len(lat) / sum(lat) if lat else None,
                               **{f"p{q}_ms": fx.percentile(lat, q) for q in (50, 95, 99)},
                               "max_ms": max(lat, default=None)}}


# ---- report -----------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"date": time.strftime("%Y-%m-%d"), "cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "load_average_at_start": round(os.getloadavg()[0], 2)}


def summaries(data: dict[str, Any], lists: Lists, known: set[str]) -> dict[str, Any]:
    per_list: dict[str, int] = {}
    for entity in lists.entities:
        per_list[entity.list] = per_list.get(entity.list, 0) + 1
    ssb, p = data["ssb"], lists.ssb_prefix
    return {"lists": {"source": lists.label, "development_stand_in": lists.dev, "entities": len(lists.entities),
                      "names": sum(len(e.names) for e in lists.entities), "per_list": per_list},
            "fixtures": {"un_rows": len(data["un"]), "un_perturbed": sum(r.pclass != "unchanged" for r in data["un"]),
                         "un_rows_without_target": sum(not t for t in data["un_targets"]),
                         "un_names_without_target": [r.untreated for r, t in zip(data["un"], data["un_targets"])
                                                     if not t],
                         "un_rows_with_several_targets": sum(len(t) > 1 for t in data["un_targets"]),
                         "un_rows_with_changed_attributes": sum(r.attributes_changed for r in data["un"]),
                         "ssb_positives": sum(c.expected is not None for c in ssb),
                         "ssb_positives_not_in_lists": sum(c.expected is not None and p + c.expected not in known
                                                           for c in ssb),
                         "ssb_negatives": sum(c.expected is None for c in ssb),
                         "ssb_negatives_without_source": sum(c.expected is None and (c.source is None or p + c.source
                                                                                     not in known) for c in ssb),
                         "cross_script_pairs": len(data["cross_script"]), "nomenklatura_cases": len(data["nk"])}}


def pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def num(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print(f"\n{title}")
    for row in [header, *rows]:
        cells = [str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths))]
        print("  " + "  ".join(cells))


def tally_table(title: str, series: dict[str, dict[str, Any]]) -> None:
    """series: column -> {row label -> {"hits", "n", "rate"}}; one n column (the first series')."""
    labels = list(dict.fromkeys(k for s in series.values() for k in s))
    rows = [[label, str(next((s[label]["n"] for s in series.values() if label in s), 0)),
             *(pct(s[label]["rate"]) if label in s else "-" for s in series.values())] for label in labels]
    table(title, ["", "n", *series], rows)


def columns(fig: dict[str, Any], section: str, pick: Callable[[Any], Any]) -> dict[str, Any]:
    """One column per matcher (logic-v2 last, marked pair mode) holding ``pick(section figures)``."""
    out = {name: pick(m[section]) for name, m in fig["matchers"].items() if section in m}
    if section in fig.get("logicv2", {}):
        try:
            out["logic-v2 (pair)"] = pick(fig["logicv2"][section])
        except KeyError:
            pass
    return out


def print_header(fig: dict[str, Any]) -> None:
    m, lists, lv2 = fig["machine"], fig["lists"], fig.get("logicv2", {})
    print(f"\nSanctions screening benchmark, {m['date']}: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, "
          f"Python {m['python']}, load average {m['load_average_at_start']} at start; token JW by "
          f"{fig['jw_implementation']}")
    print(f"Lists: {lists['source']}: {lists['entities']:,} entities, {lists['names']:,} names "
          f"({', '.join(f'{k} {v:,}' for k, v in sorted(lists['per_list'].items()))})")
    print("Fixtures: " + ", ".join(f"{k} {v:,}" if isinstance(v, int) else f"{k}: {'; '.join(v) or 'none'}"
                                   for k, v in fig["fixtures"].items()))
    if lv2.get("skipped"):
        print(f"logic-v2: skipped, {lv2['skipped']}")
    elif lv2:
        per_pair = lv2["per_pair_ms"]
        print(f"logic-v2: {lv2['version']}; {lv2['pairs']:,} pairs in {num(lv2['seconds'])} s ("
              f"{num(lv2['ms_per_pair'], 2)} ms/pair mean, p50 {num(per_pair.get('p50'), 2)}, p95 "
              f"{num(per_pair.get('p95'), 2)}) + {num(lv2['startup_seconds'])} s start-up. PAIR MODE: each query "
              "against the names of the entities it should (not) match, no search; clean persons against the "
              "best token-JW-blocked entities")


def print_recall(fig: dict[str, Any]) -> None:
    excluded = fig["fixtures"]["un_rows_without_target"]
    for variant in ("name only", "with DOB + nationality"):
        tally_table(f"1. yente UN persons, treated name, {variant}: recall (hit = alert on a target entity; "
                    f"{excluded} rows without a target excluded)",
                    columns(fig, "un", lambda s, v=variant: {**s[v]["by_class"], "perturbed": s[v]["perturbed"],
                                                             "overall": s[v]["overall"]}))
    tally_table("2. ssb generated variants: recall per class (alert includes the expected entity)",
                columns(fig, "ssb", lambda s: {**s["by_class"], **{f"{k} (family)": v
                                                                     for k, v in s["by_family"].items()},
                                               "overall positives": s["overall"]}))
    tally_table("   ssb's own scoring: the best alerting match is the expected entity (the same person's entry on "
                "another list ranked first counts as a miss)",
                columns(fig, "ssb", lambda s: {"overall positives": s["top1_expected"]}))
    tally_table("   ssb near-miss negatives: false-alert rate on the source entity",
                columns(fig, "ssb", lambda s: s["negatives_on_source"]))
    tally_table("   ssb near-miss negatives: any alert (ssb's own definition)",
                columns(fig, "ssb", lambda s: s["negatives_any_alert"]))
    tally_table("3. watchman cross-script pairs: score >= review threshold",
                columns(fig, "cross_script", lambda s: {**s["by_script"], "overall": s["overall"]}))
    tally_table("   same, at watchman's own minimum score per pair",
                columns(fig, "cross_script", lambda s: s["at_watchman_min"]))


def print_pairs(fig: dict[str, Any]) -> None:
    nk, frozen = columns(fig, "nomenklatura", lambda s: s), fig["nomenklatura_frozen"]
    nk["logic-v2 frozen reference run"] = frozen["as_frozen"]
    rows = []
    for group, label in (("overall", ""), ("by_schema", "schema"), ("by_group", "group"), ("by_category", "category")):
        keys = list(dict.fromkeys(k for s in nk.values() for k in s[group])) if label else ["all"]
        for key in keys:
            cells = [s[group].get(key) if label else s[group] for s in nk.values()]
            rows.append([f"{label}: {key}" if label else key, str(next((c["n"] for c in cells if c), 0)),
                         *(f"P {pct(c['precision'])} R {pct(c['recall'])} F1 {pct(c['f1'])}" if c else "-"
                           for c in cells)])
    today = frozen["current_cases"]["overall"]
    table("4. nomenklatura pair cases (DEVELOPMENT ONLY: logic-v2 was tuned on them); match = score >= review "
          f"threshold (logic-v2 0.70). Frozen run on its own {frozen['as_frozen']['overall']['n']} rows; on the "
          f"{frozen['joined']} still in cases.csv, today's labels: P {pct(today['precision'])} R "
          f"{pct(today['recall'])} ({frozen['relabelled']} relabelled)", ["", "n", *nk], rows)


def print_clean(fig: dict[str, Any]) -> None:
    clean = columns(fig, "clean", lambda s: s)
    rows = []
    for key in dict.fromkeys(k for s in clean.values() for k in s):
        cells = []
        for s in clean.values():
            if key not in s:
                cells.append("-")
                continue
            bands = "".join(f"; {b} {num(v, 2)}" for b, v in s[key].get("by_band_per_1000", {}).items())
            cells.append(f"{num(s[key]['per_1000'], 2)} ({s[key]['alerts']}{bands})")
        rows.append([key, num(next(s[key]["n"] for s in clean.values() if key in s), 0), *cells])
    table("5. false alerts per 1,000 clean parties (alert = band review or block): per 1,000 (alerts; per band)",
          ["", "n", *clean], rows)
    for name, mf in fig["matchers"].items():
        congress = [a for k, v in mf["clean"].items() if k == "US Congress, name only" for a in v["alerted"]]
        if congress:
            print(f"   {name}: US Congress alerts, name only (check whether truly listed): " + "; ".join(
                f"{a['party']} -> {a.get('name')} ({a.get('entity')}, {num(a.get('score'), 3)})" for a in congress))


def print_throughput(fig: dict[str, Any]) -> None:
    rows = []
    for name, mf in fig["matchers"].items():
        t, sp = mf["throughput"], mf["throughput"]["single_process"]
        rows.append([name, num(mf["build_seconds"], 2), num(mf["build_rss_mb"]), f"{t['parties']:,}",
                     num(t["parties_per_s"], 0), num(sp["parties_per_s"], 0), num(sp["p50_ms"], 2),
                     num(sp["p95_ms"], 2), num(sp["p99_ms"], 2), num(mf["peak_rss_mb"], 0),
                     num(max(w["peak_rss_mb"] for w in t["workers"]), 0),
                     "/".join(num(x, 1) for x in t["load_average_before_after"])])
    mode = next((mf["throughput"]["mode"] for mf in fig["matchers"].values()), "")
    table(f"6. throughput ({mode}; {fig['machine']['cores']} cores) and single-process latency over every screen "
          "call of the run", ["", "build s", "build MiB", "stream", "parties/s", "1-proc p/s", "p50 ms", "p95 ms",
                              "p99 ms", "peak RSS MiB", "worker peak MiB", "load avg"], rows)
    print("   load avg: the machine's 1-minute load average before / after the workers ran (other work on the "
          "machine slows every figure of this table)")


def print_targets(fig: dict[str, Any]) -> None:
    print("\nTargets (recall on name-only queries; clean persons: the worst of the four person rows):")
    for name, mf in fig["matchers"].items():
        benign = [v["rate"] for k, v in mf["ssb"]["by_class"].items()
                  if k.startswith("benign/") and v["rate"] is not None]
        persons = [v["per_1000"] for k, v in mf["clean"].items() if k.startswith("synthetic")]
        checks = [("UN recall >= 97%", mf["un"]["name only"]["overall"]["rate"], 0.97, pct),
                  ("ssb recall >= 90%", mf["ssb"]["overall"]["rate"], 0.90, pct),
                  ("worst benign ssb class >= 80%", min(benign, default=None), 0.80, pct),
                  ("cross-script >= 80%", mf["cross_script"]["overall"]["rate"], 0.80, pct),
                  ("clean persons <= 3/1,000", max(persons, default=None), -3.0, num),
                  ("US Congress <= 5/1,000", mf["clean"].get("US Congress, name only", {}).get("per_1000"), -5.0, num),
                  ("parties/s >= 5,000", mf["throughput"]["parties_per_s"], 5000.0, num),
                  ("p95 <= 10 ms", mf["throughput"]["single_process"]["p95_ms"], -10.0, num)]
        verdicts = []
        for label, value, goal, show in checks:  # a negative goal is an upper bound
            met = value is not None and (value >= goal if goal > 0 else value <= -goal)
            verdicts.append(f"{label}: {show(value)} {'met' if met else 'NOT met'}")
        print(f"  {name}: " + "; ".join(verdicts))
    print("\nTimings (s): " + ", ".join(f"{k} {v}" for k, v in fig["timings"].items()))


def print_report(fig: dict[str, Any]) -> None:
    for part in (print_header, print_recall, print_pairs, print_clean, print_throughput, print_targets):
        part(fig)


def measure(run: Run, data: dict[str, Any], clean: dict[str, tuple[list[Party], list[Party] | None]],
            lists: Lists, known: set[str], stream: list[Party], workers: int,
            timed: Callable[[str, float], None]) -> dict[str, Any]:
    """Every section for one matcher, each timed."""
    screener, person = run.screener, EntityType.PERSON
    fig: dict[str, Any] = {"build_seconds": run.build_seconds, "build_rss_mb": run.build_rss_mb}
    for label in ("un", "ssb", "cross_script", "nomenklatura", "clean", "throughput"):
        started = time.perf_counter()
        if label == "un":
            fig[label] = eval_un(run, data["un"], data["un_targets"])
        elif label == "ssb":
            fig[label] = eval_ssb(run, data["ssb"], lists.ssb_prefix, known)
        elif label == "cross_script":
            fig[label] = fx.script_recall(lambda q, e: screener.score_pair(q, e, person),
                                          screener.review_threshold(person), data["cross_script"])
        elif label == "nomenklatura":
            fig[label] = fx.nk_metrics([(c, screener.score_pair(c.name1, c.name2, fx.type_of(c.schema))
                                         >= screener.review_threshold(fx.type_of(c.schema))) for c in data["nk"]])
        elif label == "clean":
            fig[label] = eval_clean(run, clean)
        else:
            fig[label] = throughput(run, stream, workers)
        timed(f"{run.name} {label}", started)
    fig["peak_rss_mb"] = peak_rss_mb()
    return fig


# ---- main --------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matchers", default="ours,jw,logicv2")
    parser.add_argument("--clean-limit", type=int, default=None, help="at most N parties per clean set")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--dev-lists", action="store_true", help="use the development stand-in lists")
    parser.add_argument("--data-dir", type=Path, default=None, help="an already imported data directory")
    parser.add_argument("--shared", type=Path, default=SHARED, help="shared data root (default ../shared/data)")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--logicv2-python", default=None, help="interpreter of the logic-v2 venv")
    parser.add_argument("--logicv2-clean", type=int, default=2000, help="clean persons scored by logic-v2")
    args = parser.parse_args(argv)
    root, wanted = args.shared, [m.strip() for m in args.matchers.split(",") if m.strip()]
    if not (root / fx.BENCH).is_dir():
        print(f"no sanctions benchmarks under {root}; nothing to measure", file=sys.stderr)
        return 1
    timings: dict[str, float] = {}

    def timed(label: str, started: float) -> None:
        timings[label] = round(time.perf_counter() - started, 2)
        print(f"  {label}: {timings[label]:.1f} s", file=sys.stderr)

    started, limit, host = time.perf_counter(), args.clean_limit, machine()
    un, (ssb_candidates, ssb) = fx.read_un(root), fx.read_ssb(root)
    clean: dict[str, tuple[list[Party], list[Party] | None]] = {
        f"synthetic persons ({k})": fx.read_persons(root / path, limit) for k, path in fx.PERSONS.items()}
    bare, full = fx.read_congress(root)
    clean["US Congress"] = (bare[:limit], full[:limit])
    clean["generated companies"] = (fx.generate_companies(min(limit or 5000, 5000)), None)
    data: dict[str, Any] = {"un": un, "ssb": ssb, "cross_script": fx.read_cross_script(root),
                            "nk": fx.read_nk_cases(root)}
    timed("fixtures read", started)
    with ExitStack() as stack:
        started, lists = time.perf_counter(), None
        if not args.dev_lists:
            try:
                lists = real_lists(root, args.data_dir, stack)
            except ImportError as error:
                print(f"clearance.screening.lists not importable ({error}): DEVELOPMENT STAND-IN lists used",
                      file=sys.stderr)
        lists = lists or dev_lists(un, ssb_candidates)
        timed("lists loaded", started)
    index = fx.key_index(lists.entities)
    data["un_targets"] = [fx.targets_of(r.untreated, index) for r in un]
    known = {e.id for e in lists.entities}
    figures: dict[str, Any] = {"machine": host, **summaries(data, lists, known),
                               "jw_implementation": JW_IMPLEMENTATION,
                               "nomenklatura_frozen": fx.frozen_reference(fx.read_nk_frozen(root), data["nk"]),
                               "matchers": {}, "timings": timings}
    stream = [p for bare, _ in clean.values() for p in bare] + [r.query for r in un] + [
        Party(c.query, EntityType.PERSON) for c in ssb]
    runs = build_runs(wanted, lists.entities)
    for run in runs:
        timings[f"{run.name} index build"] = round(run.build_seconds, 2)
        figures["matchers"][run.name] = measure(run, data, clean, lists, known, stream, args.workers, timed)
    if "logicv2" in wanted:
        lv2 = LogicV2Pairs(python=args.logicv2_python or LogicV2Pairs.python)
        version = lv2.check()
        figures["logicv2"] = {"skipped": "not installed or not runnable (see requirements-logicv2.txt)"}
        if version:
            started = time.perf_counter()
            blocker = next((r.screener for r in runs if r.name == "jw"), None) or TokenJaroWinkler.from_entities(
                lists.entities)
            sample = {k: v[0][: args.logicv2_clean // 2] for k, v in clean.items() if k.startswith("synthetic")}
            figures["logicv2"] = {"version": version, **eval_logicv2(
                lv2, names={e.id: [n.full for n in e.names] for e in lists.entities}, un=un,
                un_targets=data["un_targets"], ssb=ssb, ssb_prefix=lists.ssb_prefix, cross=data["cross_script"],
                nk=data["nk"], blocker=blocker, clean=sample)}
            timed("logic-v2 (all pair sections)", started)
    print_report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False, default=str), "utf-8")
        print(f"\nfigures written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
