"""Build sample_data/: one small, messy file per export format people actually import.

    python -m bench.make_samples [--out sample_data]

This script owns the sample files: run it again and it rewrites the same bytes (fixed seed,
fixed dates, pinned workbook timestamps), so the samples can be reviewed as code. Everyone in
them is made up: company addresses are on subdomains of example.com/.net/.org, free-mail
addresses say "fake" in the local part, phone numbers come from ranges reserved for fiction
(US/CA 555-01xx, UK 020 7946 0xxx / 0113 496 0xxx / 0161 496 0xxx, FR 01 99 00 xx xx,
DE 030 23125 xxx and friends, AU 02 5550 xxxx / 03 7010 xxxx), IPs from documentation ranges.
About 10% of rows repeat a person from the same or another file, written differently (email in
another case, phone formatted differently, LinkedIn URL on a country subdomain with a slash).
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import io
import json
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import ClassVar

import phonenumbers
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
EXPORTED = dt.datetime(2024, 5, 2, 9, 30)
SEED = 20240502

# --------------------------------------------------------------------------- world


@dataclass(frozen=True)
class Country:
    iso: str
    name: str
    spellings: tuple[str, ...]  # how people write it in sheets
    linkedin: str  # country subdomain of linkedin.com
    ranges: tuple[tuple[str, int], ...]  # (E.164 prefix, digits to add) reserved for fiction
    first: tuple[str, ...]
    last: tuple[str, ...]


def _country(
    iso: str, name: str, spell: str, li: str, ranges: str, first: str, last: str
) -> Country:
    pairs = tuple((r.split(":")[0], int(r.split(":")[1])) for r in ranges.split())
    return Country(iso, name, tuple(spell.split("|")), li, pairs, tuple(first.split("|")),
                   tuple(last.split("|")))  # fmt: skip


COUNTRIES = {
    c.iso: c
    for c in (
        _country("US", "United States", "United States|USA|US|U.S.", "www",
                 "+1202555:0 +1212555:0 +1312555:0 +1415555:0 +1617555:0 +1206555:0 +1303555:0 "
                 "+1404555:0 +1512555:0 +1646555:0",
                 "James|Emily|Michael|Sarah|David|Jessica|Robert|Ashley|Daniel|Megan|Kevin|Laura|"
                 "Brian|Rachel|Jason|Olivia|Tyler|Hannah|Marcus|Priya|Carlos|Mei|Andre|Zoë|Renée|"
                 "Dana|Grant|Whitney|Luis|Tamika",
                 "Carter|Nguyen|Patel|Brooks|Ramirez|O'Neill|Whitaker|Sullivan|Kim|Hayes|Foster|"
                 "Delgado|Bennett|Coleman|Reyes|McAllister|Thornton|Okafor|Castillo|Jensen|Hart|"
                 "Morales|Price|Lindgren|Abernathy"),
        _country("CA", "Canada", "Canada|CA", "ca", "+1416555:0 +1604555:0 +1514555:0 +1403555:0",
                 "Liam|Chloé|Ethan|Émilie|Noah|Maëlle|Owen|Ava|Samuel|Gabrielle",
                 "Tremblay|Gagnon|Roy|Côté|Bouchard|Gauthier|MacDonald|Campbell|Wilson|Leblanc"),
        _country("GB", "United Kingdom", "United Kingdom|UK|England|GB", "uk",
                 "+44207946:0 +44113496:0 +44161496:0",
                 "Oliver|Amelia|Harry|Isla|George|Sophie|Jack|Charlotte|Thomas|Grace|William|"
                 "Freya|Callum|Niamh|Rhys|Siân",
                 "Hughes|Clarke|Whitfield|Ashworth|Pemberton|Davies|Evans|MacLeod|Fraser|"
                 "Gallagher|Holloway|Barker|Rowe|Quinn"),
        _country("FR", "France", "France|FR", "fr", "+3319900:4",
                 "Camille|Hélène|François|Léa|Mathieu|Chloé|Théo|Aurélie|Stéphane|Élodie|Benoît|"
                 "Noémie|Gaël|Amélie|Jérôme",
                 "Lefèvre|Dubois|Moreau|Girard|Rousseau|Fontaine|Chevalier|Lemaître|Garnier|"
                 "Mercier|Faure|Perrin|Guérin|Leclerc"),
        _country("DE", "Germany", "Germany|Deutschland|DE", "de",
                 "+493023125:3 +496990009:3 +494066969:3 +492214710:3 +498999998:3",
                 "Jürgen|Lukas|Anja|Stefan|Katrin|Jörg|Sophie|Tobias|Maren|Björn|Lena|Matthias|"
                 "Dörte|Felix",
                 "Müller|Schröder|Becker|Krüger|Hoffmann|Schäfer|Köhler|Wagner|Zimmermann|Böhm|"
                 "Neumann|Vogel|Brandt|Weiß"),
        _country("AU", "Australia", "Australia|AU", "au", "+6125550:4 +6137010:4",
                 "Jack|Matilda|Lachlan|Ruby|Cooper|Chloe|Riley|Mia|Hamish|Zara",
                 "Walsh|Kelly|Ryan|Mitchell|Harrison|Murray|Kennedy|Baxter|Nguyen|Doyle"),
    )
}  # fmt: skip


@dataclass(frozen=True)
class Company:
    name: str
    legal: str
    slug: str
    domain: str
    country: str
    city: str
    state: str
    postal: str
    street: str
    industry: str
    employees: str
    switchboard: str  # E.164


_COMPANY_ROWS = """\
Brightlane Analytics|Inc.|US|Boston|MA|02116|100 Summer St|Computer Software|51-200
Cobalt Harbor Logistics|LLC|US|Chicago|IL|60606|233 S Wacker Dr|Logistics & Supply Chain|201-500
Maple & Finch Consulting|LLC|US|New York|NY|10001|350 5th Ave|Management Consulting|11-50
Pinegrove Health|Inc.|US|Seattle|WA|98101|1201 3rd Ave|Hospital & Health Care|501-1000
Redwood Ridge Software|Inc.|US|San Francisco|CA|94105|101 Mission St|Computer Software|51-200
Summit Peak Media|Corp.|US|Denver|CO|80202|1700 Lincoln St|Marketing & Advertising|11-50
Tidewater Payments|Inc.|US|Atlanta|GA|30303|191 Peachtree St NE|Financial Services|201-500
Quartz Lane Retail|Co.|US|Austin|TX|78701|500 W 2nd St|Retail|1001-5000
Lumen Learning Labs|Inc.|US|Cambridge|MA|02139|1 Broadway|E-Learning|11-50
Ironbridge Manufacturing|Corp.|US|Columbus|OH|43215|41 S High St|Manufacturing|501-1000
Northbeam Robotics|Inc.|CA|Toronto|ON|M5H 2N2|100 King St W|Robotics|51-200
Érable Numérique|Inc.|CA|Montréal|QC|H3B 4W8|1000 Rue De La Gauchetière O|Computer Software|11-50
Harbourview Capital|Ltd.|CA|Vancouver|BC|V6C 3E8|1055 W Georgia St|Financial Services|11-50
Ashdown & Rowe|Ltd|GB|London||EC2A 4NE|1 Finsbury Ave|Legal Services|51-200
Kestrel Data|Ltd|GB|Manchester||M1 1AD|1 Piccadilly Gardens|Information Technology & Services|11-50
Thistle Energy|PLC|GB|Leeds||LS1 4DY|1 Park Row|Renewables & Environment|201-500
Bluebell Foods|Ltd|GB|London||SE1 9SG|32 London Bridge St|Food & Beverages|1001-5000
Atelier Lumière|SAS|FR|Paris||75008|12 rue de la Paix|Marketing & Advertising|11-50
Vinea Conseil|SARL|FR|Lyon||69002|5 place Bellecour|Management Consulting|1-10
Océane Logistique|SA|FR|Marseille||13002|40 quai du Lazaret|Logistics & Supply Chain|201-500
Azur Santé|SAS|FR|Nice||06000|8 avenue Jean Médecin|Hospital & Health Care|51-200
Rheinwerk Systeme|GmbH|DE|Köln||50667|Domkloster 4|Computer Software|51-200
Nordlicht Medien|GmbH|DE|Hamburg||20095|Mönckebergstraße 7|Media Production|11-50
Bergmann & Söhne Maschinenbau|GmbH & Co. KG|DE|München||80331|Marienplatz 8|Manufacturing|501-1000
Spreewald Digital|AG|DE|Berlin||10117|Friedrichstraße 68|Information Technology & Services|201-500
Southern Cross Analytics|Pty Ltd|AU|Sydney|NSW|2000|1 Martin Pl|Computer Software|11-50
Wattle & Co Marketing|Pty Ltd|AU|Melbourne|VIC|3000|120 Collins St|Marketing & Advertising|1-10
"""


_CITY_RANGES = {
    "Boston": ("+1617555", 0), "Cambridge": ("+1617555", 0), "Chicago": ("+1312555", 0),
    "New York": ("+1212555", 0), "Seattle": ("+1206555", 0), "San Francisco": ("+1415555", 0),
    "Denver": ("+1303555", 0), "Atlanta": ("+1404555", 0), "Austin": ("+1512555", 0),
    "Columbus": ("+1614555", 0), "Toronto": ("+1416555", 0), "Montréal": ("+1514555", 0),
    "Vancouver": ("+1604555", 0), "London": ("+44207946", 0), "Leeds": ("+44113496", 0),
    "Manchester": ("+44161496", 0), "Berlin": ("+493023125", 3), "Hamburg": ("+494066969", 3),
    "Köln": ("+492214710", 3), "München": ("+498999998", 3), "Sydney": ("+6125550", 4),
    "Melbourne": ("+6137010", 4),
}  # fmt: skip


def _columns(text: str) -> tuple[str, ...]:
    return tuple(text.split(","))


def _slug(text: str) -> str:
    folded = (
        unicodedata.normalize("NFKD", text.replace("ß", "ss")).encode("ascii", "ignore").decode()
    )
    return "".join(c for c in folded.lower() if c.isalnum())


# --------------------------------------------------------------------------- people


@dataclass(frozen=True)
class Person:
    pid: int
    first: str
    last: str
    company: Company
    title: str
    email: str  # canonical, lower case ("" when none)
    personal: str  # a free-mail address or ""
    phone: str  # E.164 or ""
    slug: str  # LinkedIn vanity name

    @property
    def country(self) -> Country:
        return COUNTRIES[self.company.country]

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


@dataclass(frozen=True)
class Entry:
    """One row to write: a person, and whether this row repeats them in another form."""

    person: Person
    repeat: bool = False


_TITLES = {
    "en": "Chief Marketing Officer|VP Marketing|Head of Growth|Marketing Manager|"
    "Demand Generation Manager|Content Lead|Sales Director|Account Executive|"
    "Business Development Manager|CEO|Founder & CEO|Chief Technology Officer|"
    "Head of Operations|Product Marketing Manager|Procurement Lead|Office Manager|"
    "Customer Success Manager|Marketing Coordinator|Director of Partnerships",
    "fr": "Directrice Marketing|Directeur Commercial|Responsable Marketing|Chef de projet|"
    "Responsable des achats|Directeur Général|Chargée de communication",
    "de": "Leiterin Marketing|Geschäftsführer|Vertriebsleiter|Head of Marketing|"
    "Einkaufsleiter|Marketing Manager",
}
_FREE_MAIL = {
    "US": "gmail.com|yahoo.com|outlook.com",
    "CA": "gmail.com|hotmail.com",
    "GB": "gmail.com|hotmail.co.uk",
    "FR": "gmail.com|orange.fr",
    "DE": "gmail.com|gmx.de|web.de",
    "AU": "gmail.com|bigpond.com",
}


class World:
    """Companies and made-up people, created in a fixed order from one seeded generator."""

    def __init__(self, seed: int) -> None:
        self.rng = Random(seed)
        self.people: list[Person] = []
        self.used_numbers: set[str] = set()
        self.used_names: set[tuple[str, str]] = set()
        self.companies = [self._company(line) for line in _COMPANY_ROWS.splitlines()]

    def _company(self, line: str) -> Company:
        name, legal, iso, city, state, postal, street, industry, size = line.split("|")
        slug = _slug(name.replace("&", "and").split()[0] + name.split()[-1])
        domain = f"{slug}.{self.rng.choice(('example.com', 'example.net', 'example.org'))}"
        company = Company(name, legal, slug, domain, iso, city, state, postal, street, industry,
                          size, "")  # fmt: skip
        return dataclasses.replace(company, switchboard=self.number(iso, city))

    def number(self, iso: str, city: str = "") -> str:
        """An unused E.164 number from a fictional range of the country (of the city when it
        has one), valid for phonenumbers."""
        ranges = [_CITY_RANGES[city]] if city in _CITY_RANGES else COUNTRIES[iso].ranges
        for _ in range(1000):
            prefix, extra = self.rng.choice(ranges)
            tail = f"01{self.rng.randrange(100):02d}" if extra == 0 else ""
            tail += "".join(self.rng.choice("0123456789") for _ in range(extra))
            number = prefix + tail
            if number not in self.used_numbers:
                self.used_numbers.add(number)
                assert phonenumbers.is_valid_number(phonenumbers.parse(number)), number
                return number
        raise RuntimeError(f"fictional range of {iso} exhausted")

    def person(self, iso: str) -> Person:
        rng = self.rng
        country = COUNTRIES[iso]
        first, last = self._name(country)
        company = rng.choice([c for c in self.companies if c.country == iso])
        f, la = _slug(first), _slug(last)
        local = rng.choice((f"{f}.{la}", f"{f}.{la}", f"{f[0]}{la}", f))
        personal = ""
        if rng.random() < 0.15:
            personal = f"{f}.{la}.fake@{rng.choice(_FREE_MAIL[iso].split('|'))}"
        lang = {"FR": "fr", "DE": "de"}.get(iso, "en")
        person = Person(
            pid=len(self.people) + 1,
            first=first,
            last=last,
            company=company,
            title=rng.choice(_TITLES[lang].split("|")),
            email=f"{local}@{company.domain}",
            personal=personal,
            phone=self._direct_line(company) if rng.random() < 0.8 else "",
            slug=f"{f}-{la}-{rng.randrange(16**6):06x}",
        )
        self.people.append(person)
        return person

    def _direct_line(self, company: Company) -> str:
        local = self.rng.random() < 0.7
        return self.number(company.country, company.city if local else "")

    def _name(self, country: Country) -> tuple[str, str]:
        for _ in range(200):
            name = (self.rng.choice(country.first), self.rng.choice(country.last))
            if name not in self.used_names:
                self.used_names.add(name)
                return name
        raise RuntimeError(f"out of names for {country.iso}")

    def at(self, company: Company, first: str, last: str, title: str) -> Person:
        """A scripted person (the special rows a sample must contain)."""
        f, la = _slug(first), _slug(last)
        person = Person(len(self.people) + 1, first, last, company, title,
                        f"{f}.{la}@{company.domain}", "", self._direct_line(company),
                        f"{f}-{la}-{self.rng.randrange(16**6):06x}")  # fmt: skip
        self.used_names.add((first, last))
        self.people.append(person)
        return person

    def batch(self, mix: str, new: int, cross: int, within: int) -> list[Entry]:
        """`new` fresh people of the country mix ("US:3 GB:1"), plus `cross` people seen in
        earlier files and `within` repeats of people of this batch, each written differently."""
        earlier = list(self.people)
        weights = [(iso, int(w)) for iso, w in (part.split(":") for part in mix.split())]
        isos = [iso for iso, w in weights for _ in range(w)]
        fresh = [Entry(self.person(self.rng.choice(isos))) for _ in range(new)]
        repeats = [Entry(p, True) for p in self.rng.sample(earlier, cross)] if cross else []
        entries = fresh + repeats
        self.rng.shuffle(entries)
        for original in self.rng.sample(fresh, within):
            at = entries.index(original) + self.rng.randrange(1, 6)
            entries.insert(min(at, len(entries)), Entry(original.person, True))
        return entries


# --------------------------------------------------------------------------- how cells look


def phone_text(e164: str, style: str) -> str:
    """A number as people type it: national, intl, e164, dots, digits, apollo, bare."""
    if not e164:
        return ""
    number = phonenumbers.parse(e164)
    fmt = phonenumbers.PhoneNumberFormat
    national = phonenumbers.format_number(number, fmt.NATIONAL)
    intl = phonenumbers.format_number(number, fmt.INTERNATIONAL)
    shapes: dict[str, Callable[[], str]] = {
        "national": lambda: national,
        "intl": lambda: intl,
        "e164": lambda: e164,
        "dots": lambda: ".".join(national.translate(_NO_PARENS).replace("-", " ").split()),
        "digits": lambda: "".join(c for c in national if c.isdigit()),
        "apollo": lambda: "'" + intl,  # Apollo guards numbers from Excel with an apostrophe
        "bare": lambda: e164[1:],  # what a number cell holds
    }
    return shapes[style]()


_NO_PARENS = str.maketrans("", "", "()")


def other_style(style: str) -> str:
    return {"national": "intl", "intl": "national", "e164": "national"}.get(style, "e164")


def email_cell(entry: Entry, rng: Random) -> str:
    email = entry.person.email
    if not entry.repeat or not email:
        return email
    local, _, domain = email.partition("@")
    return rng.choice((email.upper(), f"{local.title()}@{domain}", f" {email.upper()} "))


def phone_cell(entry: Entry, style: str) -> str:
    return phone_text(entry.person.phone, other_style(style) if entry.repeat else style)


def linkedin_cell(entry: Entry) -> str:
    p = entry.person
    if entry.repeat:
        return f"https://{p.country.linkedin}.linkedin.com/in/{p.slug}/"
    return f"https://www.linkedin.com/in/{p.slug}"


def company_cell(company: Company, rng: Random) -> str:
    return company.name if rng.random() < 0.6 else f"{company.name} {company.legal}"


# --------------------------------------------------------------------------- writing


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    newline: str = "\r\n",
    preamble: str = "",
    footer: str = "",
    quote_all: bool = False,
) -> None:
    assert all(len(row) == len(header) for row in rows), path
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    if quote_all:  # Salesforce quotes every field
        writer = csv.writer(
            buffer, delimiter=delimiter, lineterminator=newline, quoting=csv.QUOTE_ALL
        )
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes((preamble + buffer.getvalue() + footer).encode(encoding))


def _cells(row: Sequence[object]) -> list[object]:
    """Workbook cells: an empty string is no cell at all, as in a sheet someone typed."""
    return [None if value == "" else value for value in row]


def pin_zip(path: Path) -> None:
    """Rewrite a workbook with fixed timestamps so regenerating it gives the same bytes."""
    stamp = EXPORTED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path) as source:
        parts = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts:
            if name == "docProps/core.xml":
                data = _pin_core(data, stamp)
            info = zipfile.ZipInfo(name, date_time=EXPORTED.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)


def _pin_core(xml: bytes, stamp: bytes) -> bytes:
    for tag in (b"dcterms:created", b"dcterms:modified"):
        start = xml.find(b">", xml.find(b"<" + tag)) + 1
        end = xml.find(b"</" + tag, start)
        if start > 0 and end > start:
            xml = xml[:start] + stamp + xml[end:]
    return xml


# --------------------------------------------------------------------------- the files


@dataclass
class Samples:
    out: Path
    world: World = field(default_factory=lambda: World(SEED))
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # file -> (rows, repeats)

    @property
    def rng(self) -> Random:
        return self.world.rng

    def note(self, name: str, entries: Sequence[Entry], extra_rows: int = 0) -> None:
        repeats = sum(1 for e in entries if e.repeat)
        self.counts[name] = (len(entries) + extra_rows, repeats)

    def build(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        for make in (
            self.salesforce,
            self.linkedin_connections,
            self.sales_navigator,
            self.apollo,
            self.hubspot_xlsx,
            self.mailchimp,
            self.google_contacts,
            self.outlook,
            self.conference_xlsx,
            self.purchased_tsv,
            self.hubspot_json,
        ):
            make()

    # --------------------------------------------------------------- Salesforce (cp1252, ;)

    def salesforce(self) -> None:
        w = self.world
        atelier = next(c for c in w.companies if c.name == "Atelier Lumière")
        scripted = [Entry(w.at(atelier, "Jean-Pierre", "Martin", "Directeur Général"))]
        entries = scripted + w.batch("FR:4 DE:4 US:2", 21, 0, 2)
        header = ["First Name", "Last Name", "Title", "Company / Account", "Email", "Phone",
                  "Mobile", "Lead Source", "Lead Status", "Street", "City", "State/Province",
                  "Zip/Postal Code", "Country", "Website", "Email Opt Out"]  # fmt: skip
        rows = [self._salesforce_row(e, i) for i, e in enumerate(entries)]
        footer = (
            '""\r\n"Confidential Information - Do Not Distribute"\r\n'
            '"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved."\r\n'
        )
        write_csv(self.out / "salesforce_leads.csv", header, rows, encoding="cp1252",
                  delimiter=";", quote_all=True, footer=footer)  # fmt: skip
        self.note("salesforce_leads.csv", entries)

    def _salesforce_row(self, e: Entry, i: int) -> list[str]:
        p, c, rng = e.person, e.person.company, self.rng
        street = c.street + ("\nBâtiment B" if i == 3 else "")  # a line break inside a cell
        mobile = "" if rng.random() < 0.6 else phone_text(self.world.number(c.country), "intl")
        return [p.first, p.last, p.title, company_cell(c, rng), email_cell(e, rng),
                phone_cell(e, "national"), mobile,
                rng.choice(("Web", "Trade Show", "Purchased List", "Partner Referral", "")),
                rng.choice(("Open - Not Contacted", "Working - Contacted", "Qualified")),
                street, c.city, c.state, c.postal, p.country.name, f"www.{c.domain}",
                "1" if i == 7 else "0"]  # fmt: skip

    # --------------------------------------------------------------- LinkedIn Connections

    def linkedin_connections(self) -> None:
        entries = self.world.batch("US:4 GB:2 FR:1 DE:1 CA:1", 24, 2, 0)
        notes = (
            "Notes:\n"
            '"When exporting your connection data, you may notice that some of the email '
            "addresses are missing. You will only see email addresses for connections who have "
            "allowed their connections to see or download their email address using this "
            "setting https://www.linkedin.com/psettings/privacy/email. You can learn more here "
            'https://www.linkedin.com/help/linkedin/answer/261"\n\n'
        )
        header = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
                  "Connected On"]  # fmt: skip
        rows = [self._connection_row(e, i) for i, e in enumerate(entries)]
        write_csv(self.out / "linkedin_connections.csv", header, rows, newline="\n",
                  preamble=notes)  # fmt: skip
        self.note("linkedin_connections.csv", entries)

    def _connection_row(self, e: Entry, i: int) -> list[str]:
        p, rng = e.person, self.rng
        first, last = p.first, p.last
        if i == 2:
            last += ", MBA"  # people put credentials and pronouns in their name fields
        if i == 5:
            first += " (she/her)"
        title = p.title + (" 🚀" if i == 8 else "")
        email = email_cell(e, rng) if e.repeat or rng.random() < 0.3 else ""
        connected = EXPORTED - dt.timedelta(days=rng.randrange(20, 1500))
        company, title = ("", "") if i == 11 else (p.company.name, title)
        url = f"https://www.linkedin.com/in/{p.slug}"
        return [first, last, url, email, company, title, connected.strftime("%d %b %Y")]

    # --------------------------------------------------------------- Sales Navigator

    def sales_navigator(self) -> None:
        entries = self.world.batch("US:3 GB:2 DE:1 FR:1 AU:1", 18, 3, 0)
        header = ["First Name", "Last Name", "Job Title", "Account Name", "Geography",
                  "LinkedIn URL", "Sales Navigator URL", "Connection Degree", "Lead Saved Date",
                  "Email"]  # fmt: skip
        rows = [self._navigator_row(e) for e in entries]
        write_csv(self.out / "linkedin_sales_navigator.csv", header, rows)
        self.note("linkedin_sales_navigator.csv", entries)

    def _navigator_row(self, e: Entry) -> list[str]:
        p, rng = e.person, self.rng
        c = p.company
        area = f"{c.city}, {c.state + ', ' if c.state else ''}{p.country.name}"
        lead = f"https://www.linkedin.com/sales/lead/ACwAA{rng.randrange(16**10):010X},NAME_SEARCH"
        saved = (EXPORTED - dt.timedelta(days=rng.randrange(1, 90))).date().isoformat()
        return [p.first, p.last, p.title, c.name, area, linkedin_cell(e), lead,
                rng.choice(("2nd", "3rd+", "1st")), saved, ""]  # fmt: skip

    # --------------------------------------------------------------- Apollo

    APOLLO_HEADER = _columns(
        "First Name,Last Name,Title,Company,Company Name for Emails,Email,Email Status,"
        "Seniority,Departments,Contact Owner,First Phone,Work Direct Phone,Home Phone,"
        "Mobile Phone,Corporate Phone,Other Phone,Stage,Lists,Last Contacted,Account Owner,"
        "# Employees,Industry,Keywords,Person Linkedin Url,Website,Company Linkedin Url,"
        "Facebook Url,Twitter Url,City,State,Country,Company Address,Company City,"
        "Company State,Company Country,Company Phone,Technologies,Annual Revenue,"
        "Email Sent,Email Open,Email Bounced,Replied,Demoed,Apollo Contact Id,"
        "Apollo Account Id,Secondary Email"
    )

    def apollo(self) -> None:
        entries = self.world.batch("US:5 CA:2", 30, 2, 2)
        rows = [self._apollo_row(e) for e in entries]
        write_csv(self.out / "apollo_contacts.csv", self.APOLLO_HEADER, rows)
        self.note("apollo_contacts.csv", entries)

    def _apollo_row(self, e: Entry) -> list[str]:
        p, c, rng = e.person, e.person.company, self.rng
        status = rng.choice(("Verified", "Verified", "Extrapolated", "Unavailable", "Guessed"))
        email = "" if status == "Unavailable" else email_cell(e, rng)
        direct = phone_cell(e, "intl")
        switch = phone_text(c.switchboard, "intl")
        size = str({"1-10": 8, "11-50": 35, "51-200": 140, "201-500": 320}.get(c.employees, 900))
        return [
            p.first, p.last, p.title, c.name, c.name.split(" & ")[0], email, status,
            rng.choice(("c_suite", "vp", "director", "manager", "senior")),
            rng.choice(("Marketing", "Sales", "Engineering & Technical", "Operations")),
            "Dana Whitaker", "'" + direct if direct else "", "'" + direct if direct else "", "",
            "", "'" + switch, "", rng.choice(("Cold", "Approaching", "Replied", "Interested")),
            "CMO search Q2", "", "Dana Whitaker", size, c.industry.lower(),
            "saas, b2b, analytics", linkedin_cell(e), f"http://www.{c.domain}",
            f"http://www.linkedin.com/company/{c.slug}-example", "", "", c.city, c.state,
            p.country.name, f"{c.street}, {c.city}, {c.state} {c.postal}", c.city, c.state,
            p.country.name, "'" + switch, "Salesforce, Google Analytics, Slack", "12000000",
            "false", "false", "false", "false", "false", f"64{rng.randrange(16**20):020x}",
            f"5f{rng.randrange(16**20):020x}", p.personal,
        ]  # fmt: skip

    # --------------------------------------------------------------- HubSpot (xlsx)

    def hubspot_xlsx(self) -> None:

        entries = self.world.batch("US:3 GB:1", 24, 2, 1)
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "All contacts"
        sheet.append(["HubSpot contacts export"])
        sheet.append([])
        sheet.append(["Record ID", "First Name", "Last Name", "Email", "Phone Number",
                      "Mobile Phone Number", "Company Name", "Job Title", "Lifecycle Stage",
                      "Lead Status", "Contact owner", "City", "State/Region", "Postal Code",
                      "Country/Region", "Website URL", "LinkedIn URL", "Create Date",
                      "Associated Company", "Marketing contact status"])  # fmt: skip
        for i, entry in enumerate(entries):
            sheet.append(_cells(self._hubspot_row(entry, i)))
        for row in sheet.iter_rows(min_row=4, min_col=14, max_col=14):
            row[0].number_format = "@"  # postal codes are text: keeps 02139's zero
        self._hubspot_quirks(sheet)
        book.properties.creator = "HubSpot"
        path = self.out / "hubspot_contacts.xlsx"
        book.save(path)
        pin_zip(path)
        self.note("hubspot_contacts.xlsx", entries)

    def _hubspot_row(self, e: Entry, i: int) -> list[object]:
        p, c, rng = e.person, e.person.company, self.rng
        stage = rng.choice(("Lead", "Lead", "Marketing Qualified Lead", "Subscriber",
                            "Sales Qualified Lead", "Opportunity", "Customer"))  # fmt: skip
        mobile = phone_text(self.world.number(c.country), "intl") if rng.random() < 0.3 else ""
        created = EXPORTED - dt.timedelta(days=rng.randrange(1, 700), minutes=rng.randrange(1440))
        return [
            51000 + i * 7, p.first, p.last, email_cell(e, rng), phone_cell(e, "national"), mobile,
            company_cell(c, rng), p.title, stage, rng.choice(("New", "Open", "In progress", "")),
            "Dana Whitaker", c.city, c.state, c.postal, p.country.name, f"https://{c.domain}",
            linkedin_cell(e) if rng.random() < 0.5 else "", created, c.name,
            rng.choice(("Marketing contact", "Non-marketing contact")),
        ]  # fmt: skip

    def _hubspot_quirks(self, sheet: object) -> None:
        """A phone stored as a number cell; a zip that lost its zero as a number (Excel did
        it); a zip with its leading zero kept as text."""
        assert isinstance(sheet, Worksheet)
        us = [r for r in range(4, sheet.max_row + 1) if sheet.cell(r, 15).value == "United States"]
        kept = next(r for r in us if str(sheet.cell(r, 14).value).startswith("0"))
        numbered, lost = [r for r in us if r != kept][:2]
        sheet.cell(numbered, 5).value = int(phone_text(self.world.number("US", "Boston"), "bare"))
        sheet.cell(numbered, 5).number_format = "0"
        for col, value in ((12, "Boston"), (13, "MA"), (14, 2116)):  # 02116 lost its zero
            sheet.cell(lost, col).value = value
        sheet.cell(lost, 14).number_format = "General"

    # --------------------------------------------------------------- Mailchimp

    MAILCHIMP_HEADER = _columns(
        "Email Address,First Name,Last Name,Address,Phone Number,MEMBER_RATING,OPTIN_TIME,"
        "OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,"
        "LAST_CHANGED,LEID,EUID,NOTES,TAGS"
    )
    _ZONES: ClassVar[dict[str, tuple[str, ...]]] = {
        "US": ("-5", "-4", "America/New_York", "40.7128000", "-74.0060000"),
        "GB": ("0", "1", "Europe/London", "51.5072000", "-0.1276000"),
        "AU": ("10", "11", "Australia/Sydney", "-33.8688000", "151.2093000"),
        "CA": ("-5", "-4", "America/Toronto", "43.6532000", "-79.3832000"),
    }

    def mailchimp(self) -> None:
        entries = self.world.batch("US:3 GB:2 AU:1", 24, 3, 0)
        rows = [self._mailchimp_row(e, i) for i, e in enumerate(entries)]
        write_csv(self.out / "mailchimp_audience.csv", self.MAILCHIMP_HEADER, rows)
        self.note("mailchimp_audience.csv", entries)

    def _mailchimp_row(self, e: Entry, i: int) -> list[str]:
        p, c, rng = e.person, e.person.company, self.rng
        email = p.personal if p.personal and not e.repeat else email_cell(e, rng)
        optin = EXPORTED - dt.timedelta(days=rng.randrange(30, 900), seconds=rng.randrange(86400))
        confirm = optin + dt.timedelta(minutes=rng.randrange(1, 300))
        gmt, dst, zone, lat, lon = self._ZONES.get(c.country, self._ZONES["US"])
        address = "  ".join(x for x in (c.street, c.city, c.state, c.postal, c.country) if x)
        ip = f"203.0.113.{rng.randrange(1, 255)}"
        tags = rng.choice(('"Newsletter"', '"Newsletter","Webinar: Q1 2024"', "", '"Ebook"'))
        stamp = "%Y-%m-%d %H:%M:%S"
        return [
            email, p.first if i != 4 else "", p.last if i != 4 else "",
            address if rng.random() < 0.4 else "", phone_cell(e, "intl") if i % 3 else "",
            str(rng.randrange(1, 6)), optin.strftime(stamp), ip if i % 4 else "",
            confirm.strftime(stamp), f"198.51.100.{rng.randrange(1, 255)}", lat, lon, gmt, dst,
            zone, c.country, c.state, confirm.strftime(stamp), str(rng.randrange(10**8, 10**9)),
            f"{rng.randrange(16**10):010x}", "", tags,
        ]  # fmt: skip

    # --------------------------------------------------------------- Google Contacts

    GOOGLE_HEADER = _columns(
        "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,"
        "Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,"
        "Organization Title,Organization Department,Birthday,Notes,Photo,Labels,"
        "E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,"
        "Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,Address 1 - Label,"
        "Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - PO Box,"
        "Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,"
        "Address 1 - Extended Address,Website 1 - Label,Website 1 - Value"
    )

    def google_contacts(self) -> None:
        entries = self.world.batch("US:2 GB:1 FR:1 CA:1", 20, 2, 0)
        rows = [self._google_row(e, i) for i, e in enumerate(entries)]
        write_csv(self.out / "google_contacts.csv", self.GOOGLE_HEADER, rows,
                  encoding="utf-8-sig")  # fmt: skip
        self.note("google_contacts.csv", entries)

    def _google_row(self, e: Entry, i: int) -> list[str]:
        p, c, rng = e.person, e.person.company, self.rng
        work = email_cell(e, rng)
        if i == 6:  # Google joins several values with " ::: "
            other = p.personal or f"{_slug(p.first)}.{_slug(p.last)}.fake@gmail.com"
            work = f"{work} ::: {other}"
        labels = rng.choice(("* myContacts", "* myContacts ::: Clients",
                             "* starred ::: * myContacts ::: Conference 2024"))  # fmt: skip
        middle = "Anne" if i == 3 else ""
        formatted = f"{c.street}\n{c.city} {c.postal}\n{p.country.name}"
        return [
            p.first, middle, p.last, "", "", "", "", "", "", "", c.name, p.title, "", "", "",
            "", labels, "* Work", work, "Home" if p.personal and i != 6 else "",
            p.personal if i != 6 else "", "Mobile", phone_cell(e, "intl"), "Work",
            phone_text(c.switchboard, "intl") if i % 2 else "", "Work", formatted, c.street,
            c.city, "", c.state, c.postal, p.country.name, "", "", f"https://www.{c.domain}/",
        ]  # fmt: skip

    # --------------------------------------------------------------- Outlook

    OUTLOOK_HEADER = _columns(
        "Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title,"
        "Business Street,Business Street 2,Business Street 3,Business City,Business State,"
        "Business Postal Code,Business Country/Region,Home Street,Home Street 2,Home Street 3,"
        "Home City,Home State,Home Postal Code,Home Country/Region,Other Street,Other Street 2,"
        "Other Street 3,Other City,Other State,Other Postal Code,Other Country/Region,"
        "Assistant's Phone,Business Fax,Business Phone,Business Phone 2,Callback,Car Phone,"
        "Company Main Phone,Home Fax,Home Phone,Home Phone 2,ISDN,Mobile Phone,Other Fax,"
        "Other Phone,Pager,Primary Phone,Radio Phone,TTY/TDD Phone,Telex,Account,Anniversary,"
        "Assistant's Name,Billing Information,Birthday,Business Address PO Box,Categories,"
        "Children,Directory Server,E-mail Address,E-mail Type,E-mail Display Name,"
        "E-mail 2 Address,E-mail 2 Type,E-mail 2 Display Name,E-mail 3 Address,E-mail 3 Type,"
        "E-mail 3 Display Name,Gender,Government ID Number,Hobby,Home Address PO Box,Initials,"
        "Internet Free Busy,Keywords,Language,Location,Manager's Name,Mileage,Notes,"
        "Office Location,Organizational ID Number,Other Address PO Box,Priority,Private,"
        "Profession,Referred By,Sensitivity,Spouse,User 1,User 2,User 3,User 4,Web Page"
    )

    def outlook(self) -> None:
        entries = self.world.batch("US:2 GB:2", 20, 2, 0)
        rows = [self._outlook_row(e, i) for i, e in enumerate(entries)]
        write_csv(self.out / "outlook_contacts.csv", self.OUTLOOK_HEADER, rows)
        self.note("outlook_contacts.csv", entries)

    def _outlook_row(self, e: Entry, i: int) -> list[str]:
        p, c, rng = e.person, e.person.company, self.rng
        cells = dict.fromkeys(self.OUTLOOK_HEADER, "")
        email = email_cell(e, rng)
        cells.update({
            "Title": rng.choice(("Mr.", "Ms.", "Dr.", "Mrs.", "")), "First Name": p.first,
            "Last Name": p.last, "Suffix": "Jr." if i == 5 else "", "Company": c.name,
            "Department": rng.choice(("Marketing", "Sales", "")), "Job Title": p.title,
            "Business Street": c.street, "Business City": c.city, "Business State": c.state,
            "Business Postal Code": c.postal, "Business Country/Region": p.country.name,
            "Business Phone": phone_cell(e, "national"),
            "Company Main Phone": phone_text(c.switchboard, "national") if i % 3 == 0 else "",
            "Mobile Phone": phone_text(self.world.number(c.country), "intl") if i == 2 else "",
            "Anniversary": "0/0/00", "Birthday": "0/0/00", "Gender": "Unspecified",
            "Categories": rng.choice(("Clients", "Clients;Conference", "")),
            "E-mail Address": email, "E-mail Type": "SMTP" if email else "",
            "E-mail Display Name": f"{p.full} ({email.strip()})" if email else "",
            "E-mail 2 Address": p.personal, "E-mail 2 Type": "SMTP" if p.personal else "",
            "Initials": f"{p.first[0]}.{p.last[0]}.", "Priority": "Normal", "Private": "False",
            "Sensitivity": "Normal", "Web Page": f"http://www.{c.domain}/" if i % 2 else "",
            "Notes": "Met at the London roadshow.\nWants pricing for 50 seats." if i == 4 else "",
        })  # fmt: skip
        return list(cells.values())

    # --------------------------------------------------------------- conference sheet (xlsx)

    def conference_xlsx(self) -> None:

        rows = self._conference_rows()
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "Attendees"
        sheet.append(["SaaS Growth Summit 2024 — attendee list (confidential)"])
        sheet.append(["Full Name", "Company", "Job Title", "Email", "Phone #", "Country",
                      "Badge Type", "Notes"])  # fmt: skip
        for row in rows:
            sheet.append(_cells(row))
        path = self.out / "conference_attendees.xlsx"
        book.save(path)
        pin_zip(path)

    def _conference_rows(self) -> list[list[str]]:
        w = self.world
        entries = w.batch("US:3 GB:1 DE:1 FR:1", 18, 2, 1)
        rows = [self._attendee(e) for e in entries]
        martin = next(p for p in w.people if p.full == "Jean-Pierre Martin")
        rows.insert(
            3,
            [
                martin.full.upper(),
                martin.company.name,
                martin.title,
                martin.email,
                phone_text(martin.phone, "intl"),
                "France",
                "Speaker",
                "",
            ],
        )
        cobalt = next(c for c in w.companies if c.name == "Cobalt Harbor Logistics")
        board = phone_text(cobalt.switchboard, "national")
        for first, last, title in (
            ("Grant", "Ashby", "VP Marketing"),
            ("Tamika", "Rhodes", "Marketing Manager"),
            ("Hector", "Ferreira", "Procurement Lead"),
        ):
            p = w.at(cobalt, first, last, title)
            rows.insert(6, [p.full, cobalt.name, title, p.email, board, "USA", "Attendee",
                            "shares the front desk number"])  # fmt: skip
        rows.extend(self._conference_specials())
        self.counts["conference_attendees.xlsx"] = (len(rows), sum(e.repeat for e in entries) + 1)
        rows.insert(12, [""] * 8)  # a blank row in the middle
        return rows

    def _attendee(self, e: Entry) -> list[str]:
        p, rng = e.person, self.rng
        country = rng.choice(p.country.spellings)
        badge = rng.choice(("Attendee", "Attendee", "VIP", "Sponsor", "Speaker"))
        return [
            p.full,
            company_cell(p.company, rng),
            p.title,
            email_cell(e, rng),
            phone_cell(e, "dots" if rng.random() < 0.3 else "national"),
            country,
            badge,
            "",
        ]

    def _conference_specials(self) -> list[list[str]]:
        w = self.world
        bright = next(c for c in w.companies if c.name == "Brightlane Analytics")
        pine = next(c for c in w.companies if c.name == "Pinegrove Health")
        quartz = next(c for c in w.companies if c.name == "Quartz Lane Retail")
        return [
            ["Nadia Ferris", bright.name, "Event Coordinator", f"info@{bright.domain}",
             "", "USA", "Attendee", "role address"],
            ["Sales Team", quartz.name, "", f"sales@{quartz.domain}", "", "USA", "Sponsor",
             "role address, no person"],
            ["Tom Harris", pine.name, "Marketing Director",
             "tom.harris(at)pinegrove.example.org", "", "USA", "Attendee", "invalid email"],
            ["Kyle Brennan", "", "Freelance consultant", "kyle.brennan.fake@mailinator.com",
             "", "USA", "Attendee", "disposable address"],
            ["Wendy Okoro", quartz.name, "Head of Growth", f"wendy.okoro@{quartz.domain}",
             "4.15555E+09", "USA", "Attendee", "phone mangled by Excel"],
            ["Alex Morgan", "", "", "", "", "", "Attendee", ""],  # only a name: rejected
        ]  # fmt: skip

    # --------------------------------------------------------------- purchased list (UTF-16)

    def purchased_tsv(self) -> None:
        entries = self.world.batch("FR:1", 28, 2, 1)
        header = ["Civilité", "Prénom", "Nom", "Société", "Fonction", "E-mail", "Téléphone",
                  "Adresse", "Code postal", "Ville", "Pays", "Effectif", "Secteur d'activité",
                  "SIRET"]  # fmt: skip
        rows = [self._purchased_row(e, i) for i, e in enumerate(entries)]
        write_csv(self.out / "purchased_list.tsv", header, rows, encoding="utf-16",
                  delimiter="\t")  # fmt: skip
        self.note("purchased_list.tsv", entries)

    def _purchased_row(self, e: Entry, i: int) -> list[str]:
        p, c, rng = e.person, e.person.company, self.rng
        email = email_cell(e, rng) if i % 7 else f"contact@{c.domain}"
        last = p.last.upper() if i % 2 else p.last  # French lists love upper-case surnames
        return [
            rng.choice(("M.", "Mme")), p.first, last, c.name.upper() if i % 5 == 0 else c.name,
            p.title, email, phone_cell(e, "national"), c.street, c.postal, c.city, "France",
            c.employees.replace("-", " à "), c.industry, f"{rng.randrange(10**13, 10**14)}",
        ]  # fmt: skip

    # --------------------------------------------------------------- HubSpot API (JSON)

    def hubspot_json(self) -> None:
        entries = self.world.batch("US:3 CA:1 GB:1", 20, 2, 0)
        records = [self._hubspot_record(e, i) for i, e in enumerate(entries)]
        text = json.dumps(records, indent=2, ensure_ascii=False) + "\n"
        (self.out / "hubspot_api_contacts.json").write_text(text, encoding="utf-8")
        self.note("hubspot_api_contacts.json", entries)

    def _hubspot_record(self, e: Entry, i: int) -> dict[str, object]:
        p, c, rng = e.person, e.person.company, self.rng
        created = EXPORTED - dt.timedelta(days=rng.randrange(1, 400), seconds=rng.randrange(86400))
        stamp = created.strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randrange(1000):03d}Z"
        ident = str(7_100 + i * 13)
        props: dict[str, object] = {
            "createdate": stamp, "email": email_cell(e, rng), "firstname": p.first,
            "lastname": p.last, "phone": phone_cell(e, "e164") or None,
            "company": c.name, "jobtitle": p.title if i != 2 else None,
            "lifecyclestage": rng.choice(("lead", "marketingqualifiedlead", "subscriber")),
            "city": c.city, "state": c.state or None, "zip": c.postal,
            "country": p.country.name, "website": f"https://{c.domain}",
            "hs_object_id": ident, "lastmodifieddate": stamp,
        }  # fmt: skip
        return {"id": ident, "properties": props, "createdAt": stamp, "updatedAt": stamp,
                "archived": False}  # fmt: skip


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.make_samples", description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "sample_data")
    args = parser.parse_args(argv)
    samples = Samples(args.out)
    samples.build()
    total = sum(rows for rows, _ in samples.counts.values())
    repeats = sum(r for _, r in samples.counts.values())
    for name, (rows, rep) in samples.counts.items():
        print(f"{name:32} {rows:3} rows, {rep} repeats")
    print(f"{'total':32} {total:3} rows, {repeats} repeats ({repeats / total:.0%})")


if __name__ == "__main__":
    main()
