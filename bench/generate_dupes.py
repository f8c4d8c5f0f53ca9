"""Seeded lead lists with known duplicate groups, for measuring `leadtool dedupe`.

    python -m bench.generate_dupes --rows 100000 --out bench/data/dupes-100000.csv [--seed 11]

Writes the list and `<out>.truth.csv` (row, entity): rows with the same entity are one
person. People come from bench.generate's pools; FUZZY_RATE of the rows write an earlier
person again the way real lists do, sharing no email or LinkedIn profile with them:
a nickname (Robert/Bob), a typo in a name, first and last name swapped, accents dropped, an
initial, the company with another legal suffix or none, a personal instead of a work email
(or another work address, jsmith vs john.smith), the phone reformatted or missing.
NEGATIVE_RATE of the rows are hard negatives: another person with the same name at another
company, with their own email and phone; SAME_COMPANY_NAMESAKE_RATE are namesakes at the
same company (their own email, phone and city).

Names: bench.generate's pools hold ~100 surnames per language, so two people picked at
random share a full name 10-100x more often than in real lists, and a 1M list would be
full of same-name colleagues no data can tell apart. SYNTHETIC_SURNAMES of the people get
a made-up surname (2-3 syllables, ~28,000 of them) instead; the rest keep the pools'
common names, so common-name collisions (the Smiths) are still there.

A `Mix` changes how often each of these happens (the default is the list leadtool's
weights were tuned on), and adds what that list never holds: a row with only a full name
(in a "Full Name" column, sometimes "Last First"), and another phone number.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from random import Random

from bench.generate import _FREE_MAIL, COLUMNS, COUNTRIES, LeadFactory, Person, ascii_fold

FUZZY_RATE = 0.12
NEGATIVE_RATE = 0.04
SAME_COMPANY_NAMESAKE_RATE = 0.002
SYNTHETIC_SURNAMES = 0.75
_SYLLABLES = (
    "ka",
    "lo",
    "mer",
    "vin",
    "dor",
    "sel",
    "bra",
    "tis",
    "mon",
    "gar",
    "fel",
    "ru",
    "ben",
    "ost",
    "wick",
    "har",
    "lin",
    "dal",
    "tor",
    "esk",
    "ven",
    "mar",
    "qui",
    "zan",
    "pel",
    "hol",
    "ster",
    "ber",
    "rin",
    "ton",
)
RING = 20_000
FULL_NAME = "Full Name"


@dataclass(frozen=True)
class Mix:
    """How often each change is made; the defaults make the list the weights were tuned on.

    Rates are of all rows (fuzzy, negative), of new people (synthetic_surnames), or of the
    duplicate rows (the rest). The tuples are the chances of each way of writing a name or
    a company, in the order `_names` and `_company` try them.
    """

    fuzzy: float = FUZZY_RATE
    negative: float = NEGATIVE_RATE
    synthetic_surnames: float = SYNTHETIC_SURNAMES
    # nickname, surname typo, swapped, accents dropped, initial, first-name typo, upper case
    names: tuple[float, ...] = (0.25, 0.15, 0.10, 0.12, 0.08, 0.08, 0.07)
    # legal suffix dropped, another suffix, upper case, no company
    company: tuple[float, ...] = (0.3, 0.2, 0.1, 0.05)
    personal_email: float = 0.45
    other_work_email: float = 0.20
    no_phone: float = 0.4
    other_phone: float = 0.0  # another number of the same country
    full_name_only: float = 0.0  # First and Last blank; the name in the "Full Name" column
    last_first: float = 0.0  # of the full-name-only rows: "Kelly Raymond"


_FORMAL_NAMES = (
    "robert",
    "william",
    "james",
    "john",
    "richard",
    "thomas",
    "charles",
    "joseph",
    "michael",
    "david",
    "daniel",
    "matthew",
    "anthony",
    "steven",
    "andrew",
    "joshua",
    "kenneth",
    "timothy",
    "ronald",
    "jeffrey",
    "nicholas",
    "jonathan",
    "benjamin",
    "samuel",
    "gregory",
    "elizabeth",
    "jennifer",
    "patricia",
    "margaret",
    "susan",
    "jessica",
    "katherine",
    "kimberly",
    "rebecca",
    "stephanie",
    "deborah",
    "christine",
    "samantha",
    "nicole",
    "cynthia",
    "kathleen",
    "pamela",
    "alexander",
)


def _nicknames() -> dict[str, list[str]]:
    from nicknames import NickNamer

    nn = NickNamer()
    table: dict[str, list[str]] = {}
    for name in _FORMAL_NAMES:
        nicks = sorted(n for n in nn.nicknames_of(name) if len(n) >= 3)[:4]
        if nicks:
            table[name] = nicks
            for nick in nicks:
                table.setdefault(nick, []).append(name)
    return table


class DupeFactory:
    def __init__(self, seed: int, mix: Mix | None = None) -> None:
        self.mix = mix or Mix()
        self.f = LeadFactory(seed)
        self.rng = Random(seed + 1)
        self.ring: list[tuple[Person, int]] = []
        self.entities = 0
        self.nicks = _nicknames()
        # A company never gives two people one address, nor a carrier one number: the base
        # generator's small pools would (at 1M rows) and the import would rightly merge them.
        self.emails: set[str] = set()
        self.phones: set[tuple[int, int, str]] = set()
        self.slugs: set[str] = set()
        self.changes: list[str] = []  # how the last row differs from the person's first

    def rows(self, count: int) -> Iterator[tuple[list[str], int]]:
        for _ in range(count):
            yield self.row()

    def row(self) -> tuple[list[str], int]:
        self.changes = []
        draw = self.rng.random()
        fuzzy, negative = self.mix.fuzzy, self.mix.negative
        if self.ring and draw < fuzzy:
            person, entity = self.ring[int(self.rng.random() * len(self.ring))]
            return self._variant(person), entity
        if self.ring and draw < fuzzy + negative:
            person, _ = self.ring[int(self.rng.random() * len(self.ring))]
            return self._new(self._namesake(person))
        if self.ring and draw < fuzzy + negative + SAME_COMPANY_NAMESAKE_RATE:
            person, _ = self.ring[int(self.rng.random() * len(self.ring))]
            return self._new(self._colleague(person))
        return self._new(self._person())

    def _person(self) -> Person:
        p = self.f._person()
        if self.rng.random() >= self.mix.synthetic_surnames:
            return p
        rng = self.rng
        last = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 3)))).title()
        domain = self.f.companies[p.country][p.company].domain
        local, email = self.f._email(p.first, last, domain)
        slug = self.f._slug(p.first, last) if p.slug else ""
        return dataclasses.replace(p, last=last, local=local, email=email, slug=slug)

    def _colleague(self, p: Person) -> Person:
        """A namesake at the same company, with a work email, phone and city of their own."""
        other = self.f._person()
        domain = self.f.companies[p.country][p.company].domain
        f, la = (ascii_fold(x).replace(" ", "").replace("'", "") for x in (p.first, p.last))
        local = next(x for x in (f"{f}.{la}", f"{f[:1]}{la}", f"{la}.{f}") if x != p.local)
        cities = [c for c in COUNTRIES[p.country].cities if c != p.city] or [p.city]
        phones = len(self.f.phones[p.country])
        return dataclasses.replace(
            other, first=p.first, last=p.last, country=p.country, company=p.company,
            local=local, email=f"{local}@{domain}", prefix=int(self.rng.random() * phones),
            city=self.rng.choice(cities),
        )  # fmt: skip

    def _unique(self, p: Person) -> Person:
        email, local, n = p.email, p.local, 1
        same_start = p.email.lower().startswith(p.local.lower())
        while "@" in email and email.lower() in self.emails and same_start:
            n += 1
            local = f"{p.local}{n}"
            email = local + p.email[len(p.local) :]
        self.emails.add(email.lower())
        digits, prefix = p.digits, p.prefix
        for _ in range(50):
            if prefix < 0 or (p.country, prefix, digits) not in self.phones:
                break
            digits = f"{self.rng.randrange(10000):04d}"
        else:
            prefix = -1  # this prefix's 10,000 numbers are taken: no phone
        self.phones.add((p.country, prefix, digits))
        slug = p.slug
        while slug and slug in self.slugs:  # a LinkedIn profile is one person's
            slug = f"{p.slug}-{self.rng.randrange(16**6):06x}"
        self.slugs.add(slug)
        return dataclasses.replace(
            p, email=email, local=local, digits=digits, prefix=prefix, slug=slug
        )

    def _new(self, person: Person) -> tuple[list[str], int]:
        person = self._unique(person)
        self.entities += 1
        if len(self.ring) < RING:
            self.ring.append((person, self.entities))
        else:
            self.ring[self.entities % RING] = (person, self.entities)
        return self._full_name_column(self.f._render(person, person.shape, 0)), self.entities

    def _full_name_column(self, row: list[str], full: str = "") -> list[str]:
        """The row with a "Full Name" cell, when the mix writes full-name-only rows."""
        return [*row, full] if self.mix.full_name_only else row

    def _namesake(self, p: Person) -> Person:
        """Another person with the same name: another company, email, phone and profile."""
        other = self.f._person()
        companies = self.f.companies[other.country]
        company = (p.company + 1 + int(self.rng.random() * (len(companies) - 1))) % len(companies)
        if other.country != p.country:
            company = other.company
        local, email = self.f._email(p.first, p.last, companies[company].domain)
        return dataclasses.replace(
            other, first=p.first, last=p.last, company=company, local=local, email=email
        )

    def _variant(self, p: Person) -> list[str]:
        rng = self.rng
        shape = (p.shape + rng.randrange(1, 6)) % 6 if rng.random() < 0.5 else p.shape
        mix = self.mix
        if mix.other_phone and rng.random() < mix.other_phone:
            p = self._other_phone(p)
            self._changed("another phone" if p.prefix >= 0 else "no phone")
        row = self.f._render(dataclasses.replace(p, slug=""), shape, 0)
        row[0], row[1] = self._names(row[0], row[1])
        row[4] = self._company(row[4])
        row[2] = self._email(p, row[2])
        self._changed("" if row[2] else "no email")
        if rng.random() < mix.no_phone:
            self._changed("no phone" if row[3] else "")
            row[3] = ""
        for column in (5, 7, 9):
            if rng.random() < 0.2:
                row[column] = ""
        if mix.full_name_only and rng.random() < mix.full_name_only and row[0] and row[1]:
            first, last = row[0], row[1]
            row[0] = row[1] = ""
            in_order = not (mix.last_first and rng.random() < mix.last_first)
            self._changed("only a full name" if in_order else "only a full name, Last First")
            return self._full_name_column(row, f"{first} {last}" if in_order else f"{last} {first}")
        return self._full_name_column(row)

    def _changed(self, change: str) -> None:
        if change:
            self.changes.append(change)

    def _other_phone(self, p: Person) -> Person:
        """The person with another number of their country, nobody else's."""
        plan = len(self.f.phones[p.country])
        for _ in range(50):
            prefix, digits = int(self.rng.random() * plan), f"{self.rng.randrange(10000):04d}"
            if (p.country, prefix, digits) not in self.phones:
                self.phones.add((p.country, prefix, digits))
                return dataclasses.replace(p, prefix=prefix, digits=digits)
        return dataclasses.replace(p, prefix=-1)

    def _names(self, first: str, last: str) -> tuple[str, str]:
        rng = self.rng
        draw = rng.random()
        key = first.lower()
        nick, typo_last, swap, fold, initial, typo_first, upper = accumulate(self.mix.names)
        if draw < nick and key in self.nicks:
            self._changed("nickname or formal name")
            return rng.choice(self.nicks[key]).title(), last
        if draw < typo_last:
            return first, self._typo(last, "surname typo")
        if draw < swap:
            self._changed("first and last swapped")
            return last, first
        if draw < fold:
            folded = ascii_fold(first).title(), ascii_fold(last).title()
            self._changed("accents dropped" if folded != (first, last) else "")
            return folded
        if draw < initial and first:
            self._changed("an initial")
            return f"{first[0]}.", last
        if draw < typo_first:
            return self._typo(first, "first-name typo"), last
        if draw < upper:
            return first.upper(), last.upper()
        return first, last

    def _typo(self, word: str, change: str) -> str:
        typo = _typo(self.rng, word)
        self._changed(change if typo != word else "")
        return typo

    def _company(self, name: str) -> str:
        rng = self.rng
        words = name.split()
        draw = rng.random()
        base = " ".join(w for w in words if w.rstrip(".") not in _LEGAL)
        dropped, other, upper, blank = accumulate(self.mix.company)
        if draw < dropped:
            self._changed("company suffix dropped" if base != name else "")
            return base
        if draw < other:
            self._changed("another company suffix")
            return f"{base} {rng.choice(('Inc', 'Incorporated', 'LLC', 'Ltd', 'GmbH', 'SAS'))}"
        if draw < upper:
            return name.upper()
        if draw < blank:
            self._changed("no company")
            return ""
        return name

    def _email(self, p: Person, email: str) -> str:
        """Never the email the person already has: that would be an exact match."""
        rng = self.rng
        f, la = (ascii_fold(x).replace(" ", "").replace("'", "") for x in (p.first, p.last))
        domain = self.f.companies[p.country][p.company].domain
        draw = rng.random()
        personal = self.mix.personal_email
        if draw < personal and f:
            for _ in range(20):
                email = f"{f}.{la}{rng.randrange(10, 9999)}@{rng.choice(_FREE_MAIL)}"
                if email not in self.emails:
                    self.emails.add(email)
                    self._changed("personal email")
                    return email
            return ""
        if draw < personal + self.mix.other_work_email and f:
            other = next(x for x in (f"{f[0]}{la}", f"{f}.{la}", f"{f}{la[0]}") if x != p.local)
            email = f"{other}@{domain}"
            if email not in self.emails:  # a colleague's address would be an exact match
                self.emails.add(email)
                self._changed("another work address")
                return email
        return ""


_LEGAL = {legal.rstrip(".") for country in COUNTRIES for x in country.legal for legal in x.split()}


def _typo(rng: Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.randrange(3)
    if op == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if op == 1:
        return word[:i] + word[i + 1 :]
    return word[:i] + rng.choice("aeiounrst") + word[i + 1 :]


def generate_dupes(
    rows: int, out: Path, seed: int = 11, mix: Mix | None = None
) -> tuple[Path, Path]:
    """Write the list, `<out>.truth.csv` and `<out>.changes.csv` (row, how the row differs
    from its person's first row: "nickname or formal name; personal email", or blank)."""
    truth = out.with_suffix(".truth.csv")
    out.parent.mkdir(parents=True, exist_ok=True)
    factory = DupeFactory(seed, mix)
    with (
        out.open("w", newline="", encoding="utf-8") as fh,
        truth.open("w", newline="") as th,
        changes_path(out).open("w", newline="") as ch,
    ):
        data, key, changes = csv.writer(fh), csv.writer(th), csv.writer(ch)
        data.writerow(factory._full_name_column(list(COLUMNS), FULL_NAME))
        key.writerow(("row", "entity"))
        changes.writerow(("row", "changes"))
        for n, (cells, entity) in enumerate(factory.rows(rows), start=1):
            data.writerow(cells)
            key.writerow((n, entity))
            changes.writerow((n, "; ".join(dict.fromkeys(factory.changes))))
    return out, truth


def changes_path(out: Path) -> Path:
    return out.with_suffix(".changes.csv")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    print(*generate_dupes(args.rows, args.out, args.seed))


if __name__ == "__main__":
    main()
