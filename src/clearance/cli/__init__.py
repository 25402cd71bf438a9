"""The ``clearance`` command line. Interfaces only: every rule lives in an engine.

Exit codes: 0 ok; 1 findings at or above ``--fail-on``; 2 bad input or usage;
3 reference-data or configuration failure.
"""

from __future__ import annotations

import typer

from clearance.cli import admin as admin_cmd
from clearance.cli import check as check_cmd
from clearance.cli import classify as classify_cmd
from clearance.cli import data as data_cmd
from clearance.cli import dg as dg_cmd
from clearance.cli import duty as duty_cmd
from clearance.cli import duty_uk as duty_uk_cmd
from clearance.cli import export_control as export_cmd
from clearance.cli import hts as hts_cmd
from clearance.cli import misc as misc_cmd
from clearance.cli import mrz as mrz_cmd
from clearance.cli import products as products_cmd
from clearance.cli import risk as risk_cmd
from clearance.cli import screen as screen_cmd
from clearance.cli import serve as serve_cmd

app = typer.Typer(
    name="clearance",
    help="Customs and trade-compliance checks with evidence and legal citations.\n\n"
    "Start with 'clearance data import ../shared/data', then 'clearance check SHIPMENT.json'.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
app.command("check")(check_cmd.check)
app.command("validate")(check_cmd.validate)
app.command("classify")(classify_cmd.classify)
app.command("duty")(duty_cmd.duty)
app.command("refunds")(duty_cmd.refunds)
app.command("duty-uk")(duty_uk_cmd.duty_uk)
app.command("mrz")(mrz_cmd.mrz)
app.command("screen")(screen_cmd.screen)
app.command("schema")(misc_cmd.schema)
app.command("template")(misc_cmd.template)
app.command("rules")(misc_cmd.rules)
app.command("version")(misc_cmd.version)
app.command("serve")(serve_cmd.serve)
data_cmd.app.command("rates")(duty_cmd.load_rates)
app.add_typer(data_cmd.app, name="data")
app.add_typer(hts_cmd.app, name="hts")
dg_cmd.app.command("check")(dg_cmd.check)
dg_cmd.app.command("show")(dg_cmd.show)
app.add_typer(dg_cmd.app, name="dg")
app.add_typer(products_cmd.app, name="products")
for _name in ("dispose", "history", "rescreen", "lists"):
    screen_cmd.app.command(_name)(getattr(screen_cmd, _name))
app.add_typer(screen_cmd.app, name="screening")
for _name in ("determine", "eccn", "country"):
    export_cmd.app.command(_name)(getattr(export_cmd, _name))
app.add_typer(export_cmd.app, name="export-control")
for _name in ("train", "score", "evaluate", "profiles", "record"):
    risk_cmd.app.command(_name)(getattr(risk_cmd, _name))
app.add_typer(risk_cmd.app, name="risk")

for _name in ("add", "list", "disable", "enable"):
    admin_cmd.user_app.command(_name)(getattr(admin_cmd, f"user_{_name}"))
app.add_typer(admin_cmd.user_app, name="user")
for _name in ("create", "list", "revoke"):
    admin_cmd.token_app.command(_name)(getattr(admin_cmd, f"token_{_name}"))
app.add_typer(admin_cmd.token_app, name="token")
for _name in ("verify", "list", "prune"):
    admin_cmd.audit_app.command(_name)(getattr(admin_cmd, f"audit_{_name}"))
app.add_typer(admin_cmd.audit_app, name="audit")


def main() -> None:
    app()
