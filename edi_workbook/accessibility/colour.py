"""Colours as an officer reads them: contrast (WCAG's formula) and plain names."""

from __future__ import annotations

import colorsys


def luminance(rgb: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(rgb[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(first: str, second: str) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def colour_name(rgb: str) -> str:
    """'pale blue (#DDEBF7)': hex alone means nothing to an officer."""
    r, g, b = (int(rgb[i:i + 2], 16) / 255 for i in (0, 2, 4))
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    if sat < 0.15 or max(r, g, b) - min(r, g, b) < 0.08:
        name = ("white" if light > 0.95 else "black" if light < 0.1 else
                "light grey" if light > 0.7 else "dark grey" if light < 0.35 else "grey")
    else:
        names = ((0.04, "red"), (0.13, "orange"), (0.19, "yellow"), (0.45, "green"),
                 (0.55, "turquoise"), (0.72, "blue"), (0.83, "purple"), (0.95, "pink"),
                 (1.01, "red"))
        name = next(n for limit, n in names if hue < limit)
        name = ("pale " if light > 0.8 else "light " if light > 0.6 else
                "dark " if light < 0.3 else "") + name
    return f"{name} (#{rgb.upper()})"
