"""What a run checks and starts before its pages (the kernel registered, the zygote's imports
chosen by the run's pages, no import it does not use), and an exit that skips Python's teardown
but nothing a run needs done."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from helpers.running.jobs import PAGES
from helpers.running.zygote import PAGE_IMPORTS, WARM_IMPORTS, imports_for


def _python(script: str) -> subprocess.CompletedProcess[str]:
    """`script` run by a fresh Python, as a process of the run starts: its output and errors."""
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)


def test_every_page_has_its_imports_and_each_names_a_real_module():
    assert set(PAGE_IMPORTS) == set(PAGES)
    for name in {*WARM_IMPORTS, *imports_for(PAGES)}:
        assert importlib.util.find_spec(name) is not None, name


def test_a_one_page_rerun_imports_that_page_only():
    scores = imports_for(["scores"])
    assert "helpers.pages.scores" in scores
    assert "helpers.pages.themes" not in scores and "seaborn" not in scores
    assert {"helpers.pages.themes", "seaborn"} <= set(imports_for(["scores", "themes"]))
    # The report draws from every section page.
    assert {"helpers.pages.scores", "helpers.pages.themes"} <= set(imports_for(["report"]))


def exit_as_the_command_does(code: str, tmp_path) -> subprocess.CompletedProcess:
    script = (
        "import atexit, threading, time, sys\n"
        "from helpers.running.main import exit_without_teardown\n"
        f"marker = {str(tmp_path / 'thread-done')!r}\n"
        "def late():\n"
        "    time.sleep(0.3); open(marker, 'w').write('done')\n"
        "threading.Thread(target=late).start()\n"
        "atexit.register(lambda: print('handler ran'))\n"
        "sys.stdout.write('buffered output, ')\n"
        f"exit_without_teardown({code})\n"
    )
    return _python(script)


def test_the_command_exits_with_its_status_after_threads_handlers_and_output(tmp_path):
    done = exit_as_the_command_does("2", tmp_path)
    assert done.returncode == 2
    assert done.stdout == "buffered output, handler ran\n"
    assert (tmp_path / "thread-done").read_text() == "done"
    assert exit_as_the_command_does("None", tmp_path).returncode == 0


def test_an_exit_with_a_message_prints_it_and_fails(tmp_path):
    done = exit_as_the_command_does("'could not read the extract'", tmp_path)
    assert done.returncode == 1
    assert done.stderr == "could not read the extract\n"


def test_the_kernel_check_finds_the_kernel_where_jupyter_client_does(tmp_path, monkeypatch):
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    from helpers.running.preflight import kernel_spec_file

    spec = tmp_path / "kernels" / "some-kernel" / "kernel.json"
    spec.parent.mkdir(parents=True)
    spec.write_text('{"argv": ["python", "-f", "{connection_file}"], "display_name": "Some"}')
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    assert kernel_spec_file("some-kernel") == spec
    assert KernelSpecManager().get_kernel_spec("some-kernel").resource_dir == str(spec.parent)
    assert kernel_spec_file("no-such-kernel") is None
    with pytest.raises(NoSuchKernel):
        KernelSpecManager().get_kernel_spec("no-such-kernel")


def test_the_command_imports_no_kernel_client_nor_unused_format_checkers():
    script = (
        "import sys\n"
        "import helpers.running.cli, helpers.running.runner\n"
        "from helpers.running.preflight import kernel_missing_reason\n"
        "from helpers.figures.metrics import validate_metrics\n"
        "assert kernel_missing_reason() is None\n"
        "unused = {'jupyter_client', 'IPython', 'isoduration', 'rfc3987_syntax', 'arrow'}\n"
        "print(sorted(unused & {m for m in sys.modules if sys.modules[m] is not None}))\n"
    )
    done = _python(script)
    assert done.stdout.strip() == "[]", done.stderr


def test_the_page_workers_start_without_pyarrow_or_numpy_and_still_run_papermill():
    script = (
        "import importlib, sys\n"
        "from helpers.running.warm_start import CONVERTER_IMPORTS, WORKER_IMPORTS\n"
        "for name in [*WORKER_IMPORTS, *CONVERTER_IMPORTS]:\n"
        "    if name != '__main__': importlib.import_module(name)\n"
        "import papermill.iorw\n"
        "print(sorted({'pyarrow', 'numpy', 'pandas'} & set(sys.modules)))\n"
    )
    done = _python(script)
    assert done.stdout.strip() == "[]", done.stderr


def test_a_one_page_run_leaves_the_html_imports_to_its_worker_while_its_kernel_runs():
    """A run of several pages imports the HTML converter once, in the forkserver; a run of one
    page does not wait for it there: its one worker imports it once the kernel has answered."""
    from helpers.running.warm_start import CONVERTER_IMPORTS, WORKER_IMPORTS, worker_imports

    assert worker_imports(["scores"]) == WORKER_IMPORTS
    assert worker_imports(["scores", "report"]) == [*WORKER_IMPORTS, *CONVERTER_IMPORTS]
    assert worker_imports() == [*WORKER_IMPORTS, *CONVERTER_IMPORTS]  # not said: every page
    script = (
        "import sys\n"
        "from helpers.running.workers import ConverterLoader\n"
        "loader = ConverterLoader()\n"
        "before = 'helpers.sharing.convert' in sys.modules\n"
        "loader.start(); loader.wait()\n"
        "print(before, 'helpers.sharing.convert' in sys.modules)\n"
    )
    done = _python(script)
    assert done.stdout.split() == ["False", "True"], done.stderr
