"""How a forgotten person is recognised later, by the import's own identity rules.

Forgetting keeps no value, only keyed hashes (normalize.keyhash). Which hashes, and what
they match, follows identity.exact: a strong key (a personal email, a LinkedIn profile) names
one person, so its hash alone recognises them. A weak key (a phone, a role address such as
info@, a name + company) is shared in real lists: its hash is taken together with the
person's name key, so it recognises only someone of the same name, as the import would
only join a row of the same name to that person. A person without a name gets a weak-key
hash only if they have no email or profile either, and it matches only rows and people
without any: the import joins nothing else on it. So a colleague who shares the
switchboard is never taken for the forgotten person, by the import or by cleanup.

Stores written before this rule hold "legacy" hashes of the bare email or phone, which
cannot say which kind of value they were: the import still refuses any row they match
(refusing a row loses nothing stored), but cleanup erases a stored person for one only
through a personal email, never a phone or role address that colleagues may share.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from leadtool.identity.exact import STRONG_KINDS, WEAK_KINDS, Key
from leadtool.normalize.keyhash import KeyedHasher

# Legacy hashes were made of every email and phone value; only these kinds held them.
LEGACY_KINDS = frozenset({"email", "role_email", "phone"})


@dataclass(frozen=True)
class Forgotten:
    """A store's forgotten people, as keyed hashes: `current` by the rule above, `legacy`
    of the bare values (store/forget.py tells them apart by their entry's note)."""

    current: frozenset[str] = frozenset()
    legacy: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.current or self.legacy)


def digests(hasher: KeyedHasher, keys: Iterable[Key], name_key: str | None) -> set[str]:
    """The hashes that stand for a person with these identity keys and this name."""
    keys = list(keys)
    found: set[str] = set()
    # Without a name, a weak key joins only where no email or profile contradicts it: it
    # stands for the person only when they have no strong key at all (exact._fits).
    weak = bool(name_key) or not any(kind in STRONG_KINDS for kind, _ in keys)
    for kind, value in keys:
        if kind in STRONG_KINDS:
            found.add(hasher(f"{kind}:{value}"))
        elif kind in WEAK_KINDS and weak:
            found.add(hasher(f"{kind}:{value}:{name_key or ''}"))
    return found


def refused(
    hasher: KeyedHasher, hashes: Forgotten, keys: Iterable[Key], name_key: str | None
) -> bool:
    """True when an imported row with these keys is a forgotten person (and is refused)."""
    keys = list(keys)
    if hashes.current and not digests(hasher, keys, name_key).isdisjoint(hashes.current):
        return True
    legacy = hashes.legacy
    return bool(legacy) and any(hasher(v) in legacy for kind, v in keys if kind in LEGACY_KINDS)


def reforget(
    hasher: KeyedHasher, hashes: Forgotten, keys: Iterable[Key], name_key: str | None
) -> bool:
    """True when a stored person is a forgotten one who came back (cleanup erases them).

    Stricter than `refused` for legacy hashes: only a personal email proves it is them."""
    keys = list(keys)
    if hashes.current and not digests(hasher, keys, name_key).isdisjoint(hashes.current):
        return True
    legacy = hashes.legacy
    return bool(legacy) and any(hasher(v) in legacy for kind, v in keys if kind == "email")
