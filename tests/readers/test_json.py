"""JSON arrays, wrapped arrays, JSON Lines, nested objects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leadtool.errors import InputFileError
from leadtool.readers import open_table


def write(tmp_path: Path, text: str, name: str = "export.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_array_of_objects(tmp_path: Path) -> None:
    records = [
        {"email": "a@x.com", "name": "Ann", "zip": "02134", "phone": 4155550134, "vip": True},
        {"email": "b@x.com", "surname": "Null", "phone": 4155550135.0, "score": 0.5},
        {"email": None, "name": None},
        {"email": "c@x.com", "vip": False, "name": "  Cy "},
    ]
    table = open_table(write(tmp_path, json.dumps(records, indent=2)))
    assert (table.format, table.encoding, table.delimiter, table.sheet) == (
        "json",
        "utf-8",
        None,
        None,
    )
    assert table.header == ["email", "name", "zip", "phone", "vip", "surname", "score"]
    assert (table.header_row, table.total_rows) == (0, 4)
    assert list(table.rows) == [
        (1, ["a@x.com", "Ann", "02134", "4155550134", "TRUE", "", ""]),
        (2, ["b@x.com", "", "", "4155550135", "", "Null", "0.5"]),
        (4, ["c@x.com", "Cy", "", "", "FALSE", "", ""]),
    ]


def test_hubspot_wrapper_with_nested_properties(tmp_path: Path) -> None:
    data = {
        "results": [
            {
                "id": "101",
                "properties": {"email": "a@x.com", "firstname": "Ann", "address": {"zip": "02134"}},
                "tags": ["webinar", "demo", None],
                "extra": {},
            },
            {"id": "102", "properties": {"email": "b@x.com", "lastname": "Li"}, "tags": []},
        ],
        "paging": {"next": {"after": "102"}},
    }
    table = open_table(write(tmp_path, json.dumps(data)))
    assert table.header == [
        "id",
        "properties.email",
        "properties.firstname",
        "properties.address.zip",
        "tags",
        "extra",
        "properties.lastname",
    ]
    assert list(table.rows) == [
        (1, ["101", "a@x.com", "Ann", "02134", "webinar; demo", "", ""]),
        (2, ["102", "b@x.com", "", "", "", "", "Li"]),
    ]


@pytest.mark.parametrize("key", ["contacts", "data", "records", "items", "people"])
def test_other_wrappers(tmp_path: Path, key: str) -> None:
    data = {"count": 1, key: [{"Email": "a@x.com", "Name": "Ann"}]}
    table = open_table(write(tmp_path, json.dumps(data)))
    assert table.header == ["Email", "Name"]
    assert list(table.rows) == [(1, ["a@x.com", "Ann"])]


def test_json_lines_two_passes(tmp_path: Path) -> None:
    text = (
        '{"email": "a@x.com", "name": "Ann"}\n'
        "\n"
        '{"email": "b@x.com", "company": {"name": "Beta", "size": 50}}\n'
        '{"email": "c@x.com", "name": "Cy", "phones": ["+1 415", "+1 650"]}\n'
    )
    table = open_table(write(tmp_path, text, "contacts.jsonl"))
    assert (table.format, table.total_rows) == ("jsonl", 3)
    assert table.header == ["email", "name", "company.name", "company.size", "phones"]
    assert list(table.rows) == [
        (1, ["a@x.com", "Ann", "", "", ""]),
        (3, ["b@x.com", "", "Beta", "50", ""]),
        (4, ["c@x.com", "Cy", "", "", "+1 415; +1 650"]),
    ]


def test_single_object_is_one_record(tmp_path: Path) -> None:
    table = open_table(write(tmp_path, '{"email": "a@x.com", "name": "Ann"}\n'))
    assert list(table.rows) == [(1, ["a@x.com", "Ann"])]


def test_duplicate_keys_differing_in_case_get_numbered(tmp_path: Path) -> None:
    table = open_table(write(tmp_path, '[{"Email": "a@x.com", "email": "b@x.com", "": "x"}]'))
    assert table.header == ["Email", "email (2)", "column_3"]


@pytest.mark.parametrize(
    ("text", "row", "problem"),
    [
        ('[\n  {"email": "a@x.com"},\n  {"email": "b@x.com",}\n]', 3, "is not valid JSON"),
        ('{"email": "a@x.com"}\n{"email": "b@x.com"\n', 2, "is not valid JSON"),
        ('{"email": "a@x.com"}\n["b@x.com"]\n', 2, "is JSON Lines but this line is not"),
        ('[{"email": "a@x.com"}, "b@x.com"]', 2, "is JSON but not a list of records"),
    ],
    ids=["array", "jsonl", "jsonl non-object", "array non-object"],
)
def test_invalid_json_names_the_line(tmp_path: Path, text: str, row: int, problem: str) -> None:
    with pytest.raises(InputFileError) as caught:
        open_table(write(tmp_path, text))
    assert caught.value.row == row
    assert caught.value.problem.startswith(problem)
    assert "b@x.com" not in str(caught.value)


@pytest.mark.parametrize("text", ["[]", '{"results": []}', "[{}, {}]"])
def test_no_records(tmp_path: Path, text: str) -> None:
    with pytest.raises(InputFileError, match="contains no records with fields: it is empty"):
        open_table(write(tmp_path, text))
