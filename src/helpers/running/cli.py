"""The `case-audit` command: demo data, checking extracts, monthly runs and sending the pack.

Each command group lives in its own module; this one holds the Typer `app` and registers them
(in the order `--help` lists them).
"""

from __future__ import annotations

import typer

import helpers.running.lean_imports  # noqa: F401  (first: it keeps jsonschema's import short)
from helpers.running.allocate_command import allocate_command
from helpers.running.cli_common import console, fail, print_load_warnings
from helpers.running.code_themes_command import code_themes
from helpers.running.data_commands import demo_data, init, validate
from helpers.running.run_command import run
from helpers.running.trace_command import trace
from helpers.sharing.sending import send_command

__all__ = ["app", "console", "fail", "print_load_warnings", "run"]

# Plain help (no rich panels): option values show as FILE, YYYY-MM, ... (each option's metavar),
# never as typer's `<list[str]>` or `<bool>` type labels, and the text wraps at the terminal.
app = typer.Typer(
    help="Monthly case-audit reports for children's social care.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
)

app.command("demo-data")(demo_data)
app.command("init")(init)
app.command("validate")(validate)
app.command("run")(run)
app.command("code-themes")(code_themes)
app.command("allocate")(allocate_command)
app.command("send", help="Email the month's report to named recipients (or write it as .eml).")(
    send_command
)
app.command("trace")(trace)
