"""The Streamlit dashboard: the filters as SQL, the page questions as reads of mart views, and the pieces every page
shares (filter bar, labels, formats, charts, exports), one job per module (docs/dashboard.md, code map)."""
