"""Each page notebook runs top to bottom on its parameter defaults, as an analyst opens it in
JupyterLab: the defaults read the demo extracts named in params/defaults.yaml."""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill
import pytest

from helpers.extracts.demo import write_demo_extracts
from helpers.running.runner import KERNEL_NAME, PAGES, kernel_missing_reason
from helpers.settings.params import load_params

pytestmark = pytest.mark.e2e
NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


@pytest.fixture(scope="module")
def demo_extracts() -> None:
    """The demo extracts where the default parameters look (`make demo-data` writes the same)."""
    if kernel_missing_reason():
        pytest.fail(kernel_missing_reason())
    data = load_params().data
    if not (data.audits.exists() and data.visits.exists()):
        write_demo_extracts(data.audits.parent)


@pytest.mark.parametrize("page", PAGES)
def test_notebook_runs_on_its_defaults(page, demo_extracts, tmp_path):
    executed = tmp_path / f"{page}.ipynb"
    papermill.execute_notebook(
        NOTEBOOKS / f"{page}.ipynb",
        executed,
        kernel_name=KERNEL_NAME,
        progress_bar=False,
        cwd=str(NOTEBOOKS),
    )
    notebook = nbformat.read(executed, as_version=4)
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "<h1>" in html and "June 2019" in html
