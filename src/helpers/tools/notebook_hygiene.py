"""Keep committed notebooks clean: no outputs, and the same cells as their paired py:percent script.

The `.py` file is the one to review and edit; `sync` rebuilds the `.ipynb` from it.
Usage: python -m helpers.tools.notebook_hygiene check|sync [FOLDER]
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import nbformat

PAIRING = "ipynb,py:percent"


def notebook_problems(notebook_path: Path) -> list[str]:
    """What is wrong with one committed notebook (empty when nothing)."""
    problems = []
    notebook = nbformat.read(notebook_path, as_version=4)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count")):
            problems.append(
                f"{notebook_path}: cell {index} has outputs (run `make sync-notebooks`)"
            )
            break
    script = notebook_path.with_suffix(".py")
    if not script.exists():
        return [*problems, f"{notebook_path}: no paired {script.name}"]
    if notebook.metadata.get("jupytext", {}).get("formats") != PAIRING:
        problems.append(f"{notebook_path}: not paired with jupytext as {PAIRING}")
    paired = jupytext.read(script)
    if [(c.cell_type, c.source) for c in paired.cells] != [
        (c.cell_type, c.source) for c in notebook.cells
    ]:
        problems.append(
            f"{notebook_path}: cells differ from {script.name} (run `make sync-notebooks`)"
        )
    return problems


def sync_notebook(script: Path) -> Path:
    """Write `script`'s notebook twin, cells only, no outputs."""
    notebook = jupytext.read(script)
    notebook.metadata.setdefault("jupytext", {})["formats"] = PAIRING
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index}"  # stable ids keep diffs of the .ipynb quiet
    target = script.with_suffix(".ipynb")
    jupytext.write(notebook, target, fmt="ipynb")
    return target


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    folder = Path(argv[1]) if len(argv) > 1 else Path("notebooks")
    if command == "sync":
        for script in sorted(folder.glob("*.py")):
            print(f"wrote {sync_notebook(script)}")
        return 0
    problems = [p for nb in sorted(folder.glob("*.ipynb")) for p in notebook_problems(nb)]
    problems += [
        f"{script}: no paired notebook (run `make sync-notebooks`)"
        for script in sorted(folder.glob("*.py"))
        if not script.with_suffix(".ipynb").exists()
    ]
    print("\n".join(problems) or f"notebooks in {folder} are clean and paired")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
