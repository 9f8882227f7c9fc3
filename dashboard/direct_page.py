"""A shared link to a sub-page, opened before anyone has opened the app: run app.py in its place.

Streamlit treats a folder named pages/ as an old-style multipage app until st.navigation has run once in
the process, so the very first request for a sub-page runs the page file alone, without app.py (no
sidebar, no filters). There is no public switch for that mode, hence the one flag of Streamlit's
PagesManager below; if an upgrade moves it, this is the only place to change.
"""
from __future__ import annotations

import runpy

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from etl.paths import ROOT

APP = ROOT / "app.py"


def run_app_instead() -> None:
    """When this page runs alone, switch that mode off and run app.py (it draws the sidebar and this same
    page), keeping the click or upload that started this run; then stop this run."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        runpy.run_path(str(APP), run_name="__main__")
        st.stop()
