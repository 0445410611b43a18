"""helpers.pages.chart_png: a chart drawn ahead by a child process is the chart drawn here, and
a child that fails, hangs or is never asked costs the page nothing."""

from __future__ import annotations

import gc
import os
import sys
import time

import pytest
from matplotlib.figure import Figure

from helpers.pages import chart_png
from helpers.pages.charts.style import Chart, new_figure
from helpers.running.lifelines import alive

needs_fork = pytest.mark.skipif(not chart_png.can_draw_ahead(), reason="Linux only")


def bar_chart(phone: bool = False) -> Chart:
    figure, axes = new_figure(2.5)
    axes.bar(["April", "May", "June"], [81, 79, 77])
    narrow = None
    if phone:
        narrow, small = new_figure(2.5, width=4)
        small.barh(["April", "May", "June"], [81, 79, 77])
    return Chart(figure, "Returns fell", "Bar chart: returns fell from 81% to 77%.", narrow)


def gone(pid: int) -> bool:
    """Whether `pid`, a child of this process, was already waited for: no process, no zombie."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@needs_fork
def test_a_chart_drawn_ahead_is_the_chart_drawn_here():
    chart = bar_chart(phone=True)
    ahead = chart_png.draw_ahead(chart)

    assert ahead.ahead is not None and ahead.ahead.pid != os.getpid()
    png, phone = chart_png.pngs_for(ahead)
    assert (png, phone) == chart_png.chart_pngs(chart.figure, chart.phone)
    assert png.startswith(b"\x89PNG") and phone is not None and phone != png
    assert gone(ahead.ahead.pid)  # reaped once it answered


@needs_fork
def test_a_child_that_fails_leaves_the_chart_to_be_drawn_here():
    chart = bar_chart()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # a child that dies without answering
        os._exit(3)
    os.close(write_fd)
    failed = Chart(
        chart.figure, chart.title, chart.alt, ahead=chart_png.DrawingAhead(pid, read_fd, 150)
    )

    assert failed.ahead.pngs() is None
    assert chart_png.pngs_for(failed) == chart_png.chart_pngs(chart.figure, None)
    assert gone(pid)


@needs_fork
def test_a_child_that_hangs_is_ended_and_the_chart_drawn_here():
    chart = bar_chart()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # a child that never answers
        time.sleep(60)
        os._exit(0)
    os.close(write_fd)
    stuck = chart_png.DrawingAhead(pid, read_fd, 150)

    started = time.monotonic()
    assert stuck.pngs(timeout=0.2) is None
    assert time.monotonic() - started < 5
    assert gone(pid) and not alive(pid)
    hung = Chart(chart.figure, chart.title, chart.alt, ahead=stuck)
    assert chart_png.pngs_for(hung) == chart_png.chart_pngs(chart.figure, None)


@needs_fork
def test_a_chart_never_shown_leaves_no_process_behind():
    ahead = chart_png.draw_ahead(bar_chart())
    pid = ahead.ahead.pid
    del ahead
    gc.collect()
    assert gone(pid)


def test_where_a_fork_is_not_safe_the_chart_is_drawn_when_shown(monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    chart = bar_chart()
    assert chart_png.draw_ahead(chart) is chart
    assert chart_png.pngs_for(chart) == chart_png.chart_pngs(chart.figure, None)


def test_a_chart_is_a_palette_png_whose_width_is_read_from_its_header():
    figure = Figure(figsize=(4, 2))
    figure.add_subplot().plot([0, 1], [0, 1])
    png = chart_png.figure_png(figure, dpi=100)
    assert png[25] == 3  # IHDR colour type 3: a palette of 256 colours at most
    assert 300 < chart_png.png_width_px(png) <= 400
