"""Reports: the funnel from stage history, what each sourced list cost and was worth, growth.

Owns the public API: `funnel_report`, `growth_report` (service.py), `sources_report` and
`set_source_cost` (sources.py) return
report dataclasses (model.py); `as_json` and `as_csv` (formats.py) write them as data; the
pictures and the web page (charts.py, page.py) import matplotlib only when called. The SQL
is in store/report_journey.py and store/report_sources.py; the terminal tables in
cli/render_report.py.
"""

from leadtool.reports.formats import as_csv, as_json, dump_json
from leadtool.reports.model import (
    ATTRIBUTIONS,
    SCHEMA_VERSION,
    FunnelReport,
    GrowthReport,
    Ratio,
    Report,
    ReportOptions,
    SourceRow,
    SourcesReport,
    StageRow,
)
from leadtool.reports.service import funnel_report, growth_report
from leadtool.reports.sources import set_source_cost, sources_report

__all__ = [
    "ATTRIBUTIONS",
    "SCHEMA_VERSION",
    "FunnelReport",
    "GrowthReport",
    "Ratio",
    "Report",
    "ReportOptions",
    "SourceRow",
    "SourcesReport",
    "StageRow",
    "as_csv",
    "as_json",
    "dump_json",
    "funnel_report",
    "growth_report",
    "set_source_cost",
    "sources_report",
]
