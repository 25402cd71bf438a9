"""``clearance classify``: propose HTS numbers for a description, one or a whole catalogue."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from clearance.cli.common import guard, load_settings, stderr, stdout
from clearance.errors import InputError, InputProblem
from clearance.inputs.common import decode_utf8, read_bytes
from clearance.tariff.classifier import Classification, Classifier, build_classifier
from clearance.tariff.classifier.values import read_unit_value

_BATCH = 256


def _attributes(pairs: list[str]) -> dict[str, str]:
    found = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError("command line", [InputProblem("--attribute", None, f"'{pair}' is not key=value")])
        found[key.strip()] = value.strip()
    problem = _value_problem(found)
    if problem:
        raise InputError("command line", [InputProblem("--attribute", "unit value", problem)])
    return found


def _value_problem(attributes: dict[str, str]) -> str | None:
    """Why a given ``unit value`` cannot be read, if it cannot (it settles lines set by a value)."""
    try:
        read_unit_value(attributes)
    except ValueError as error:
        return str(error)
    return None


def _classifier() -> Classifier:
    from clearance.refdata import ReferenceData
    from clearance.store import open_database

    settings = load_settings()
    reference = ReferenceData(open_database(settings))
    stderr().print("loading the classifier (the first run after a data import builds its index)...",
                   style="dim")
    return build_classifier(reference, cache_dir=settings.classifier_cache())


def _read_catalogue(path: Path) -> list[tuple[str, str, dict[str, str]]]:
    """(id, description, attributes) rows from a .csv (id, description, other columns as
    attributes) or a .jsonl ({"id", "description", "attributes": {...}}) file."""
    text = decode_utf8(read_bytes(path), str(path))
    rows: list[tuple[str, str, dict[str, str]]] = []
    problems: list[InputProblem] = []
    if path.suffix.lower() == ".jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                attributes = {str(k): str(v) for k, v in (item.get("attributes") or {}).items()}
                rows.append((str(item.get("id", number)), str(item["description"]), attributes))
                if problem := _value_problem(attributes):
                    problems.append(InputProblem(f"line {number}", "unit value", problem))
            except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
                problems.append(InputProblem(f"line {number}", "description", f"bad JSON line: {exc}"))
    elif path.suffix.lower() == ".csv":
        reader = csv.DictReader(text.splitlines())
        if not reader.fieldnames or "description" not in reader.fieldnames:
            raise InputError(str(path), [InputProblem("line 1 (header)", "description",
                                                      "a 'description' column is required (and optionally 'id')")])
        for number, row in enumerate(reader, start=2):
            if not (row.get("description") or "").strip():
                problems.append(InputProblem(f"line {number}", "description", "empty description"))
                continue
            attributes = {k: v for k, v in row.items() if k not in ("id", "description") and v}
            if problem := _value_problem(attributes):
                problems.append(InputProblem(f"line {number}", "unit value", problem))
            rows.append((row.get("id") or str(number - 1), row["description"], attributes))
    else:
        raise InputError(str(path), [InputProblem("file", None, "use a .csv or .jsonl catalogue")])
    if problems:
        raise InputError(str(path), problems)
    return rows


def classify(
    text: Annotated[str | None, typer.Argument(help="Goods description, e.g. \"men's knitted cotton T-shirt\".")] = None,
    attribute: Annotated[list[str] | None, typer.Option(
        "--attribute", "-a", help="A deciding attribute as key=value (material=cotton, construction=knitted, "
        "gender=women); repeatable. 'unit value=1.05' (USD, per piece; or '12.50 per pair', "
        "'3 per dozen') settles the statistical lines set by a value (\"Valued not over $40 per piece\").")] = None,
    top: Annotated[int, typer.Option(help="How many candidates to return.")] = 5,
    input_path: Annotated[Path | None, typer.Option("--input", help="Catalogue to classify: .csv with a "
                                                    "'description' column (and 'id'), or .jsonl.")] = None,
    output: Annotated[Path | None, typer.Option(help="Where batch results go (.jsonl); default: stdout.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Propose 10-digit HTS numbers with their path, notes, GRI, deciding attributes and precedents.

    The classifier abstains and asks the deciding question ("knitted or woven?") when the leading
    candidates turn on an attribute the description lacks, and flags descriptions too vague to
    classify. A confidence is the estimated probability that the candidate's subheading (6 digits) is
    right (calibrated on the dev sets; what the listed ones leave is the chance that none is).
    Batch mode (--input) shows a progress bar and writes one JSON line per item.
    """
    with guard(as_json=as_json or input_path is not None):
        if (text is None) == (input_path is None):
            raise InputError("command line", [InputProblem("TEXT / --input", None,
                                                           "give a description or --input FILE, not both")])
        given = _attributes(attribute or [])
        rows = _read_catalogue(input_path) if input_path else []
        classifier = _classifier()
    if input_path is None:
        result = classifier.classify(text or "", given, top=top)
        if as_json:
            typer.echo(result.model_dump_json(indent=2))
        else:
            _print(result)
        return
    sink = open(output, "w", encoding="utf-8") if output else None  # noqa: SIM115
    try:
        with Progress(TextColumn("classifying"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=stderr(), transient=True) as progress:
            task = progress.add_task("classify", total=len(rows))
            for start in range(0, len(rows), _BATCH):
                chunk = rows[start:start + _BATCH]
                results = classifier.classify_many([r[1] for r in chunk], [r[2] for r in chunk], top=top)
                for (item_id, _, _), result in zip(chunk, results, strict=True):
                    line = json.dumps({"id": item_id, **result.model_dump(mode="json")})
                    if sink:
                        sink.write(line + "\n")
                    else:
                        typer.echo(line)
                progress.update(task, advance=len(chunk))
    finally:
        if sink:
            sink.close()
    if output:
        stderr().print(f"{len(rows)} item(s) classified into {output}")


def _print(result: Classification) -> None:
    console = stdout()
    console.print(f"HTS {result.revision}; scoring {result.scoring}", markup=False, style="dim")
    if result.vague:
        console.print("too vague to classify", style="bold yellow")
    if result.question:
        console.print(f"question: {result.question}", markup=False, style="bold yellow")
    for rank, c in enumerate(result.candidates, start=1):
        console.print(f"{rank}. {c.hts}  confidence {c.confidence:.2f}", markup=False, style="bold")
        console.print("   " + " > ".join(c.path), markup=False)
        console.print("   " + "; ".join(c.gri), markup=False, style="dim")
        for note in c.notes:
            console.print(f"   {note.note} {note.effect}: {note.text[:160]}", markup=False, style="dim")
        for p in c.precedents:
            console.print(f"   precedent {p.id} ({p.similarity:.2f}): {p.description[:100]} -> {', '.join(p.codes)}",
                          markup=False, style="dim")
