"""The import's options are checked by the service, so a library caller gets the CLI's checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadtool.errors import UsageError
from leadtool.imports.model import ImportOptions
from leadtool.imports.options import for_file, import_options
from leadtool.imports.service import import_file
from leadtool.store.connection import open_store


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ({"stage": "hot"}, "--stage 'hot' is not a stage"),
        ({"on_conflict": "merge"}, "--on-conflict must be one of fill, update, keep"),
        ({"region": "USA"}, "--region 'USA'"),
        ({"region": "1A"}, "--region '1A'"),
        ({"consent": "   "}, "--consent needs a text"),
        ({"mapping": ["Email"]}, "expected HEADER=FIELD"),
        ({"cost": -5.0}, "cannot be negative"),
    ],
)
def test_bad_options_are_refused(given: dict[str, object], says: str) -> None:
    with pytest.raises(UsageError, match=says.replace("(", r"\(")):
        import_options(**given)  # type: ignore[arg-type]


def test_options_as_typed_are_normalised() -> None:
    options = import_options(
        stage="MQL", region=" gb ", tags=[" vip ", "vip", ""], consent=" webinar\n form "
    )
    assert (options.stage, options.region, options.tags) == ("mql", "GB", ("vip",))
    assert options.consent == "webinar form"


def test_rejects_file_per_file_of_several() -> None:
    files = [Path("a.csv"), Path("b.xlsx")]
    one = for_file(ImportOptions(), files[1], files, rejects=Path("out/r.csv"))
    assert one.rejects_path == Path("out/r-b.csv")
    alone = for_file(ImportOptions(), files[0], files[:1], rejects=Path("out/r.csv"))
    assert alone.rejects_path == Path("out/r.csv")


@pytest.mark.parametrize(
    "options",
    [ImportOptions(on_conflict="bogus"), ImportOptions(stage="hot"), ImportOptions(region="usa")],
)
def test_import_file_checks_options_built_by_hand(tmp_path: Path, options: ImportOptions) -> None:
    path = tmp_path / "list.csv"
    path.write_text("Email\njane@example.com\n")
    store = open_store(tmp_path / "store.db")
    with pytest.raises(UsageError):
        import_file(store, path, options)
    assert store.conn.execute("SELECT count(*) FROM batches").fetchone() == (0,)
