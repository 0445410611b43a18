"""Fixtures shared by every test module."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # tests never open a window

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    """Close every pyplot figure after each test so memory and state do not leak between tests."""
    yield
    plt.close("all")
