"""The `case-audit` command as installed: starts the warm-kernel zygote for `case-audit run`
before anything else, then hands over to the command line (`cli.py`).

The command's own imports (pandas, pydantic, typer: about half a second) would otherwise come
before the zygote's, and every page waits for the zygote's imports; started here, they run side
by side. Nothing else differs: a run on a Dask cluster (`--scheduler`), help, or a command other
than `run` start no zygote here, and `run` starts it (once) if this did not.
"""

from __future__ import annotations

import sys


def starts_local_run(argv: list[str]) -> bool:
    """Whether the command line asks for a run whose pages run here (not on a cluster)."""
    arguments = argv[1:]
    return (
        bool(arguments)
        and arguments[0] == "run"
        and not any(a in ("--help", "-h") or a.startswith("--scheduler") for a in arguments)
    )


def pages_asked(argv: list[str]) -> tuple[str, ...]:
    """The pages named by `--pages` (all of them without it), for the zygote's imports; a wrong
    name does no harm here: the command refuses it a moment later."""
    from helpers.running.jobs import PAGES

    for i, argument in enumerate(argv):
        if argument == "--pages" and i + 1 < len(argv):
            return tuple(page.strip() for page in argv[i + 1].split(","))
        if argument.startswith("--pages="):
            return tuple(page.strip() for page in argument.removeprefix("--pages=").split(","))
    return PAGES


def main() -> None:
    if starts_local_run(sys.argv):
        from helpers.running.warm_start import start_local_pool

        start_local_pool(pages_asked(sys.argv))
    from helpers.running.cli import app

    app()
