"""One look for every chart: title, legend under the plot, institutions in their catalogue colour."""
from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from dashboard import formats
from etl import catalog


def institution_color(name: str) -> str:
    return catalog.color(name)


def institution_colors(names) -> dict[str, str]:
    # Each name once: a catalogue lookup folds and scans every catalogued institution.
    return {n: institution_color(n) for n in dict.fromkeys(names)}


def short_name(name: str) -> str:
    """An institution's full name is too long for a legend: its short name from data/catalog/."""
    return catalog.short_name(name)


def short_names(names) -> list[str]:
    """short_name of each of `names` (a column of thousands of rows), looking each institution up once."""
    names = list(names)
    known = {n: short_name(n) for n in dict.fromkeys(names)}
    return [known[n] for n in names]


def style(fig: go.Figure, title: str, height: int | None = None) -> go.Figure:
    # The legend sits a fixed ~70 px under the plot: as a fraction of a tall chart's height, it left a
    # blank band of hundreds of pixels under the Cronograma timeline.
    plot_height = (height or 450) - 60
    fig.update_layout(title=title, separators=formats.PLOTLY_SEPARATORS, margin=dict(l=10, r=10, t=50, b=10),
                      legend=dict(title_text="", orientation="h", yanchor="top", y=-min(0.18, 70 / plot_height), x=0),
                      font=dict(size=13))
    # Institution names are long: the legend shows the short form, the hover the full one.
    fig.for_each_trace(lambda t: t.update(name=short_name(t.name)) if t.name else None)
    if height:
        fig.update_layout(height=height)
    return fig


def chart(fig: go.Figure, key: str | None = None) -> None:
    # Only the mode bar buttons whose tooltips dashboard/spanish.py words in Spanish.
    st.plotly_chart(fig, width="stretch", key=key,
                    config={"displaylogo": False, "locale": "es",
                            "modeBarButtonsToRemove": ["select2d", "lasso2d", "toggleSpikelines", "hoverClosestCartesian",
                                                       "hoverCompareCartesian", "resetScale2d"]})
