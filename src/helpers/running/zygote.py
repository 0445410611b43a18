"""The kernel zygote: one process that does every page's imports once and then forks a fresh
kernel for each page.

A page's kernel spends about 2 s of CPU importing pandas, matplotlib, IPython and the helpers
before its first figure; eight pages would pay it eight times. The zygote is started as the run
begins (`case-audit run` starts it before its own imports, see `running/main.py`) and does those
imports while the parent loads and checks the extracts; each page's kernel is then a fork of it,
started in milliseconds. A fork is a new process with its own memory, so pages are as isolated
from one another as before: nothing a page does reaches the zygote or another page.

How papermill gets its kernels from here is in `kernels.py`. This module imports nothing heavy,
so that the command can start the zygote first thing.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import importlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers.running.jobs import one_page_run
from helpers.running.lifelines import alive, die_with_parent

ZYGOTE_ENV = "CASE_AUDIT_KERNEL_ZYGOTE"
RUN_PID_ENV = "CASE_AUDIT_RUN_PID"  # the zygote's: the run it serves
PORT_NAMES = ("shell", "iopub", "stdin", "control", "hb")
SPARE_LOG = "kernel.log"  # a spare kernel's stdout and stderr, in its folder
IPC_PATH_LENGTH = len("/case-audit-kernel-12345678/kernel-99999")  # after the temporary folder
UNIX_SOCKET_PATH_MAX = 107  # bytes, on Linux
WARM_ENV = "CASE_AUDIT_WARM_KERNELS"  # "0" turns warm kernels off (to compare, or to rule out)
ZYGOTE_FOLDER = "case-audit-kernels-"  # in the temporary folder: the zygote's socket
KERNEL_FOLDER = "case-audit-kernel-"  # a page kernel's sockets (`kernels.py`)
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
# What every page imports before its first figure (the kernel's own modules included), and,
# found by profiling a page's kernel, what a kernel imports as it starts or reads its first
# extract: ipykernel's debugger module, Parquet reading.
WARM_IMPORTS = (
    "numpy",
    "pandas",
    "matplotlib",
    "matplotlib.pyplot",
    "IPython",
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "matplotlib_inline.backend_inline",
    "helpers.pages.context",
    "helpers.pages.display",
    "ipykernel.debugger",
    "pyarrow.parquet",
    "pyarrow.dataset",
    "psutil",
)
# Each page's own modules, imported only for a run that has the page: a one-page rerun waits for
# the zygote, and the themes page's redaction (wordfreq's word lists, ~0.2 s) and seaborn (with
# scipy.stats, ~0.5 s, for its heatmap) are a good part of its imports.
PAGE_IMPORTS = {
    "compliance": ("helpers.pages.compliance", "helpers.pages.wording.compliance"),
    "scores": ("helpers.pages.scores", "helpers.pages.wording.scores"),
    "judgements": (
        "helpers.pages.judgements",
        "helpers.pages.wording.judgements",
        "helpers.pages.wording.moderation",
    ),
    "themes": ("helpers.pages.themes", "seaborn"),
    "visits": ("helpers.pages.visits", "helpers.pages.wording.visits"),
    "actions": ("helpers.pages.actions", "helpers.pages.wording.actions"),
    "moderation": ("helpers.pages.moderation", "helpers.pages.wording.moderation"),
    "report": (
        *("helpers.pages.compliance", "helpers.pages.judgements", "helpers.pages.scores"),
        *("helpers.pages.themes", "helpers.pages.visits", "helpers.pages.report"),
        *("helpers.pages.wording.cover", "helpers.pages.wording.summary"),
    ),
}
CONNECT_WAIT = 20  # seconds for the zygote to open its socket (Python starting up)
FORK_TIMEOUT = 120  # seconds a page waits for the zygote (its imports run while others work)


def _run_kernel(request: dict[str, Any], fds: list[int]) -> None:
    """In the forked child: become an ordinary ipykernel on the page's connection file."""
    os.setsid()  # its own process group, as jupyter_client gives a kernel it launches
    gc.enable()  # off in the zygote while it imported (`serve`)
    die_with_parent(request["zygote"])  # a kernel never outlives the run's zygote
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the zygote's own handler is not the kernel's
    os.environ.clear()
    os.environ.update(request["env"])
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    os.chdir(request["cwd"])
    for target, fd in zip((1, 2), fds, strict=False):  # the page's stdout and stderr (its log)
        os.dup2(fd, target)
    from ipykernel.kernelapp import launch_new_instance

    # parent_handle, as jupyter_client gives a kernel it launches (through JPY_PARENT_PID, which
    # ipykernel read when the zygote imported it): the kernel watches the zygote, and does not
    # print the "To connect another client" banner of a kernel started by hand into the run.
    sys.argv = [
        "ipykernel_launcher",
        "-f",
        request["connection_file"],
        f"--IPKernelApp.parent_handle={request['zygote']}",
    ]
    launch_new_instance()


def warm_up() -> None:
    """Draw one small chart the way pages do, so that what a process does for its first chart
    (finding the fonts, loading them, PIL's PNG plugins) is done once here, not in every kernel."""
    from helpers.pages.charts.style import new_figure
    from helpers.pages.display import render_chart

    figure, axes = new_figure(1.0)
    axes.plot([0, 1], [0, 1], label="warm")
    axes.set_title("Warm up", fontweight="bold")
    axes.legend()
    render_chart(figure, "A chart drawn to warm the kernels up; never shown.")


@dataclass(frozen=True)
class SpareKernel:
    """A page kernel the zygote forked before any page asked for it, running by the time one
    does: a page then waits only for the kernel to answer, not for it to start (~0.15 s), and a
    one-page rerun starts its page that much sooner. Each spare serves one page; the zygote forks
    the next as it hands one over.

    It runs in `cwd` with the run's environment, in a private folder (mode 0700) holding its
    sockets, its connection file (its key included) and its log, which the page's worker adds
    to the page's log (`kernels.py`). A page asking for another folder or environment gets a
    kernel forked for it, as before.
    """

    pid: int
    folder: str
    connection: dict[str, Any]
    cwd: str

    def reply(self) -> dict[str, Any]:
        return {"pid": self.pid, "connection": self.connection, "folder": self.folder}

    def alive(self) -> bool:
        return alive(self.pid)


def unix_sockets_fit() -> bool:
    """Whether a kernel's socket names, in a folder in the temporary folder, fit the length of
    a Unix socket's name (they would not under a very long TMPDIR)."""
    return len(tempfile.gettempdir()) + IPC_PATH_LENGTH <= UNIX_SOCKET_PATH_MAX


def _fork_for(request: dict[str, Any], fds: list[int], server: socket.socket) -> int:
    """A kernel forked for `request`, on its own connection file, writing to `fds`."""
    pid = os.fork()
    if pid == 0:
        server.close()
        try:
            _run_kernel({**request, "zygote": os.getppid()}, fds)
        finally:
            os._exit(0)
    return pid


def fork_spare(cwd: str, env: dict[str, str], server: socket.socket) -> SpareKernel:
    """A kernel started now in its own private folder, waiting for its page (`server`, the
    zygote's socket, is closed in it)."""
    folder = tempfile.mkdtemp(prefix=KERNEL_FOLDER)
    connection: dict[str, Any] = {
        "transport": "ipc",
        "ip": os.path.join(folder, "kernel"),
        **{f"{name}_port": port for port, name in enumerate(PORT_NAMES, start=1)},
        "key": secrets.token_hex(32),
        "signature_scheme": "hmac-sha256",
        "kernel_name": "",
    }
    connection_file = os.path.join(folder, "kernel.json")
    with open(os.open(connection_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as f:
        json.dump(connection, f)
    log = os.open(os.path.join(folder, SPARE_LOG), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    request = {"connection_file": connection_file, "cwd": cwd, "env": env}
    pid = _fork_for(request, [log, log], server)
    os.close(log)
    return SpareKernel(pid, folder, connection, cwd)


def end_process(pid: int, seconds: float = 2.0) -> None:
    """Kill `pid` (a child the system reaps) and wait until it has gone, or `seconds`."""
    deadline = time.monotonic() + seconds
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.005)


def serve(address: str, spare_cwd: str = "", extra_imports: tuple[str, ...] = ()) -> None:
    """The zygote: listen at `address`, do the imports, then fork a kernel per request; with
    `spare_cwd`, the folder pages run in, keep a spare kernel running there."""
    # The run's environment, which its pages' kernels get: a spare kernel starts with it.
    run_env = {k: v for k, v in os.environ.items() if k != RUN_PID_ENV}
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(address)
    server.listen(64)  # pages may ask before the imports are done: they wait in the queue
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)  # as a kernel sets it before matplotlib
    # No garbage collection while importing: the imports make objects to keep, not garbage, and
    # each collection walks all of them again (about 0.1 s in all). CPython's advice for a
    # process that forks workers: gc.disable early, gc.freeze before forking, gc.enable in the
    # child; without a collection before the freeze, which alone took 0.08 s.
    gc.disable()
    # No debugger in a page's kernel: nobody attaches one to a run's pages, and ipykernel, which
    # imports debugpy if it can (~0.08 s, and a `uname` subprocess), runs without it when it
    # cannot. The analyst's own kernels in JupyterLab keep theirs.
    sys.modules.setdefault("debugpy", None)  # type: ignore[arg-type]  (None: "not importable")
    die_with_parent(int(os.environ.get(RUN_PID_ENV, os.getppid())))
    for name in (*WARM_IMPORTS, *extra_imports):
        importlib.import_module(name)
    warm_up()
    # Objects made so far are never collected: the kernels' garbage collector need not walk them,
    # and so does not touch (and copy) the pages they live on (CPython's gc.freeze, for forks).
    gc.freeze()
    if threading.active_count() > 1:  # forking a threaded process is unsafe: kernels start cold
        return
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped as they end
    # A spare listens on Unix sockets only: where their names would not fit, pages get kernels
    # forked for them, on the connection the page's worker chose (TCP there).
    spare_cwd = spare_cwd if unix_sockets_fit() else ""
    spare = fork_spare(spare_cwd, run_env, server) if spare_cwd else None

    def stop(*_: Any) -> None:  # the run's end: the unclaimed spare ends first, then its folder
        if spare is not None:
            end_process(spare.pid)
            shutil.rmtree(spare.folder, ignore_errors=True)
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    parent = os.getppid()
    server.settimeout(1.0)
    while os.getppid() == parent:  # the run ended without closing us: stop too
        try:
            connection, _ = server.accept()
        except TimeoutError:
            continue
        with connection:
            message, fds, _, _ = socket.recv_fds(connection, 1 << 16, 2)
            request = json.loads(message)
            if spare and not spare.alive():  # ended while it waited (killed, say): another
                shutil.rmtree(spare.folder, ignore_errors=True)
                spare = fork_spare(spare_cwd, run_env, server)
            if spare and request["cwd"] == spare.cwd and request["env"] == run_env:
                connection.sendall(json.dumps(spare.reply()).encode())
                spare = fork_spare(spare_cwd, run_env, server)
            else:
                reply = {"pid": _fork_for(request, fds, server)}
                connection.sendall(json.dumps(reply).encode())
            for fd in fds:
                os.close(fd)
    stop()


@contextlib.contextmanager
def warm_kernels(pages: Iterable[str] = (), kernel_cwd: Path | None = None) -> Iterator[str]:
    """Start the zygote for a run of `pages`; page kernels started inside the block (here or in
    the run's workers) are its forks, and with `kernel_cwd` (the folder the pages run in) one is
    kept running ahead of its page (`SpareKernel`). Yields the zygote's address."""
    folder = tempfile.mkdtemp(prefix=ZYGOTE_FOLDER)
    address = str(Path(folder) / "zygote.sock")
    spare_cwd = str(kernel_cwd or "")
    process = subprocess.Popen(
        [sys.executable, "-m", "helpers.running.zygote", address, spare_cwd, *imports_for(pages)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, RUN_PID_ENV: str(os.getpid())},
    )
    previous = os.environ.get(ZYGOTE_ENV)
    os.environ[ZYGOTE_ENV] = address
    try:
        yield address
    finally:
        if previous is None:
            os.environ.pop(ZYGOTE_ENV, None)
        else:
            os.environ[ZYGOTE_ENV] = previous
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
        if process.poll() is None:
            process.kill()
        shutil.rmtree(folder, ignore_errors=True)


def imports_for(pages: Iterable[str]) -> tuple[str, ...]:
    """The page-specific imports the zygote does for a run of `pages` (of several pages: with
    the one that has their kernels draw charts when shown, `running/draw_when_shown.py`)."""
    pages = tuple(pages)
    names = [name for page in pages for name in PAGE_IMPORTS.get(page, ())]
    if not one_page_run(pages):
        names.append("helpers.running.draw_when_shown")
    return tuple(dict.fromkeys(names))


def start_warm_kernels(pages: Iterable[str] = (), kernel_cwd: Path | None = None) -> None:
    """`warm_kernels` for the rest of this process (the `case-audit run` command).

    Stopped at exit; if this process is killed instead, the zygote sees it has gone within a
    second and stops, and its kernels stop with it.
    """
    if os.environ.get(WARM_ENV) == "0" or os.environ.get(ZYGOTE_ENV):  # off, or already on
        return
    stack = contextlib.ExitStack()
    stack.enter_context(warm_kernels(pages, kernel_cwd))
    atexit.register(stack.close)


def remove_stale_socket_folders(base: Path | None = None) -> list[Path]:
    """The socket folders of zygotes and kernels whose run was killed (no socket in them is
    bound any more, by Linux's list of Unix sockets), removed; the ones removed.

    They hold no data, only the names of dead sockets; a folder whose sockets are not bound yet
    (a kernel still starting) or still bound (a live run's) is left alone.
    """
    try:
        bound = {line.split()[-1] for line in Path("/proc/net/unix").read_text().splitlines()[1:]}
    except OSError:  # not Linux: the folders stay until the system clears its temporary files
        return []
    base = Path(base or tempfile.gettempdir())
    removed = []
    for folder in [*base.glob(f"{KERNEL_FOLDER}*"), *base.glob(f"{ZYGOTE_FOLDER}*")]:
        sockets = [str(path) for path in folder.iterdir() if path.is_socket()]
        if sockets and not bound.intersection(sockets):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _connect(client: socket.socket, address: str) -> None:
    """Connect, waiting a little for a zygote that is still starting up to open its socket."""
    deadline = time.monotonic() + CONNECT_WAIT
    while True:
        try:
            return client.connect(address)
        except (FileNotFoundError, ConnectionRefusedError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def fork_kernel(
    address: str, connection_file: str, cwd: str, env: dict[str, str]
) -> dict[str, Any]:
    """Ask the zygote for a kernel on `connection_file`: its "pid", and for a spare kernel its
    own "connection" and "folder" (`SpareKernel`). Raises OSError if it cannot."""
    request = json.dumps({"connection_file": connection_file, "cwd": cwd, "env": env}).encode()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(FORK_TIMEOUT)
        _connect(client, address)
        socket.send_fds(client, [request], [1, 2])  # the page's stdout and stderr
        reply = client.recv(1 << 16)
    if not reply:
        raise ConnectionError("the kernel zygote closed the connection without a kernel")
    return json.loads(reply)


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2], tuple(sys.argv[3:]))
