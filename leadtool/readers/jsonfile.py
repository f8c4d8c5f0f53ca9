"""JSON and JSON Lines files: records are objects, nested objects become dotted column names.

A JSON file is an array of objects; or an object wrapping that array under one of `WRAPPER_KEYS`
(HubSpot's "results", ...), else under its only key that holds a list of objects; any other
object is a single record. JSON is loaded whole (exports are small). JSON Lines (one object per
line) streams in two passes: keys first, then rows.

Names are those pandas.json_normalize gives ("properties.email"), but the flattening is done here:
json_normalize turns an integer into a float when another record lacks the key, and would need
every JSONL record in memory. The header is the union of keys in order of first appearance;
values become text as workbook cells do (lists joined with "; ", null is "").
Row numbers: the record's 1-based position in the array, or its line in a JSON Lines file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from leadtool.errors import InputFileError
from leadtool.readers.cells import cell_text
from leadtool.readers.encoding import TextEncoding
from leadtool.readers.header import name_columns
from leadtool.readers.table import Row, Table

WRAPPER_KEYS = ("results", "contacts", "data", "records", "items")
Record = dict[str, object]


def read_json(path: Path, encoding: TextEncoding) -> Table:
    if _is_json_lines(path, encoding.name):
        return _read_json_lines(path, encoding.name)
    return _read_document(path, encoding.name)


def flatten(record: Record, prefix: str = "") -> Record:
    flat: Record = {}
    for key, value in record.items():
        if isinstance(value, dict) and value:
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _is_json_lines(path: Path, encoding: str) -> bool:
    """True when the first non-blank line is a whole object and another line follows it."""
    with path.open(encoding=encoding) as handle:
        lines = (line for line in handle if line.strip())
        first = next(lines, "")
        if not first.lstrip().startswith("{"):
            return False
        try:
            json.loads(first)
        except (json.JSONDecodeError, RecursionError):
            return False
        return next(lines, None) is not None


def _read_document(path: Path, encoding: str) -> Table:
    with path.open(encoding=encoding) as handle:
        data = _loads(path, handle.read(), 1)
    records = _records_in(path, data)
    flats = [flatten(record) for record in records]
    keys = _union_keys(flats)
    rows = _rows(enumerate(flats, 1), keys)
    return _table(path, encoding, keys, rows, len(flats))


def _read_json_lines(path: Path, encoding: str) -> Table:
    count = 0
    keys: dict[str, None] = {}
    for _, record in _line_records(path, encoding):
        keys.update(dict.fromkeys(record))
        count += 1
    rows = _rows(_line_records(path, encoding), list(keys))
    return Table(path, "jsonl", encoding, None, None, _header(path, list(keys)), 0, rows, count)


def _table(path: Path, encoding: str, keys: list[str], rows: Iterator[Row], total: int) -> Table:
    return Table(path, "json", encoding, None, None, _header(path, keys), 0, rows, total)


def _header(path: Path, keys: list[str]) -> list[str]:
    if not keys:
        raise InputFileError(path, "contains no records with fields: it is empty")
    return name_columns(keys, len(keys))


def _loads(path: Path, text: str, line: int) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        problem = f"is not valid JSON ({exc.msg}): fix the file or export it again"
        raise InputFileError(path, problem, row=line + exc.lineno - 1) from None
    except RecursionError:
        raise InputFileError(path, "is not valid JSON (nested too deeply)", row=line) from None


def _records_in(path: Path, data: object) -> list[Record]:
    records: list[Record] = []
    for number, item in enumerate(_unwrap(data), 1):
        if not isinstance(item, dict):
            problem = "is JSON but not a list of records: each record must be an {...} object"
            raise InputFileError(path, problem, row=number)
        records.append(item)
    return records


def _unwrap(data: object) -> list[object]:
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        return [data]
    for key in WRAPPER_KEYS:
        if isinstance(data.get(key), list):
            return list(data[key])
    lists = [value for value in data.values() if _is_list_of_objects(value)]
    return list(lists[0]) if len(lists) == 1 else [data]


def _is_list_of_objects(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _line_records(path: Path, encoding: str) -> Iterator[tuple[int, Record]]:
    with path.open(encoding=encoding) as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            record = _loads(path, line.strip(), number)
            if not isinstance(record, dict):
                problem = "is JSON Lines but this line is not an {...} object"
                raise InputFileError(path, problem, row=number)
            yield number, flatten(record)


def _union_keys(flats: Iterable[Record]) -> list[str]:
    keys: dict[str, None] = {}
    for flat in flats:
        keys.update(dict.fromkeys(flat))
    return list(keys)


def _rows(records: Iterable[tuple[int, Record]], keys: list[str]) -> Iterator[Row]:
    for number, flat in records:
        cells = [cell_text(flat.get(key)) for key in keys]
        if any(cells):
            yield number, cells
