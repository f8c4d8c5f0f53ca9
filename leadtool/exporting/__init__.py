"""Exports: presets (presets.py), file writers (writers.py) and the service (service.py)."""

from leadtool.exporting.presets import PRESETS, Preset, get_preset
from leadtool.exporting.service import ExportReport, ExportRequest, export_people, list_exports

__all__ = [
    "PRESETS",
    "ExportReport",
    "ExportRequest",
    "Preset",
    "export_people",
    "get_preset",
    "list_exports",
]
