"""Helpers shared by CLI commands: settings, consoles, error reporting, exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.text import Text

from clearance.errors import (
    ClearanceError,
    ConfigurationError,
    InputError,
    InputProblem,
)
from clearance.settings import Settings

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_DATA = 0, 1, 2, 3


def stdout() -> Console:
    return Console(highlight=False, soft_wrap=False)


def stderr() -> Console:
    return Console(stderr=True, highlight=False)


def load_settings() -> Settings:
    try:
        return Settings()
    except Exception as exc:  # pydantic ValidationError from a bad CLEARANCE_* variable
        fail(ConfigurationError(f"bad CLEARANCE_* setting: {exc}"))


def os_actor() -> str:
    """Who a command acts as in the audit trail when not told: ``cli:`` and the operating-system user."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):  # no login name and no passwd entry (a bare container)
        return "cli"


def parse_date(text: str, option: str, field: str | None = None) -> date:
    """A YYYY-MM-DD date given on the command line; an :class:`InputError` naming the option (and the field
    it sets, for commands whose JSON errors name it) otherwise."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError("command line", [InputProblem(option, field, f"'{text}' is not a date (YYYY-MM-DD)")]) \
            from None


def fail(error: ClearanceError, *, as_json: bool = False) -> NoReturn:
    """Report an error on stderr (or as JSON on stdout) and exit with its code."""
    code = EXIT_BAD_INPUT if isinstance(error, InputError) else EXIT_DATA
    if as_json:
        payload: dict[str, Any] = {"error": type(error).__name__, "message": str(error)}
        if isinstance(error, InputError):
            payload["source"] = error.source
            payload["problems"] = [
                {"location": p.location, "field": p.field, "message": p.message} for p in error.problems
            ]
        print(json.dumps(payload, indent=2))
    else:
        stderr().print(Text.assemble(("error: ", "bold red"), str(error)))
    raise typer.Exit(code)


@contextmanager
def guard(as_json: bool = False) -> Iterator[None]:
    """Turn Clearance's deliberate errors into clean exits with their exit codes."""
    try:
        yield
    except ClearanceError as exc:  # input, reference data, configuration, a model that cannot be used
        fail(exc, as_json=as_json)
    except KeyboardInterrupt:
        stderr().print("interrupted; nothing partial was kept")
        sys.exit(130)
