"""Imported by the kernel zygote of a run of several pages (`zygote.imports_for`, which can only
name modules): its kernels draw their charts when shown, not ahead (`chart_png.draw_when_shown`)."""

from helpers.pages.chart_png import draw_when_shown

draw_when_shown()
