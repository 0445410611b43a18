"""Colour contrast (WCAG 2): how readable text is on a colour, and which ink to print on it."""

from __future__ import annotations

from matplotlib.colors import to_rgb

# Text needs 4.5:1 (WCAG 2.2 AA). White or black on any colour reaches at least 4.58:1; the
# report's near-black (#0B0C0C) can fall to 4.4:1 on mid tones, hence pure black on fills.
MIN_TEXT_CONTRAST = 4.5
INKS = ("white", "black")


def relative_luminance(colour: object) -> float:
    """WCAG 2 relative luminance of any colour matplotlib understands (#hex, names, tuples)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in to_rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(foreground: object, background: object) -> float:
    """WCAG contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def best_ink(background: object) -> str:
    """White or black, whichever reads better on `background`."""
    return max(INKS, key=lambda ink: contrast_ratio(ink, background))
