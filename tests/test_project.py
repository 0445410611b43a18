"""The project's own files agree with each other: environments, kernel, notebooks, schema."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import jsonschema
import nbformat
import yaml

from helpers.running import runner as running
from helpers.settings.contract import AUDIT_COLUMNS, VISIT_COLUMNS
from helpers.tools.notebook_hygiene import notebook_problems

ROOT = Path(__file__).resolve().parents[1]


def test_environment_yml_builds_what_pyproject_declares():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in environment["dependencies"] if isinstance(d, str)]
    python = next(d for d in conda if d.startswith("python="))
    minimum = re.search(r">=\s*([0-9.]+)", project["requires-python"]).group(1)
    assert tuple(map(int, python.split("=")[1].split("."))) >= tuple(map(int, minimum.split(".")))
    pip = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    extras = {e for line in pip for e in re.findall(r"\.\[([a-z,]+)\]", line)}
    assert "pip" in conda and extras == set(project["optional-dependencies"])


def test_make_setup_registers_the_kernel_the_runner_and_notebooks_use():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(rf"^KERNEL := {running.KERNEL_NAME}$", makefile, re.M)
    for page in running.PAGES:
        notebook = nbformat.read(ROOT / "notebooks" / f"{page}.ipynb", as_version=4)
        assert notebook.metadata["kernelspec"]["name"] == running.KERNEL_NAME, page


def test_every_page_notebook_is_clean_paired_and_has_a_parameters_cell():
    for page in running.PAGES:
        path = ROOT / "notebooks" / f"{page}.ipynb"
        assert notebook_problems(path) == []
        notebook = nbformat.read(path, as_version=4)
        tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, page
        assert 'month = "2019-06"' in tagged[0].source


def test_the_repo_stands_alone_without_anything_beside_it():
    """A user's clone has no steering folder beside it: nothing that runs or tests may read outside the repo."""
    outside = re.compile(r"\.\./shared|parent\s*/\s*\"shared\"|parents\[\d\]\s*/\s*\"shared\"")
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("src", "tests", "notebooks", ".ci")
        for path in (ROOT / folder).rglob("*")
        if path.is_file()
        and path.suffix in {".py", ".ipynb", ".yaml", ""}
        and path.name != "test_project.py"
        and not any(part.endswith(".egg-info") for part in path.parts)
        and outside.search(path.read_text(errors="ignore"))
    ]
    assert offenders == []


def test_the_repo_carries_the_contract_and_its_schema():
    contract = (ROOT / "docs" / "contract.md").read_text()
    for column in contract_columns():
        # score_<key> and comment_<key> columns are declared once, by their domain key
        domain = column.removeprefix("score_").removeprefix("comment_")
        assert f"`{column}`" in contract or f"`{domain}`" in contract, column
    schema = json.loads((ROOT / "src/helpers/settings/schema/metrics.schema.json").read_text())
    assert {"month", "compliance", "scores", "judgements", "visits", "themes"} <= set(
        schema["required"]
    )
    # A valid JSON Schema: runs check metrics.json against it without checking it again.
    jsonschema.validators.validator_for(schema).check_schema(schema)


def test_make_help_lists_every_target():
    makefile = (ROOT / "Makefile").read_text()
    targets = re.findall(r"^([a-z-]+):", makefile, re.M)
    undocumented = [t for t in targets if not re.search(rf"^{t}:.*## ", makefile, re.M)]
    assert undocumented == []


def contract_columns() -> list[str]:
    return [*AUDIT_COLUMNS, *VISIT_COLUMNS]
