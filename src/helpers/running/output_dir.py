"""Where month folders may be written: never the root, a system folder, a home or the project's code."""

from __future__ import annotations

from pathlib import Path

from helpers.settings.params import PROJECT_ROOT

SYSTEM_FOLDERS = ("bin", "boot", "dev", "etc", "lib", "lib32", "lib64", "proc", "run", "sbin")
SYSTEM_FOLDERS += ("sys", "usr", "var")
PROJECT_FOLDERS = (".git", ".venv", "src", "notebooks", "params", "tests", "docs")


class UnsafeOutputDir(ValueError):
    """An --output-dir the suite will not write month folders into, with the reason."""


def check_output_dir(output_dir: Path) -> Path:
    """`output_dir` made absolute; UnsafeOutputDir for a place month folders must not go."""
    resolved = Path(output_dir).expanduser().resolve()
    shown = f"--output-dir {output_dir}"
    if resolved == Path(resolved.anchor):
        raise UnsafeOutputDir(f"{shown} is the root of the file system: give a folder of its own")
    top = resolved.relative_to(resolved.anchor).parts[0]
    if top in SYSTEM_FOLDERS:
        raise UnsafeOutputDir(
            f"{shown} is inside the system folder /{top}: give a folder of its own"
        )
    if resolved == Path.home().resolve():
        raise UnsafeOutputDir(f"{shown} is your home folder: give a folder of its own in it")
    if resolved == PROJECT_ROOT or any(
        resolved.is_relative_to(PROJECT_ROOT / name) for name in PROJECT_FOLDERS
    ):
        raise UnsafeOutputDir(f"{shown} is the suite's own code or settings: use outputs/")
    if resolved.exists() and not resolved.is_dir():
        raise UnsafeOutputDir(f"{shown} is a file, not a folder")
    return resolved
