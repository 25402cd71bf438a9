"""``clearance risk ...``: train the risk model, score declarations into selectivity lanes, evaluate,
list the profiles, and record inspection results for retraining."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from clearance.cli.common import guard, load_settings, parse_date, stderr, stdout
from clearance.errors import InputError, InputProblem

app = typer.Typer(help="Risk targeting and selectivity: a learned model and editable profiles that put "
                  "declarations into red / yellow / blue / green lanes, with reasons.", no_args_is_help=True)

ModelOption = Annotated[Path | None, typer.Option("--model", help="Model directory (model.txt + features.json); "
                                                   "default: CLEARANCE_RISK_MODEL_DIR or DATA_DIR/risk-model.")]
ProfilesOption = Annotated[Path | None, typer.Option("--profiles", help="CSV of risk profiles replacing the "
                                                     "packaged set (see 'clearance risk profiles').")]


def _model_dir(model: Path | None) -> Path:
    return model or load_settings().risk_model()


def _profiles(path: Path | None) -> Any:
    from clearance.risk.profiles import ProfileError, load_profiles

    try:
        return load_profiles(path or load_settings().risk_profiles)
    except ProfileError as exc:
        raise InputError(str(path or "risk profiles"), [InputProblem("file", None, str(exc))]) from None


def _read(paths: list[Path]) -> Any:
    from clearance.risk.declarations import Declarations, read_declarations

    return Declarations.concat(read_declarations(p) for p in paths)


def train(
    data: Annotated[list[Path], typer.Option("--data", help="Labelled declarations (.csv, .csv.gz, .jsonl; KCS "
                                             "headers or Clearance's names); repeatable.")],
    model: ModelOption = None,
    valid: Annotated[Path | None, typer.Option(help="Later labelled declarations to report on and to set the "
                                               "lane cut-offs from (time-ordered: never earlier than --data).")] = None,
    with_feedback: Annotated[bool, typer.Option("--with-feedback", help="Add the inspection results recorded "
                                                "with 'clearance risk record'.")] = False,
    currency: Annotated[str | None, typer.Option(help="ISO 4217 currency of the declared values (the KCS data: "
                                                 "KRW); 'check' uses the model only for lines in it.")] = None,
    seed: Annotated[int, typer.Option(help="Seed of LightGBM's bagging.")] = 0,
    threads: Annotated[int, typer.Option(help="CPU threads for LightGBM.")] = 2,
    as_json: Annotated[bool, typer.Option("--json", help="Print the training summary as JSON.")] = False,
) -> None:
    """Train the LightGBM risk model and store it as text (model.txt) with its feature metadata.

    Encoders and unit-price references are fitted on --data only. With --valid the summary
    reports precision and recall at 1/2/5/10% on it, and the lane cut-offs for one-off checks
    are the scores that fill the default quotas on it; otherwise they come from the training
    scores (optimistic) and the summary says so.
    """
    import time

    from clearance.risk.evaluate import evaluate
    from clearance.risk.model import RiskModel
    from clearance.risk.selectivity import Quotas

    with guard(as_json=as_json):
        batch = _read(data)
        if with_feedback:
            batch = _with_feedback(batch)
        held_out = _read([valid]) if valid else None
        if held_out is not None and not held_out.labelled:
            raise InputError(str(valid), [InputProblem("file", "fraud", "every --valid declaration needs a label")])
        first, _ = (held_out.date_range() if held_out is not None else None) or (None, None)
        _, last = batch.date_range() or (None, None)
        if first is not None and last is not None and first < last:
            stderr().print(f"warning: --valid starts {first}, before the training data ends ({last}); "
                           "its figures are not a time-ordered evaluation", style="yellow")
        started = time.perf_counter()
        with stderr().status(f"training on {len(batch):,} declarations"):
            risk_model = RiskModel.train(batch, seed=seed, threads=threads, currency=currency)
        seconds = time.perf_counter() - started
        quotas = Quotas()
        summary: dict[str, Any] = {"model": str(_model_dir(model)), "seconds": round(seconds, 2),
                                   "training": risk_model.meta["training"]}
        if held_out is not None:
            scores = risk_model.scores(held_out)
            risk_model.set_lane_thresholds(scores, quotas.as_mapping(), f"scores of {valid}")
            summary["valid"] = evaluate(scores, held_out["fraud"], held_out["critical_fraud"]).as_dict()
        else:
            risk_model.set_lane_thresholds(risk_model.scores(batch), quotas.as_mapping(),
                                           "training scores (optimistic: give --valid)")
        summary["lane_thresholds"] = risk_model.lane_thresholds
        risk_model.save(_model_dir(model))
    if as_json:
        typer.echo(json.dumps(summary, indent=2))
        return
    console = stdout()
    t = summary["training"]
    console.print(f"trained on {t['rows']:,} declarations ({t['first_date']} to {t['last_date']}, fraud rate "
                  f"{t['fraud_rate']:.2%}) in {seconds:.1f} s; saved to {summary['model']}", markup=False)
    if "valid" in summary:
        _print_metrics(summary["valid"], f"on {valid}")
    cuts = ", ".join(f"{k} >= {v:.3f}" for k, v in summary["lane_thresholds"].items())
    console.print(f"lane cut-offs for one-off checks: {cuts}", markup=False)


def score(
    file: Annotated[Path, typer.Argument(help="Declarations to score (.csv, .csv.gz, .jsonl).")],
    model: ModelOption = None,
    profiles: ProfilesOption = None,
    output: Annotated[Path | None, typer.Option(help="Write one row per declaration (.csv or .jsonl).")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date the profiles are in force (YYYY-MM-DD); "
                                              "default: each declaration batch's last date.")] = None,
    batch_by: Annotated[str, typer.Option(help="Fill the quotas per 'day', 'week' or over the whole 'file'.")] = "file",
    red: Annotated[float, typer.Option(help="Red lane quota, percent of each batch.")] = 5.0,
    yellow: Annotated[float, typer.Option(help="Yellow lane quota, percent.")] = 10.0,
    blue: Annotated[float, typer.Option(help="Blue lane quota, percent.")] = 5.0,
    random: Annotated[float, typer.Option(help="Random selection, percent of each batch (part of red).")] = 0.5,
    seed: Annotated[int, typer.Option(help="Seed of the random selection.")] = 0,
    no_model: Annotated[bool, typer.Option("--no-model", help="Score with the profiles alone.")] = False,
    show: Annotated[int, typer.Option(help="How many red-lane declarations to print with their reasons.")] = 10,
) -> None:
    """Score declarations and fill the selectivity lanes by quota, with reasons for every selection.

    Lanes: red = physical examination, yellow = documentary check, blue = post-clearance audit,
    green = release. Each batch (--batch-by) gets round(quota x size) declarations per lane; a profile
    that forces a lane (e.g. a sanctions finding) takes it first, and overflow beyond the quota is
    reported, never dropped. The random share goes red whatever its score so the model keeps learning.
    """
    from pydantic import ValidationError

    from clearance.risk.assess import assess
    from clearance.risk.model import RiskModel
    from clearance.risk.selectivity import Quotas

    with guard():
        if batch_by not in ("day", "week", "file"):
            raise InputError("command line", [InputProblem("--batch-by", None, "use 'day', 'week' or 'file'")])
        try:
            quotas = Quotas(red=red / 100, yellow=yellow / 100, blue=blue / 100, random=random / 100)
        except ValidationError as exc:
            raise InputError("command line", [InputProblem("--red/--yellow/--blue/--random", None,
                                                           exc.errors()[0]["msg"])]) from None
        day = parse_date(as_of, "--as-of") if as_of else None
        profile_set = _profiles(profiles)
        batch = _read([file])
        risk_model = None if no_model else RiskModel.load(_model_dir(model))
    groups = _batches(batch, batch_by)
    rows: list[dict[str, Any]] = []
    lanes: dict[str, int] = {}
    overflow: dict[str, int] = {}
    worst_deviation = 0.0
    with Progress(TextColumn("scoring"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=stderr(), transient=True) as progress:
        task = progress.add_task("score", total=len(batch))
        for number, index in enumerate(groups):
            part = batch.take(index)
            _, last = part.date_range() or (None, None)
            result = assess(part, as_of=day or last or date.today(), profiles=profile_set, quotas=quotas,
                            seed=seed + number, model=risk_model)
            rows += [result.row(i) for i in range(len(part))]
            for lane, share in result.assignment.shares().items():
                lanes[lane] = lanes.get(lane, 0) + int((result.assignment.lanes == lane).sum())
                if lane != "green" and not result.assignment.overflow:
                    worst_deviation = max(worst_deviation, abs(share - getattr(quotas, lane)))
            for lane, extra in result.assignment.overflow.items():
                overflow[lane.value] = overflow.get(lane.value, 0) + extra
            progress.update(task, advance=len(part))
    if output:
        _write(output, rows)
    _print_lanes(lanes, len(batch), len(groups), worst_deviation, overflow, risk_model is not None)
    console = stdout()
    for row in [r for r in rows if r["lane"] == "red"][:show]:
        console.print(f"{row['declaration_id']}  score {row['score']:.3f}", markup=False, style="bold")
        for reason in row["reasons"]:
            console.print(f"   {reason}", markup=False)
    if output:
        stderr().print(f"{len(rows):,} declaration(s) written to {output}")


def evaluate(
    file: Annotated[Path, typer.Argument(help="Labelled declarations (fraud, critical_fraud).")],
    model: ModelOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
) -> None:
    """Precision and recall at inspection rates 1/2/5/10%, AUC and critical-fraud recall of a model."""
    from clearance.risk.evaluate import evaluate as measure
    from clearance.risk.model import RiskModel

    with guard(as_json=as_json):
        batch = _read([file])
        if not batch.labelled:
            raise InputError(str(file), [InputProblem("file", "fraud", "every declaration needs a fraud label")])
        risk_model = RiskModel.load(_model_dir(model))
        metrics = measure(risk_model.scores(batch), batch["fraud"], batch["critical_fraud"]).as_dict()
    if as_json:
        typer.echo(json.dumps(metrics, indent=2))
    else:
        _print_metrics(metrics, f"on {file}")


def profiles(
    profiles_file: ProfilesOption = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Only the profiles in force on this date.")] = None,
) -> None:
    """List the risk profiles (condition, weight, lane, validity); validates a profiles CSV."""
    with guard():
        profile_set = _profiles(profiles_file)
        if as_of:
            profile_set = profile_set.active(parse_date(as_of, "--as-of"))
    console = stdout()
    console.print(f"{len(profile_set)} profile(s)" + (f" in force on {as_of}" if as_of else ""), markup=False)
    for p in profile_set.profiles:
        valid = f"{p.valid_from or 'always'} to {p.valid_to or 'open'}"
        console.print(f"{p.id}  weight {p.weight:g}  lane {p.lane or '-'}  valid {valid}", markup=False,
                      style="bold")
        console.print(f"   if {p.condition_text}", markup=False)
        console.print(f"   {p.reason}", markup=False, style="dim")


def record(
    file: Annotated[Path, typer.Argument(help="Inspected declarations with their outcome in 'fraud' (0/1) and "
                                         "optionally 'critical_fraud' (0/1/2).")],
    inspector: Annotated[str, typer.Option(help="Who recorded the results (kept with each row).")],
) -> None:
    """Record inspection results (append-only) so 'clearance risk train --with-feedback' learns from them."""
    from clearance.risk.feedback import record_inspections
    from clearance.store import open_database

    with guard():
        batch = _read([file])
        if not batch.labelled:
            raise InputError(str(file), [InputProblem("file", "fraud", "every inspected declaration needs its "
                                                      "outcome in 'fraud' (0 or 1)")])
        count = record_inspections(open_database(load_settings()), batch, inspector)
    stdout().print(f"{count:,} inspection result(s) recorded by {inspector}", markup=False)


def _with_feedback(batch: Any) -> Any:
    from clearance.risk.declarations import Declarations
    from clearance.risk.feedback import recorded_inspections
    from clearance.store import open_database

    recorded = recorded_inspections(open_database(load_settings()))
    return Declarations.concat([batch, recorded]) if len(recorded) else batch


def _batches(batch: Any, by: str) -> list[Any]:
    import numpy as np

    if by == "file" or not len(batch):
        return [np.arange(len(batch))]
    unit = "D" if by == "day" else "W"
    keys = batch["date"].astype(f"datetime64[{unit}]")
    return [np.flatnonzero(keys == key) for key in np.unique(keys)]


def _write(path: Path, rows: list[dict[str, Any]]) -> None:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".jsonl"):
        raise InputError(str(path), [InputProblem("--output", None, "use a .csv or .jsonl file")])
    with open(path, "w", encoding="utf-8", newline="") as sink:
        if suffix == ".jsonl":
            sink.writelines(json.dumps(row) + "\n" for row in rows)
            return
        writer = csv.DictWriter(sink, fieldnames=list(rows[0]) if rows else ["declaration_id"])
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "profiles": ";".join(row["profiles"]), "reasons": " | ".join(row["reasons"])})


def _print_metrics(metrics: dict[str, Any], where: str) -> None:
    table = Table("inspection rate", "precision", "recall", title=f"{metrics['rows']:,} declarations {where}, "
                  f"fraud rate {metrics['fraud_rate']:.2%}")
    for rate in ("1%", "2%", "5%", "10%"):
        table.add_row(rate, f"{metrics[f'precision@{rate}']:.3f}", f"{metrics[f'recall@{rate}']:.3f}")
    console = stdout()
    console.print(table)
    console.print(f"AUC {metrics['auc']:.3f}; critical-fraud recall in the top 5% {metrics['critical_recall@5%']:.3f}",
                  markup=False)


def _print_lanes(lanes: dict[str, int], total: int, batches: int, deviation: float, overflow: dict[str, int],
                 with_model: bool) -> None:
    from clearance.risk.selectivity import LANE_MEANING, Lane

    table = Table("lane", "meaning", "declarations", "share",
                  title=f"{total:,} declarations in {batches} batch(es); "
                  f"{'model and profiles' if with_model else 'profiles only'}")
    for lane in Lane:
        count = lanes.get(lane.value, 0)
        table.add_row(lane.value, LANE_MEANING[lane], f"{count:,}", f"{count / total:.2%}" if total else "-")
    console = stdout()
    console.print(table)
    console.print(f"largest deviation of a batch's lane share from its quota: {deviation * 100:.2f} points",
                  markup=False)
    for lane, extra in overflow.items():
        console.print(f"{lane} lane overflow: {extra} declaration(s) forced there by profiles beyond the quota",
                      markup=False, style="yellow")
