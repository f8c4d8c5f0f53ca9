"""handle_errors: user errors become one line, typer's own exits pass through untouched."""

from __future__ import annotations

import pytest
import typer

from leadtool.cli.errors import handle_errors
from leadtool.errors import EXIT_FAILED, InputFileError


@pytest.mark.parametrize(
    "raised",
    [typer.Exit(3), typer.Abort(), typer.BadParameter("--limit must be a number")],
    ids=["exit", "abort", "bad-parameter"],
)
def test_typer_exceptions_pass_through(raised: Exception) -> None:
    with pytest.raises(type(raised)) as caught, handle_errors():
        raise raised
    assert caught.value is raised


def test_user_error_becomes_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(typer.Exit) as caught, handle_errors():
        raise InputFileError("leads.csv", "the file is empty")
    assert caught.value.exit_code == EXIT_FAILED
    assert "Error: leads.csv: the file is empty" in capsys.readouterr().err


def test_bug_is_named_without_its_message(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LEADTOOL_DEBUG", raising=False)
    with pytest.raises(typer.Exit) as caught, handle_errors():
        raise ValueError("jane@example.com")  # a message may hold personal data
    err = capsys.readouterr().err
    assert caught.value.exit_code == EXIT_FAILED
    assert "internal error ValueError at test_errors.py:" in err
    assert "jane@example.com" not in err
