"""Spend analytics engine: DuckDB reports over the Parquet store, charts and exports.

Framework-free (no Django). The public API:

- ``spend_report(store, municipality, start=, end=, classification=, eligible_counts=) -> dict``
- ``suppliers(store, municipality) -> list[dict]`` (input of the supplier linkage)
- ``Classification``, ``load_classification(path)``
- charts: ``chart_specs(report) -> {name: Vega-Lite spec}``, ``chart_png(spec) -> bytes``
- exports: ``report_tables(report)``, ``write_csv``, ``write_xlsx``, ``neutralise``
"""

from .charts import chart_png, chart_specs
from .classification import Classification, load_classification
from .exports import neutralise, report_tables, write_csv, write_report_csvs, write_xlsx
from .report import MEASURES, spend_report, suppliers

__all__ = [
    "MEASURES", "Classification", "chart_png", "chart_specs", "load_classification",
    "neutralise", "report_tables", "spend_report", "suppliers", "write_csv",
    "write_report_csvs", "write_xlsx",
]  # fmt: skip
