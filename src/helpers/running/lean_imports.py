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


def skip_unused_imports() -> None:
    """Make importing the unused modules raise ImportError here, unless they are loaded."""
    for name in UNUSED_MODULES:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]  (None: "not importable")


skip_unused_imports()
