"""Seeded, realistic, messy lead lists for benchmarks and load tests.

    python -m bench.generate --rows 1000000 --out bench/data/leads.csv [--format xlsx] [--seed 7]

This module owns the synthetic data: the name, company, title and city pools, the phone plans
(numbers that `phonenumbers` validates, in the formats people type), and the mess: ~10% rows
that repeat an earlier person with case/format variants, a few % invalid emails, role
addresses, free-mail addresses, missing cells. Rows are streamed (constant memory: only a
bounded ring of earlier people is kept for the duplicates). Company domains are subdomains
of the reserved example.com/.net/.org; free-mail local parts say "fake".
Same seed, same bytes (CSV; XLSX also pins the workbook's creation date).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from random import Random

COLUMNS: tuple[str, ...] = (
    "First Name",
    "Last Name",
    "Email",
    "Phone",
    "Company",
    "Title",
    "Country",
    "City",
    "LinkedIn URL",
    "Website",
    "Industry",
    "Employees",
)
DUPLICATE_RATE = 0.10  # rows that repeat an earlier person
INVALID_EMAIL_RATE = 0.03  # of new people
ROLE_EMAIL_RATE = 0.02
FREE_MAIL_RATE = 0.08
MISSING_EMAIL_RATE = 0.06
JUNK_PHONE_RATE = 0.01
RING_SIZE = 10_000  # earlier people a duplicate can come from
XLSX_MAX_ROWS = 1_048_575  # below the header row

# --------------------------------------------------------------------------- pools

_NAMES: dict[str, tuple[str, str]] = {
    "en": (
        "James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara "
        "Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Nancy Daniel Lisa "
        "Matthew Betty Anthony Margaret Mark Sandra Donald Ashley Steven Kimberly Paul Emily "
        "Andrew Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah "
        "Timothy Stephanie Ronald Rebecca Jason Laura Jeffrey Sharon Ryan Cynthia Jacob Kathleen "
        "Gary Amy Nicholas Eric Angela Jonathan Helen Stephen Anna Justin Nicole Brandon Emma "
        "Benjamin Samantha Samuel Katherine Gregory Christine Olivia Liam Noah Chloe Zoë Siobhán "
        "Seán Aoife Niamh Ciarán Oisín Renée",
        "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez "
        "Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson "
        "White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott "
        "Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter "
        "Roberts Murphy O'Brien O'Connor Kelly Byrne Walsh McCarthy Doyle Evans Patel Khan "
        "Hughes Edwards Collins Stewart Morris Rogers Reed Cook Morgan Bell Cooper Richardson "
        "Cox Howard Ward Peterson Gray Watson Brooks Kennedy Bennett Wood Barnes Ross Henderson "
        "Coleman Jenkins Perry Powell Long Patterson Foster Sullivan Russell Price",
    ),
    "de": (
        "Lukas Leon Maximilian Felix Jonas Paul Elias Finn Ben Luis Jürgen Günter Jörg Björn "
        "Stefan Andreas Thomas Michael Wolfgang Klaus Sabine Susanne Petra Monika Ursula Claudia "
        "Katrin Anja Julia Lena Hannah Sophie Marie Lea Jana Sarah Dörte Grete Maren Uwe Dieter "
        "Horst Tobias Florian Sebastian Matthias",
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch "
        "Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann "
        "Hartmann Lange Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler "
        "Herrmann König Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn "
        "Vogel Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann Franke "
        "Albrecht Schuster Ludwig Böhm Winter Kraus Schumacher Krämer Vogt Stein Jäger Otto "
        "Sommer Groß Seidel Heinrich Brandt Haas",
    ),
    "fr": (
        "Jean Pierre Michel André Philippe René Louis Alain Jacques Bernard Marcel Daniel Roger "
        "Paul Claude Christian Henri Georges Nicolas François Éric Stéphane Frédéric Sébastien "
        "Jérôme Thierry Hélène Marie Nathalie Isabelle Sylvie Catherine Françoise Valérie "
        "Sandrine Céline Aurélie Élodie Camille Léa Manon Chloé Inès Zoé Mathilde Amélie Anaïs "
        "Gaëlle Jean-Pierre Jean-Luc Marie-Claire Anne-Sophie Noémie Loïc Gaël Hervé Benoît "
        "Théo Raphaël",
        "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
        "Lefèvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Lefebvre "
        "Mercier Dupont Lambert Bonnet François Legrand Garnier Faure Rousseau Blanc Guérin "
        "Muller Henry Roussel Perrin Morin Mathieu Clément Gauthier Dumont Fontaine Chevalier "
        "Robin Masson Gérard Boyer Denis Lemaire Duval Joly Gautier Roche Roy Noël Lucas Meunier "
        "Marchand Dufour Blanchard Barbier Brun Dumas Brunet Leroux Colin Renard Arnaud Rolland "
        "Caron Aubert Giraud Leclerc Vidal Bourgeois Renaud Lemoine Picard Gaillard Lacroix "
        "Fabre Dupuis Olivier Hubert Guillot Rivière Le Gall Guillaume Ménard Fleury Deschamps "
        "Carpentier Bénard Maillard Aubry Vasseur Le Roux Jacquet Prévost Poirier Carré Rémy",
    ),
    "es": (
        "José Antonio Manuel Francisco Juan David Javier Daniel Carlos Jesús Alejandro Miguel "
        "Rafael Pablo Sergio Fernando Jorge Luis Alberto Álvaro Adrián Diego Raúl Iván Rubén "
        "Óscar Andrés María Carmen Ana Isabel Laura Cristina Marta Lucía Elena Sara Paula Raquel "
        "Pilar Rosa Teresa Beatriz Silvia Nuria Patricia Mónica Inés Sofía Valentina Ximena "
        "Guadalupe Ángela Begoña Itziar Íñigo Aitor",
        "García González Rodríguez Fernández López Martínez Sánchez Pérez Gómez Martín Jiménez "
        "Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro Torres "
        "Domínguez Vázquez Ramos Gil Ramírez Serrano Blanco Molina Morales Suárez Ortega Delgado "
        "Castro Ortiz Rubio Marín Sanz Núñez Iglesias Medina Garrido Cortés Castillo Santos "
        "Lozano Guerrero Cano Prieto Méndez Cruz Calvo Gallego Vidal León Márquez Herrera Peña "
        "Flores Cabrera Campos Vega Fuentes Carrasco Caballero Reyes Nieto Aguilar Pascual "
        "Santana Herrero Lorenzo Montero Hidalgo Giménez Ibáñez Ferrer Durán Benítez Mora "
        "Vargas Arias Carmona Crespo Román Pastor Soto Sáez Velasco Moya Soler Parra Bravo",
    ),
    "it": (
        "Giuseppe Giovanni Antonio Mario Luigi Francesco Angelo Vincenzo Pietro Salvatore Carlo "
        "Franco Domenico Bruno Paolo Michele Giorgio Roberto Marco Andrea Alessandro Matteo "
        "Lorenzo Niccolò Luca Maria Anna Giuseppina Rosa Angela Giovanna Teresa Lucia Carmela "
        "Caterina Francesca Giulia Chiara Sara Martina Federica Alessia Elisa Beatrice Ilaria",
        "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo "
        "Conti De Luca Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana Santoro "
        "Mariani Rinaldi Caruso Ferrara Galli Martini Leone Longo Gentile Martinelli Vitale "
        "Serra Coppola De Santis D'Angelo Marchetti Parisi Villa Conte Ferraro Fabbri Bianco "
        "Marini Grasso Valentini Messina Sala Gatti Pellegrini Palumbo Sanna Farina Monti "
        "Cattaneo Morelli Amato Silvestri Mazza Testa Carbone Giuliani Benedetti Barone Caputo "
        "Montanari Guerra Palmieri Bernardi Fiore De Rosa Ferretti Bellini Basile Riva Donati",
    ),
    "nl": (
        "Jan Johannes Cornelis Hendrik Willem Pieter Gerrit Jacobus Daan Sem Lucas Bram Thijs "
        "Ruben Joris Maria Johanna Anna Cornelia Elisabeth Emma Julia Sanne Fleur Lotte Anouk "
        "Sophie Femke Eva Noor Mieke Geert",
        "de_Jong Jansen de_Vries van_den_Berg van_Dijk Bakker Janssen Visser Smit Meijer "
        "de_Boer Mulder de_Groot Bos Vos Peters Hendriks van_Leeuwen Dekker Brouwer de_Wit "
        "Dijkstra Smits de_Graaf van_der_Meer van_der_Linden Kok Jacobs de_Haan Vermeulen "
        "van_den_Heuvel van_der_Veen van_den_Broek de_Bruijn van_der_Heijden Schouten van_Beek "
        "Willems van_Vliet van_de_Ven Hoekstra Maas Verhoeven Koster van_Dam van_der_Wal Prins",
    ),
    "sv": (
        "Lars Anders Johan Karl Per Erik Nils Mikael Björn Sven Gustav Oskar Axel Elias Maja Anna "
        "Eva Karin Kristina Lena Sara Ingrid Astrid Sofia Elin Linnéa Ebba Åsa Göran Märta",
        "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson "
        "Gustafsson Pettersson Jonsson Hansson Bengtsson Jönsson Lindberg Jakobsson Magnusson "
        "Lindström Lindqvist Lindgren Berg Axelsson Bergström Lundberg Lundgren Mattsson "
        "Berglund Fredriksson Sandberg Forsberg Sjöberg Wallin Engström Eklund Håkansson Björk "
        "Nyström Holmberg Löfgren Söderberg Nyberg Blomqvist Mårtensson Åberg Öberg Månsson",
    ),
    "in": (
        "Aarav Vivaan Aditya Vihaan Arjun Sai Reyansh Krishna Ishaan Rohan Rahul Amit Vikram "
        "Sanjay Rajesh Suresh Anil Deepak Ravi Arun Priya Ananya Aadhya Diya Saanvi Pooja Neha "
        "Kavya Sneha Divya Lakshmi Meera Anjali Shreya Nisha Sunita Rekha",
        "Sharma Verma Gupta Singh Kumar Patel Shah Mehta Joshi Reddy Rao Nair Iyer Menon Pillai "
        "Das Bose Banerjee Chatterjee Mukherjee Ghosh Sen Agarwal Jain Malhotra Kapoor Khanna "
        "Chopra Bhatia Saxena Mishra Pandey Tiwari Desai Kulkarni Deshpande Naidu Chowdhury",
    ),
    "pt": (
        "João Pedro Lucas Gabriel Mateus Guilherme Rafael Felipe Gustavo Bruno Thiago Rodrigo "
        "André Marcelo Leonardo Vinícius Caio Maria Ana Juliana Mariana Fernanda Beatriz Camila "
        "Larissa Letícia Bruna Amanda Gabriela Patrícia Aline Luíza Antônio Sebastião Fábio "
        "Márcio Cláudia Débora Lívia",
        "Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro "
        "Martins Carvalho Almeida Lopes Soares Fernandes Vieira Barbosa Rocha Dias Nascimento "
        "Andrade Moreira Nunes Marques Machado Mendes Freitas Cardoso Ramos Gonçalves Santana "
        "Teixeira Araújo Magalhães Brandão Simões Falcão Conceição",
    ),
    "sg": (
        "Wei Jun Ming Hui Xin Jia Li Mei Ling Kai Jie Hao Yi Zhi Ying Siew Boon Kok Rachel "
        "Jasmine Darren Eugene Kelvin Cheryl Shirley Vincent Gerald Melvin Joanne",
        "Tan Lim Lee Ng Ong Wong Goh Chua Chan Koh Teo Ang Yeo Tay Ho Low Toh Sim Chong Chia "
        "Seah Foo Leong Quek Yap Heng Pang Loh Tham Lau",
    ),
}


@dataclass(frozen=True)
class Country:
    iso: str
    weight: int
    names: tuple[str, ...]  # how people write it, most common first
    cities: tuple[str, ...]
    people: str  # key of _NAMES
    legal: tuple[str, ...]  # company legal suffixes
    linkedin: str  # country subdomain of linkedin.com


def _c(iso: str, weight: int, names: str, cities: str, people: str, legal: str, li: str) -> Country:
    return Country(
        iso, weight, tuple(names.split("|")), tuple(cities.split("|")), people,
        tuple(legal.split("|")), li,
    )  # fmt: skip


COUNTRIES: tuple[Country, ...] = (
    _c("US", 45, "United States|USA|US|United States of America|U.S.",
       "New York|San Francisco|Austin|Chicago|Boston|Seattle|Denver|Atlanta|Los Angeles|Miami|"
       "Dallas|Portland|Raleigh|Minneapolis|Phoenix|Nashville|San Diego|Philadelphia|Columbus",
       "en", "Inc.|LLC|Corp.|Inc|Co.", "www"),
    _c("GB", 9, "United Kingdom|UK|GB|England", "London|Manchester|Birmingham|Leeds|Bristol|"
       "Edinburgh|Glasgow|Cambridge|Oxford|Belfast|Cardiff", "en", "Ltd|Ltd.|PLC|LLP", "uk"),
    _c("CA", 5, "Canada|CA", "Toronto|Vancouver|Montréal|Calgary|Ottawa|Waterloo|Québec",
       "en", "Inc.|Ltd.|Corp.", "ca"),
    _c("AU", 3, "Australia|AU", "Sydney|Melbourne|Brisbane|Perth|Adelaide|Canberra", "en",
       "Pty Ltd|Pty. Ltd.", "au"),
    _c("IE", 2, "Ireland|IE|Éire", "Dublin|Cork|Galway|Limerick", "en", "Ltd|DAC", "ie"),
    _c("DE", 7, "Germany|Deutschland|DE", "Berlin|München|Hamburg|Köln|Frankfurt am Main|"
       "Stuttgart|Düsseldorf|Leipzig|Nürnberg", "de", "GmbH|AG|GmbH & Co. KG", "de"),
    _c("FR", 6, "France|FR", "Paris|Lyon|Marseille|Toulouse|Nantes|Bordeaux|Lille|Nice|Rennes",
       "fr", "SAS|SARL|SA", "fr"),
    _c("ES", 4, "Spain|España|ES", "Madrid|Barcelona|Valencia|Sevilla|Bilbao|Málaga|Zaragoza",
       "es", "S.L.|S.A.", "es"),
    _c("IT", 3, "Italy|Italia|IT", "Milano|Roma|Torino|Bologna|Firenze|Napoli", "it",
       "S.r.l.|S.p.A.", "it"),
    _c("NL", 3, "Netherlands|The Netherlands|NL", "Amsterdam|Rotterdam|Utrecht|Den Haag|"
       "Eindhoven", "nl", "B.V.|N.V.", "nl"),
    _c("SE", 2, "Sweden|Sverige|SE", "Stockholm|Göteborg|Malmö|Uppsala", "sv", "AB", "se"),
    _c("IN", 4, "India|IN", "Bengaluru|Mumbai|Pune|Hyderabad|Chennai|New Delhi|Gurugram", "in",
       "Pvt Ltd|Private Limited|Ltd", "in"),
    _c("BR", 3, "Brazil|Brasil|BR", "São Paulo|Rio de Janeiro|Belo Horizonte|Curitiba|"
       "Porto Alegre|Florianópolis", "pt", "Ltda.|S.A.", "br"),
    _c("MX", 2, "Mexico|México|MX", "Ciudad de México|Guadalajara|Monterrey|Puebla", "es",
       "S.A. de C.V.", "mx"),
    _c("SG", 2, "Singapore|SG", "Singapore", "sg", "Pte. Ltd.|Pte Ltd", "sg"),
)  # fmt: skip


def _split(text: str, sep: str) -> list[str]:
    return [word for word in text.split(sep) if word]


_COMPANY_HEADS = _split(
    "Acme Apex Arbor Atlas Aurora Beacon Birch Blue Bright Cedar Clear Cobalt Copper Crest Delta "
    "Summit Ember Falcon Fern Forge Granite Harbor Horizon Iron Juniper Keystone Lantern Linden "
    "Lumen Maple Meridian Nimbus North Nova Oak Orbit Pacific Peak Pine Pioneer Prism Quantum "
    "Quartz Radiant Red River Sage Silver Solar Spark Spruce Stone Sterling Swift Terra Tidal "
    "True Union Vantage Vertex Willow Zenith Everest Cascade Polar Signal Vector Echo Harvest "
    "Kestrel Osprey Onyx",
    " ",
)
_COMPANY_TAILS = _split(
    "Analytics Labs Systems Software Solutions Dynamics Networks Logistics Health Capital "
    "Partners Media Works Digital Data Robotics Energy Foods Consulting Group Technologies Cloud "
    "Security Retail Bio Pharma Studio Ventures Insights Learning Interactive Commerce Mobility "
    "Materials Industries Holdings Marketing Finance Payments Foundry Metrics Freight Apparel "
    "Hospitality",
    " ",
)
_TITLES = _split(
    "Chief Executive Officer|CEO|Founder|Co-Founder|Chief Marketing Officer|CMO|VP Marketing|"
    "Vice President of Marketing|Head of Marketing|Marketing Director|"
    "Director of Demand Generation|Marketing Manager|Senior Marketing Manager|"
    "Growth Marketing Manager|Content Marketing Manager|Product Marketing Manager|Brand Manager|"
    "Digital Marketing Specialist|Marketing Coordinator|Chief Technology Officer|CTO|"
    "VP Engineering|Engineering Manager|Software Engineer|Senior Software Engineer|"
    "Data Scientist|Head of Data|IT Director|IT Manager|Chief Financial Officer|CFO|"
    "Finance Director|Controller|Chief Operating Officer|COO|Operations Manager|"
    "Head of Operations|VP Sales|Sales Director|Head of Sales|Account Executive|"
    "Senior Account Executive|Sales Development Representative|Business Development Manager|"
    "Customer Success Manager|HR Director|Head of People|Talent Acquisition Manager|"
    "Procurement Manager|Purchasing Director|Office Manager|Executive Assistant|"
    "Product Manager|Senior Product Manager|Head of Product|Managing Director|General Manager|"
    "Partner|Consultant|Project Manager|Directeur Marketing|Responsable Marketing|"
    "Geschäftsführer|Leiter Marketing|Director de Marketing|Gerente de Ventas|"
    "Directeur Commercial",
    "|",
)
_INDUSTRIES = _split(
    "Computer Software|Information Technology & Services|Marketing & Advertising|"
    "Financial Services|Hospital & Health Care|Retail|Logistics & Supply Chain|Manufacturing|"
    "Education|Real Estate|Consumer Goods|Telecommunications|Construction|Automotive|"
    "Food & Beverages|Pharmaceuticals|Management Consulting|Staffing & Recruiting|Insurance|"
    "Media Production|E-Learning|Renewables & Environment|Hospitality|Legal Services|Nonprofit",
    "|",
)
_EMPLOYEES = _split("1-10|11-50|51-200|201-500|501-1000|1001-5000|5001-10000|10001+", "|")
_RESERVED = ("example.com", "example.net", "example.org")
_FREE_MAIL = ("gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "gmx.de", "orange.fr")
_ROLES = ("info", "sales", "contact", "hello", "office", "marketing", "admin", "support")
_SHAPE_PICK = [0] * 45 + [1] * 25 + [2] * 15 + [3] * 5 + [4] * 5 + [5] * 5  # national first
_JUNK_PHONES = ("n/a", "TBD", "555", "call switchboard", "0", "-")

# --------------------------------------------------------------------------- tables


def ascii_fold(text: str) -> str:
    """ "Jérôme" -> "jerome" for email local parts and LinkedIn slugs."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    kept = "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c in " -'"))
    return kept.casefold()


@dataclass(frozen=True)
class Company:
    name: str
    domain: str
    website: str
    industry: str
    employees: str


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    local: str  # email local part ("" when the person has no email)
    email: str
    country: int
    prefix: int  # index into the country's phone plan, -1 when no phone
    digits: str  # last four digits of the phone
    shape: int  # how this person's phone is usually written (index into the templates)
    company: int  # index into the country's companies
    title: str
    city: str
    slug: str  # LinkedIn vanity name, "" when none


def _weighted_table(weights: Sequence[int], size: int = 1000) -> list[int]:
    """A lookup list: picking table[int(random() * size)] draws index i with weight[i]."""
    total = sum(weights)
    table: list[int] = []
    for i, w in enumerate(weights):
        table.extend([i] * round(size * w / total))
    return table + [0] * (size - len(table)) if len(table) < size else table[:size]


def _companies(rng: Random) -> list[list[Company]]:
    """A few thousand companies, each in one country (US-heavy, like the people)."""
    pick = _weighted_table([c.weight for c in COUNTRIES])
    by_country: list[list[Company]] = [[] for _ in COUNTRIES]
    for head in _COMPANY_HEADS:
        for tail in _COMPANY_TAILS:
            home = pick[int(rng.random() * len(pick))]
            by_country[home].append(_company(rng, head, tail, COUNTRIES[home]))
    return by_country


def _company(rng: Random, head: str, tail: str, country: Country) -> Company:
    joined = rng.random() < 0.3
    name = f"{head}{tail.lower()}" if joined else f"{head} {tail}"
    domain = f"{(head + tail).lower()}.{rng.choice(_RESERVED)}"
    website = rng.choice((f"https://www.{domain}", f"www.{domain}", domain, f"http://{domain}/"))
    employees = rng.choice(_EMPLOYEES) if rng.random() < 0.85 else str(rng.randrange(2, 20000))
    return Company(
        f"{name} {rng.choice(country.legal)}", domain, website, rng.choice(_INDUSTRIES), employees
    )


# --------------------------------------------------------------------------- phones


def _phone_plan(rng: Random, iso: str, per_type: int = 12) -> list[tuple[str, ...]]:
    """Format templates ("+1 415-555-{}{}{}{}") of prefixes that phonenumbers validates with
    any last four digits, in six ways people write a number."""
    import phonenumbers

    plan: list[tuple[str, ...]] = []
    for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
        example = phonenumbers.example_number_for_type(iso, kind)
        if example is None:
            continue
        code = example.country_code or 0
        nsn = phonenumbers.national_significant_number(example)
        for prefix in _valid_prefixes(rng, iso, code, nsn, per_type):
            plan.append(_templates(f"+{code}{prefix}1234", iso))
    return plan


def _valid_prefixes(rng: Random, iso: str, code: int, nsn: str, wanted: int) -> list[str]:
    import phonenumbers

    found = [nsn[:-4]]
    for _ in range(3000):
        if len(found) >= wanted:
            break
        middle = "".join(rng.choice("0123456789") for _ in range(len(nsn) - 5))
        prefix = nsn[0] + middle
        tries = (f"+{code}{prefix}{rng.randrange(10000):04d}" for _ in range(4))
        if prefix not in found and all(
            phonenumbers.is_valid_number_for_region(phonenumbers.parse(n), iso) for n in tries
        ):
            found.append(prefix)
    return found


def _templates(e164_text: str, iso: str) -> tuple[str, ...]:
    import phonenumbers

    fmt = phonenumbers.PhoneNumberFormat
    number = phonenumbers.parse(e164_text)
    meta = phonenumbers.PhoneMetadata.metadata_for_region(iso)
    idd = meta.international_prefix if meta is not None else None
    e164 = phonenumbers.format_number(number, fmt.E164)
    intl = phonenumbers.format_number(number, fmt.INTERNATIONAL)
    national = phonenumbers.format_number(number, fmt.NATIONAL)
    dotted = national.replace("(", "").replace(")", "").replace(" ", ".").replace("-", ".")
    digits = "".join(c for c in national if c.isdigit())
    europe = idd is not None and re.fullmatch(idd, "00") is not None
    dialled = "00" + intl[1:] if europe else intl  # "0049 30 ..." where 00 dials abroad
    shapes = (national, intl, e164, dialled, dotted, digits)
    return tuple(_placeholders(s) for s in shapes)


def _placeholders(formatted: str) -> str:
    """Replace the last four digits by {} placeholders."""
    chars = list(formatted)
    left = 4
    for i in range(len(chars) - 1, -1, -1):
        if left and chars[i].isdigit():
            chars[i], left = "{}", left - 1
    return "".join(chars)


# --------------------------------------------------------------------------- rows


class LeadFactory:
    """Makes rows one at a time; keeps only a bounded ring of earlier people."""

    def __init__(self, seed: int) -> None:
        self.rng = Random(seed)
        self.pick_country = _weighted_table([c.weight for c in COUNTRIES])
        self.companies = _companies(self.rng)
        self.phones = [_phone_plan(self.rng, c.iso) for c in COUNTRIES]
        self.names = {k: (f.split(), last.split()) for k, (f, last) in _NAMES.items()}
        self.ring: list[Person] = []
        self.made = 0

    def rows(self, count: int) -> Iterator[list[str]]:
        for _ in range(count):
            yield self.row()

    def row(self) -> list[str]:
        self.made += 1
        rng = self.rng
        if self.ring and rng.random() < DUPLICATE_RATE:
            return self._variant(self.ring[int(rng.random() * len(self.ring))])
        person = self._person()
        if len(self.ring) < RING_SIZE:
            self.ring.append(person)
        else:
            self.ring[self.made % RING_SIZE] = person
        return self._render(person, person.shape, 0)

    def _person(self) -> Person:
        rng = self.rng
        ci = self.pick_country[int(rng.random() * len(self.pick_country))]
        country = COUNTRIES[ci]
        firsts, lasts = self.names[country.people]
        first, last = rng.choice(firsts), rng.choice(lasts).replace("_", " ")
        company = int(rng.random() * len(self.companies[ci]))
        local, email = self._email(first, last, self.companies[ci][company].domain)
        has_phone = rng.random() < 0.8
        return Person(
            first=first if rng.random() > 0.01 else "",
            last=last,
            local=local,
            email=email,
            country=ci,
            prefix=int(rng.random() * len(self.phones[ci])) if has_phone else -1,
            digits=f"{rng.randrange(10000):04d}",
            shape=_SHAPE_PICK[int(rng.random() * len(_SHAPE_PICK))],
            company=company,
            title=rng.choice(_TITLES) if rng.random() > 0.05 else "",
            city=rng.choice(country.cities) if rng.random() > 0.08 else "",
            slug=self._slug(first, last) if rng.random() < 0.7 else "",
        )

    def _email(self, first: str, last: str, domain: str) -> tuple[str, str]:
        rng = self.rng
        f, la = ascii_fold(first).replace(" ", ""), ascii_fold(last).replace(" ", "")
        f, la = f.replace("'", ""), la.replace("'", "")
        draw = rng.random()
        if draw < MISSING_EMAIL_RATE:
            return "", ""
        draw -= MISSING_EMAIL_RATE
        if draw < ROLE_EMAIL_RATE:
            role = rng.choice(_ROLES)
            return role, f"{role}@{domain}"
        draw -= ROLE_EMAIL_RATE
        if draw < FREE_MAIL_RATE:
            local = f"{f}.{la}.fake{rng.randrange(100)}"
            return local, f"{local}@{rng.choice(_FREE_MAIL)}"
        local = rng.choice(
            (f"{f}.{la}", f"{f}.{la}", f"{f[:1]}{la}", f, f"{f}{la[:1]}", f"{f}_{la}")
        )
        if draw < FREE_MAIL_RATE + INVALID_EMAIL_RATE:
            return local, self._broken(local, domain)
        email = f"{local}@{domain}"
        return local, email if rng.random() > 0.05 else email.title()

    def _broken(self, local: str, domain: str) -> str:
        return self.rng.choice(
            (
                f"{local}.{domain}",
                f"{local}@@{domain}",
                f"{local} @{domain}",
                f"{local}@{domain.split('.')[0]}",
                f"{local}@{domain.replace('.', ',', 1)}",
                f"{local}@",
                "n/a",
            )
        )

    def _slug(self, first: str, last: str) -> str:
        rng = self.rng
        base = f"{ascii_fold(first)}-{ascii_fold(last)}".replace(" ", "-").replace("'", "")
        return base if rng.random() < 0.2 else f"{base}-{rng.randrange(16**6):06x}"

    def _render(self, p: Person, phone_shape: int, li_variant: int) -> list[str]:
        country = COUNTRIES[p.country]
        company = self.companies[p.country][p.company]
        rng = self.rng
        return [
            p.first,
            p.last,
            p.email,
            self._phone(p, phone_shape),
            company.name,
            p.title,
            country.names[0] if rng.random() < 0.75 else rng.choice(country.names),
            p.city,
            self._linkedin(p, li_variant),
            company.website if rng.random() > 0.15 else "",
            company.industry if rng.random() > 0.1 else "",
            company.employees if rng.random() > 0.15 else "",
        ]

    def _phone(self, p: Person, shape: int) -> str:
        if p.prefix < 0:
            return ""
        if self.rng.random() < JUNK_PHONE_RATE:
            return self.rng.choice(_JUNK_PHONES)
        templates = self.phones[p.country][p.prefix]
        return templates[shape % len(templates)].format(*p.digits)

    def _linkedin(self, p: Person, variant: int) -> str:
        if not p.slug:
            return ""
        if variant:
            return f"https://{COUNTRIES[p.country].linkedin}.linkedin.com/in/{p.slug}/"
        return f"https://www.linkedin.com/in/{p.slug}"

    def _variant(self, p: Person) -> list[str]:
        """The same person again, written differently (and at least one difference)."""
        rng = self.rng
        reformat = rng.random() < 0.5
        shape = (p.shape + rng.randrange(1, 6)) % 6 if reformat else p.shape
        li_variant = 1 if rng.random() < 0.4 else 0
        row = self._render(p, shape, li_variant)
        if rng.random() < 0.4 or not (reformat or li_variant):
            row[2] = row[2].upper()
        if rng.random() < 0.2:
            row[0], row[1] = row[0].upper(), row[1].upper()
        if rng.random() < 0.2:
            row[rng.choice((3, 5, 7, 8))] = ""
        return row


# --------------------------------------------------------------------------- writers


def generate(rows: int, out: Path, fmt: str = "csv", seed: int = 42) -> Path:
    """Write `rows` lead rows (plus a header) to `out` as CSV or XLSX; return `out`."""
    if rows < 0:
        raise ValueError("rows must be >= 0")
    if fmt not in ("csv", "xlsx"):
        raise ValueError(f"unknown format {fmt!r}: use csv or xlsx")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    factory = LeadFactory(seed)
    if fmt == "csv":
        _write_csv(out, factory.rows(rows))
    else:
        if rows > XLSX_MAX_ROWS:
            raise ValueError(f"an XLSX sheet holds at most {XLSX_MAX_ROWS} rows")
        _write_xlsx(out, factory.rows(rows))
    return out


def _write_csv(out: Path, rows: Iterator[list[str]]) -> None:
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)


def _write_xlsx(out: Path, rows: Iterator[list[str]]) -> None:
    import xlsxwriter  # type: ignore[import-untyped]

    options = {
        "constant_memory": True,
        "strings_to_formulas": False,  # PITFALLS #7
        "strings_to_urls": False,
        "strings_to_numbers": False,
    }
    with xlsxwriter.Workbook(str(out), options) as book:
        book.set_properties({"created": dt.datetime(2024, 1, 1, tzinfo=dt.UTC)})
        sheet = book.add_worksheet("Leads")
        for col, name in enumerate(COLUMNS):
            sheet.write_string(0, col, name)
        for r, row in enumerate(rows, 1):
            for col, value in enumerate(row):
                if value:
                    sheet.write_string(r, col, value)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--format", choices=("csv", "xlsx"), default=None)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    fmt = args.format or ("xlsx" if args.out.suffix.lower() == ".xlsx" else "csv")
    path = generate(args.rows, args.out, fmt, args.seed)
    print(f"wrote {args.rows} rows to {path}")


if __name__ == "__main__":
    main()
