"""Text contrast and colour-only meaning in charts, measured on the matplotlib figures themselves.

axe-core measures the contrast of the HTML's text; a chart is an image to it. Here every piece of
text a chart draws (titles, tick labels, legend entries, annotations, labels on bars and heatmap
cells) is measured against what lies behind its centre: the topmost filled shape there (a bar, a
heatmap cell), else the axes, else the figure. WCAG 2.2 AA asks for 4.5:1 for text.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import QuadMesh
from matplotlib.colors import to_rgb, to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from helpers.pages.charts.colours import MIN_TEXT_CONTRAST, contrast_ratio


def _opaque(colour: object) -> bool:
    return to_rgba(colour)[3] > 0


def _mesh_colour_at(mesh: QuadMesh, ax: Axes, point: tuple[float, float]) -> object | None:
    """The colour of the heatmap cell under a display point, if any."""
    x, y = ax.transData.inverted().transform(point)
    coordinates = mesh.get_coordinates()
    xs, ys = coordinates[0, :, 0], coordinates[:, 0, 1]
    column = _cell(xs, x)
    row = _cell(ys, y)
    colours = mesh.get_facecolors()
    if column is None or row is None:
        return None
    index = row * (len(xs) - 1) + column
    return colours[index] if index < len(colours) else None


def _cell(edges: np.ndarray, value: float) -> int | None:
    """Which interval between sorted-or-reversed `edges` holds `value`."""
    low, high = min(edges[0], edges[-1]), max(edges[0], edges[-1])
    if not low <= value < high:
        return None
    ascending = edges if edges[0] <= edges[-1] else edges[::-1]
    found = int(np.searchsorted(ascending, value, side="right")) - 1
    return found if edges[0] <= edges[-1] else len(edges) - 2 - found


def _background_at(ax: Axes | None, figure: Figure, point: tuple[float, float]) -> object:
    """The colour behind a display point: topmost bar or cell, else the axes, else the figure."""
    if ax is not None:
        shapes = sorted(
            (a for a in [*ax.patches, *ax.collections] if a.get_visible()),
            key=lambda a: a.get_zorder(),
            reverse=True,
        )
        for shape in shapes:
            if isinstance(shape, Rectangle) and shape.get_fill() and _opaque(shape.get_facecolor()):
                if shape.get_window_extent().contains(*point):
                    return shape.get_facecolor()
            elif isinstance(shape, QuadMesh):
                colour = _mesh_colour_at(shape, ax, point)
                if colour is not None and _opaque(colour):
                    return colour
        if ax.patch.get_visible() and _opaque(ax.get_facecolor()):
            inside = ax.patch.get_window_extent().contains(*point)
            if inside:
                return ax.get_facecolor()
    return figure.get_facecolor()


def _texts(figure: Figure) -> list[tuple[Text, Axes | None]]:
    found: list[tuple[Text, Axes | None]] = []
    for ax in figure.axes:
        texts = [*ax.texts, ax.title, ax.xaxis.label, ax.yaxis.label]
        texts += ax.get_xticklabels() + ax.get_yticklabels()
        legend = ax.get_legend()
        if legend is not None:
            texts += legend.get_texts()
        found += [(t, ax) for t in texts]
    found += [(t, None) for t in figure.texts]
    return [(t, ax) for t, ax in found if t.get_visible() and t.get_text().strip()]


def chart_contrast_problems(figure: Figure) -> list[str]:
    """Each text in the chart below 4.5:1 against what is behind it ([] when none)."""
    # Lay the text out so that its place on the canvas is known (charts have an Agg canvas).
    canvas = figure.canvas if hasattr(figure.canvas, "get_renderer") else FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    problems = []
    for text, ax in _texts(figure):
        box = text.get_window_extent(renderer)
        centre = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
        # A legend entry sits on the legend's own frame, or on the figure when it has none.
        background = _background_at(ax, figure, centre)
        ratio = contrast_ratio(text.get_color(), background)
        if ratio < MIN_TEXT_CONTRAST:
            problems.append(
                f"{text.get_text()!r} is {ratio:.1f}:1 against its background "
                f"(text {_hex(text.get_color())} on {_hex(background)}); it needs 4.5:1."
            )
    return problems


def colour_only_problems(figure: Figure) -> list[str]:
    """Series told apart by colour alone: two or more named series and no legend naming them."""
    problems = []
    for number, ax in enumerate(figure.axes, start=1):
        handles, labels = ax.get_legend_handles_labels()
        if len(set(labels)) >= 2 and ax.get_legend() is None and not figure.legends:
            problems.append(f"Axes {number} has {len(set(labels))} named series and no legend.")
    return problems


def _hex(colour: object) -> str:
    red, green, blue = (round(c * 255) for c in to_rgb(colour))
    return f"#{red:02x}{green:02x}{blue:02x}"
