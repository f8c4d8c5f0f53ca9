"""Which rows and people a forgotten person's hashes recognise: the import's identity rules."""

from __future__ import annotations

import pytest

from leadtool.identity.forgotten import Forgotten, digests, reforget, refused
from leadtool.normalize.keyhash import KeyedHasher, keyed_hash

SECRET = KeyedHasher("s3cret")
ANA_KEYS = [("email", "ana@acme.com"), ("phone", "+14155550134"), ("role_email", "info@acme.com")]
ANA = Forgotten(current=frozenset(digests(SECRET, ANA_KEYS, "ana silva")))
LEGACY = Forgotten(legacy=frozenset(keyed_hash("s3cret", v) for _, v in ANA_KEYS))


@pytest.mark.parametrize(
    ("keys", "name_key", "expected"),
    [
        ([("email", "ana@acme.com")], "ana silva", True),
        ([("email", "ana@acme.com")], "someone else", True),  # a personal email is enough
        ([("phone", "+14155550134")], "ana silva", True),
        ([("phone", "+14155550134")], "ben okafor", False),  # a colleague on the switchboard
        ([("phone", "+14155550134")], None, False),
        ([("role_email", "info@acme.com")], "cara lind", False),
        ([("role_email", "info@acme.com")], "ana silva", True),
        ([("email", "ben@acme.com"), ("phone", "+14155550134")], "ben okafor", False),
        ([("linkedin", "linkedin.com/in/ana")], "ana silva", False),  # she had no profile
    ],
)
def test_new_hashes_follow_the_identity_rules(
    keys: list[tuple[str, str]], name_key: str | None, expected: bool
) -> None:
    assert refused(SECRET, ANA, keys, name_key) is expected
    assert reforget(SECRET, ANA, keys, name_key) is expected


@pytest.mark.parametrize(
    ("keys", "import_refuses", "cleanup_erases"),
    [
        ([("email", "ana@acme.com")], True, True),
        # A legacy hash cannot tell a switchboard from a personal phone: an import refuses
        # the row (nothing stored is lost), cleanup never erases a stored person for it.
        ([("phone", "+14155550134")], True, False),
        ([("role_email", "info@acme.com")], True, False),
        ([("email", "ben@acme.com")], False, False),
    ],
)
def test_legacy_hashes(
    keys: list[tuple[str, str]], import_refuses: bool, cleanup_erases: bool
) -> None:
    assert refused(SECRET, LEGACY, keys, "ben okafor") is import_refuses
    assert reforget(SECRET, LEGACY, keys, "ben okafor") is cleanup_erases


def test_another_secret_recognises_nobody() -> None:
    assert not refused(KeyedHasher("other"), ANA, ANA_KEYS, "ana silva")


def test_the_prepared_hasher_gives_the_keyed_hash() -> None:
    assert SECRET("+14155550134") == keyed_hash("s3cret", "+14155550134")


def test_new_hashes_are_not_taken_for_legacy_ones() -> None:
    """A current hash of 'email:x' is never matched as a bare value, nor the reverse."""
    both = Forgotten(current=ANA.current, legacy=frozenset())
    assert not refused(SECRET, both, [("phone", "+14155550134")], "ben okafor")
