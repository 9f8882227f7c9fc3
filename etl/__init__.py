"""Read POA workbooks in their institutions' own layouts and write them to the DuckDB store."""
