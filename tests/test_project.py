"""The project's own files agree with each other: environments, kernel, notebooks, schema."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import nbformat
import yaml

from helpers import running
from helpers.notebook_hygiene import notebook_problems

ROOT = Path(__file__).resolve().parents[1]
SHARED_SCHEMA = ROOT.parent / "shared" / "contract" / "metrics.schema.json"


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


def test_packaged_schema_is_the_contracts():
    packaged = ROOT / "src" / "helpers" / "schema" / "metrics.schema.json"
    assert json.loads(packaged.read_text()) == json.loads(SHARED_SCHEMA.read_text())


def test_make_help_lists_every_target():
    makefile = (ROOT / "Makefile").read_text()
    targets = re.findall(r"^([a-z-]+):", makefile, re.M)
    undocumented = [t for t in targets if not re.search(rf"^{t}:.*## ", makefile, re.M)]
    assert undocumented == []
