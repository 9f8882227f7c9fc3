"""One look for every chart: title, legend under the plot, institutions in their catalogue colour."""
from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from dashboard import formats
from etl import catalog

# Many units at once make an unreadable chart: above this many, Cronograma's charts group by axis instead,
# and past this many rows they keep the first ones.
MAX_ROWS = 30


def schedule_level(spread: dict) -> str:
    """What Cronograma's charts group by, from queries.spread: units while there are few enough, else axes."""
    return "unit" if spread["unit"] <= MAX_ROWS else "axis"


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
    names = names.tolist() if hasattr(names, "tolist") else list(names)  # a column's values in one go
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


# Trace properties that hold text a chart draws: plotly reads '<b>', '<a href>' and '<br>' in them as markup.
_TEXT_KEYS = ("x", "y", "text", "hovertext", "customdata", "labels", "ids", "name", "legendgroup")


def _escaped(value):
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, np.ndarray):
        return np.array([_escaped(v) for v in value.tolist()], dtype=object) if value.dtype == object else value
    if isinstance(value, (list, tuple)):
        return type(value)(_escaped(v) for v in value)
    return value


def inert(fig: go.Figure) -> go.Figure:
    """Every text that came from a workbook drawn as typed: '<b>x</b>' or '<a href=…>' in a unit's or an
    institution's name is shown, not applied (plotly turns entities back into characters after it has read
    its own tags). Our own templates keep their '<br>'."""
    for trace in fig.data:
        changes = {k: _escaped(trace[k]) for k in _TEXT_KEYS if k in trace and trace[k] is not None}
        template = getattr(trace, "hovertemplate", None)
        # px writes the group's value into the template ('Institución=<value><br>…'); style() has since put the
        # short name in `name`, and `legendgroup` keeps the value.
        for raw in {trace.name, getattr(trace, "legendgroup", None)}:
            if isinstance(raw, str) and isinstance(template, str) and _escaped(raw) != raw:
                template = template.replace(f"={raw}<", f"={_escaped(raw)}<")
                changes["hovertemplate"] = template
        trace.update(changes)
    layout = fig.layout
    if layout.title and isinstance(layout.title.text, str):
        layout.title.text = _escaped(layout.title.text)
    for axis in (layout.xaxis, layout.yaxis):
        if axis.ticktext is not None:
            axis.ticktext = _escaped(axis.ticktext)
        if axis.categoryarray is not None:
            axis.categoryarray = _escaped(axis.categoryarray)
    return fig


def chart(fig: go.Figure, key: str | None = None) -> None:
    # Only the mode bar buttons whose tooltips dashboard/spanish.py words in Spanish.
    st.plotly_chart(inert(fig), width="stretch", key=key,
                    config={"displaylogo": False, "locale": "es",
                            "modeBarButtonsToRemove": ["select2d", "lasso2d", "toggleSpikelines", "hoverClosestCartesian",
                                                       "hoverCompareCartesian", "resetScale2d"]})


def bars_by(df, color: str, color_map: dict[str, str], **kwargs) -> go.Figure:
    """The figure px.bar(df, color=color, color_discrete_map=color_map, **kwargs) draws, one trace per
    value of `color` in order of appearance, built in a fraction of its time.

    px validates every property of every trace as it builds it, which adds up: a national Presupuesto chart
    has a trace per institution (40), and Cronograma and Resumen up to 30. Here px draws the first group alone
    (its trace is the pattern of every trace: names, colours, hover text) and the whole frame in one trace
    (every row's coordinates, text and hover data, computed and checked by px); each group's trace is the
    pattern with the group's name and colour and its rows of the one-trace arrays. Values px has already
    checked are not checked again. tests/app/test_charts.py compares the two figures for every chart
    that uses this."""
    import plotly.express as px

    groups = list(dict.fromkeys(df[color]))
    if len(groups) < 2:
        return px.bar(df, color=color, color_discrete_map=color_map, **kwargs)
    values = df[color].to_numpy()
    first = px.bar(df[values == groups[0]], color=color, color_discrete_map=color_map, **kwargs)
    pattern = first.data[0].to_plotly_json()
    whole = px.bar(df, **kwargs).data[0].to_plotly_json()
    size = int((values == groups[0]).sum())
    per_row = [k for k, v in pattern.items() if isinstance(v, (np.ndarray, list, tuple)) and len(v) == size
               and len(whole.get(k, ())) == len(df)]
    named = f"{(kwargs.get('labels') or {}).get(color, color)}="  # how px's hover text names the group
    traces = []
    for group in groups:
        at = np.flatnonzero(values == group)
        trace = {k: group if v == groups[0] else v for k, v in pattern.items() if isinstance(v, str)}
        trace.update({k: v for k, v in pattern.items() if not isinstance(v, str)})
        trace["hovertemplate"] = pattern["hovertemplate"].replace(f"{named}{groups[0]}", f"{named}{group}", 1)
        trace["marker"] = {**pattern["marker"], "color": color_map[group]}
        for k in per_row:
            v = whole[k]
            trace[k] = v[at] if isinstance(v, np.ndarray) else type(v)(v[i] for i in at)
        traces.append(trace)
    return go.Figure(data=traces, layout=first.layout, _validate=False)
