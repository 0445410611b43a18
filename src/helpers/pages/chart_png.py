"""A chart as the PNG a page shows: drawn when shown, or ahead, in a forked child, while the page
goes on (`draw_ahead`).

Drawing is most of a page's own time (layout, drawing and 256 colours: about 0.1 s a chart), and
a kernel draws its charts one after another on one core. A page that makes its charts as it
starts (each page's `charts`) hands each to a child of its kernel the moment it is made: the child
draws it and sends the PNG back through a pipe while the page makes its next chart and writes
its tables, and `show_figure` takes the PNG when it comes to the chart. This uses a core the page
would leave idle: in a run of one page (the scores page's cells went from 0.51 s to 0.39 s) and
in an analyst's kernel; a run of several pages has none to spare (`draw_when_shown`).

The child is a fork of the kernel: it has the figure already, so nothing is copied or pickled, and
the PNG is the one the kernel would have drawn, byte for byte. A fork only runs the drawing
(matplotlib's Agg and Pillow, no threads, no ZeroMQ) and ends without Python's exit. Only on Linux:
where `os.fork` is missing (Windows) or unsafe for a process with system frameworks loaded
(macOS), a chart is drawn when it is shown. A child that fails, or has not answered within
`AHEAD_TIMEOUT`, is ended and the chart drawn in the kernel: a page never loses a chart to this.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import select
import signal
import struct
import sys
import time
import weakref
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, overload

from PIL import Image

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from helpers.pages.charts.style import Chart

DPI = 150
AHEAD_TIMEOUT = 120.0  # seconds; a chart takes about 0.1 s, a large one under 1 s
_HEADER = struct.Struct(">II")  # the two PNGs' lengths: the chart's, then its phone version's


def png_width_px(png: bytes) -> int:
    """Pixel width read from the PNG header (IHDR is always the first chunk)."""
    return struct.unpack(">I", png[16:20])[0]


def palette_png(png: bytes) -> bytes:
    """The PNG reduced to 256 colours: a chart looks the same at about a third of the bytes.

    Saved without Pillow's `optimize` pass: a chart is ~9% larger (16 KB against 15 KB) and
    written in a sixth of the time (0.002 s against 0.013 s; a month draws ~25 charts)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    quantized = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    out = io.BytesIO()
    quantized.save(out, format="PNG")
    return out.getvalue()


def figure_png(fig: Figure, dpi: int = DPI) -> bytes:
    """The figure drawn as the PNG a page shows."""
    buffer = io.BytesIO()
    # metadata={"Software": None} keeps the PNG byte-identical between runs.
    fig.savefig(
        buffer,
        format="png",
        dpi=dpi,
        bbox_inches="tight",
        facecolor="white",
        metadata={"Software": None},
        # Read straight back by `palette_png`: compressed little, since it is never kept.
        pil_kwargs={"compress_level": 1},
    )
    return palette_png(buffer.getvalue())


def chart_pngs(figure: Figure, phone: Figure | None, dpi: int = DPI) -> tuple[bytes, bytes | None]:
    """The chart's PNG, and its phone version's when it has one."""
    return figure_png(figure, dpi), None if phone is None else figure_png(phone, dpi)


_ahead = True  # off in the kernels of a run of several pages (`draw_when_shown`)


def draw_when_shown() -> None:
    """Draw charts when shown from now on, in this process and the kernels forked from it.

    A run of several pages has no core to spare: its kernels fill both, and drawing ahead there
    made the demo month slower (5.57 -> 5.75 s, medians of 6 interleaved runs), forks and all.
    The zygote of such a run calls this (`running/draw_when_shown.py`); a run of one page, and an
    analyst's kernel in JupyterLab, draw ahead."""
    global _ahead
    _ahead = False


def can_draw_ahead() -> bool:
    """Whether charts may be drawn in forked children here: on Linux (see the module's notes),
    not under a debugger, which follows a fork into the child and would stop it there, and not
    in a run of several pages (`draw_when_shown`)."""
    debugged = sys.gettrace() is not None or "pydevd" in sys.modules
    return _ahead and sys.platform == "linux" and hasattr(os, "fork") and not debugged


@dataclass
class DrawingAhead:
    """A chart being drawn by a child process (`pid`), whose PNGs come through the pipe `fd`."""

    pid: int
    fd: int
    dpi: int
    _pngs: tuple[bytes, bytes | None] | None = field(default=None, repr=False)
    _done: bool = field(default=False, repr=False)

    def __post_init__(self) -> None:
        # A chart made but never shown: its child is ended and its pipe closed all the same.
        self._finalizer = weakref.finalize(self, _end_child, self.pid, self.fd)

    def pngs(self, timeout: float = AHEAD_TIMEOUT) -> tuple[bytes, bytes | None] | None:
        """The child's PNGs, or None when it failed or took longer than `timeout` seconds."""
        if not self._done:
            self._done = True
            self._pngs = _read_answer(self.fd, timeout)
            self._finalizer()  # the child has written all it will: reap it, close the pipe
        return self._pngs


@overload
def draw_ahead(chart: Chart, dpi: int = DPI) -> Chart: ...
@overload
def draw_ahead(chart: None, dpi: int = DPI) -> None: ...
def draw_ahead(chart: Chart | None, dpi: int = DPI) -> Chart | None:
    """`chart`, being drawn now by a child of this process (as it is, where that is not possible:
    it is then drawn when shown). A page's chart that it does not have (None) stays None."""
    if chart is None or not can_draw_ahead():
        return chart
    try:
        read_fd, write_fd = os.pipe()
    except OSError:
        return chart
    try:
        pid = os.fork()
    except OSError:  # no more processes: drawn when shown
        os.close(read_fd)
        os.close(write_fd)
        return chart
    if pid == 0:  # the child: draw, answer, end (never returns)
        os.close(read_fd)
        _draw_and_answer(chart, dpi, write_fd)
    os.close(write_fd)
    return replace(chart, ahead=DrawingAhead(pid, read_fd, dpi))


def pngs_for(chart: Chart, dpi: int = DPI) -> tuple[bytes, bytes | None]:
    """The chart's PNGs: from the child drawing it ahead when there is one and it answered, or
    drawn now."""
    ahead = chart.ahead
    answered = ahead.pngs() if ahead is not None and ahead.dpi == dpi else None
    return answered or chart_pngs(chart.figure, chart.phone, dpi)


def _draw_and_answer(chart: Chart, dpi: int, write_fd: int) -> None:
    status = 1
    # The child lives for one chart: no collection walks (and copies) the kernel's objects.
    gc.disable()
    try:
        # The kernel's stdout and stderr send to the notebook through its IOPub thread, which the
        # child has not got: a warning from the drawing goes to the page's log (fd 2) instead.
        sys.stdout = sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115  (ends with os._exit)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        png, phone = chart_pngs(chart.figure, chart.phone, dpi)
        answer = _HEADER.pack(len(png), len(phone or b"")) + png + (phone or b"")
        view = memoryview(answer)
        while view:
            view = view[os.write(write_fd, view) :]
        status = 0
    finally:
        with contextlib.suppress(Exception):
            sys.stderr.flush()
        os._exit(status)  # not Python's exit: the kernel's exit handlers and threads are not ours


def _read_answer(fd: int, timeout: float) -> tuple[bytes, bytes | None] | None:
    """The two PNGs the child sent, or None (it ended without a whole answer, or too late)."""
    deadline = time.monotonic() + timeout
    chunks = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
    answer = b"".join(chunks)
    if len(answer) < _HEADER.size:
        return None
    png_length, phone_length = _HEADER.unpack_from(answer)
    body = answer[_HEADER.size :]
    if png_length == 0 or len(body) != png_length + phone_length:
        return None
    return body[:png_length], (body[png_length:] if phone_length else None)


def _end_child(pid: int, fd: int) -> None:
    """End the child if it is still drawing, reap it, close its pipe."""
    with contextlib.suppress(OSError):
        os.close(fd)
    with contextlib.suppress(ChildProcessError, OSError):
        if os.waitpid(pid, os.WNOHANG) == (0, 0):  # still running: no longer wanted
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
