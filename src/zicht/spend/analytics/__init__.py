"""Spend analytics engine: DuckDB reports over the Parquet store, charts and exports."""
