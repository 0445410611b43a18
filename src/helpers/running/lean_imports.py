"""Imported first by every `case-audit` process (the command, its page workers): skips imports
that cost time and that nothing here uses.

jsonschema (which nbformat, papermill and our metrics check import) loads `rfc3987_syntax` when it
is installed, and that module compiles some 35 Lark grammars as it is imported, for the `iri`
format checker alone (python-jsonschema/jsonschema#1428). No schema we validate (notebooks,
metrics.json) uses that format, and jsonschema only checks formats when asked, so the import is
marked as unavailable, as if the optional package were not installed. `isoduration` (with the
`arrow` dates library, ~0.02 s) is likewise imported only for the `duration` format. This touches
only these processes: JupyterLab and the analyst's own kernels import them as usual.
"""

from __future__ import annotations

import sys

UNUSED_MODULES = ("rfc3987_syntax", "isoduration")
# Not used by the page workers either, which read no extract: papermill imports `pyarrow.fs` for
# notebooks on HDFS (and pyarrow brings numpy), ~0.15 s of the workers' forkserver's start,
# while the command's own imports and the zygote's need the cores (`skip_worker_imports`).
UNUSED_IN_WORKERS = ("pyarrow.fs",)


def skip_unused_imports(names: tuple[str, ...] = UNUSED_MODULES) -> None:
    """Make importing `names` raise ImportError here, unless they are loaded."""
    for name in names:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]  (None: "not importable")


def skip_worker_imports() -> None:
    """In the page workers' forkserver (`warm_start.WORKER_IMPORTS`): what they never use."""
    skip_unused_imports(UNUSED_IN_WORKERS)


skip_unused_imports()
