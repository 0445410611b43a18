"""A new council's parameters: `case-audit init` writes them, `case-audit validate` says what is unset.

The file is written from `council_template.yaml`, whose comments say what each parameter is. Every
parameter of `Params` must appear in the template (a test checks), so a parameter added to the
model is also explained to the next council that sets the suite up.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from string import Template
from typing import Any

from helpers.settings.params import Params

TEMPLATE_FILE = Path(__file__).with_name("council_template.yaml")
PARAMS_FILE_NAME = "defaults.yaml"

# Parameters a council must set before the suite can do that job, and what each one is.
# Add a line here for a new parameter that has no sensible default (a cover-sheet field, say).
STILL_TO_SET: tuple[tuple[str, str], ...] = (
    ("data.audits", "the audits extract's path (or pass --audits)"),
    ("data.visits", "the visits extract's path (or pass --visits; without it no visits page)"),
    ("email.sender", "the address the paper is sent from"),
    ("email.allowed_domains", "the email domains the paper may be sent to"),
)


class CouncilExists(FileExistsError):
    """The folder already holds parameters; init never overwrites them unasked."""


def _yaml_text(value: str) -> str:
    # A JSON string is a valid YAML scalar, quotes and apostrophes included.
    return json.dumps(value, ensure_ascii=False)


def describe_council_params(authority: str, service: str = "Children's Services") -> str:
    """The commented parameters file for a new council."""
    template = Template(TEMPLATE_FILE.read_text(encoding="utf-8"))
    return template.substitute(
        authority=authority,
        authority_yaml=_yaml_text(authority),
        service_yaml=_yaml_text(service),
    )


def write_council_params(
    folder: Path, authority: str, service: str = "Children's Services", force: bool = False
) -> Path:
    """`<folder>/params/defaults.yaml` for `authority`; CouncilExists when there is one already."""
    if not authority.strip():
        raise ValueError("the authority's name is empty")
    target = Path(folder) / "params" / PARAMS_FILE_NAME
    if target.exists() and not force:
        raise CouncilExists(
            f"{target} already exists: choose another --dir, or pass --force to replace it"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(describe_council_params(authority.strip(), service.strip()), encoding="utf-8")
    return target


_ABSENT = object()


def _value(params: Params, dotted: str) -> Any:
    value: Any = params
    for part in dotted.split("."):
        value = getattr(value, part, _ABSENT)
    return value


def validate_council_params(params: Params) -> list[str]:
    """What is still to set, one line each: unset parameters and data files that are not there."""
    missing = []
    for key, meaning in STILL_TO_SET:
        value = _value(params, key)
        if value is _ABSENT:  # a parameter this version of the suite does not have
            continue
        if value is None or (isinstance(value, str | list | dict) and not value):
            missing.append(f"{key}: not set; {meaning}")
        elif key.startswith("data.") and not Path(value).is_file():
            missing.append(f"{key}: {value} not found; {meaning}")
    return missing


def template_keys() -> set[str]:
    """Top-level parameters the template sets or explains (commented-out ones count)."""
    text = TEMPLATE_FILE.read_text(encoding="utf-8")
    return set(re.findall(r"^#?\s{0,3}([a-z_]+):", text, re.M))
