"""Shared pieces of the Streamlit dashboard: cached queries over the store's views, and the widgets every page uses."""
