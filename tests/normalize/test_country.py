import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadtool.normalize.country import country_from_location, to_iso2


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        *[(s, "US") for s in ("US", "us", "USA", "usa", "U.S.", "U.S.A.", "u.s.a", "America")],
        *[(s, "US") for s in ("United States", "united states of america", "The United States")],
        *[(s, "US") for s in (" United  States ", "UNITED STATES", "united-states")],
        *[(s, "GB") for s in ("UK", "U.K.", "GB", "GBR", "United Kingdom", "Great Britain")],
        *[(s, "GB") for s in ("Britain", "England", "Scotland", "Wales", "Northern Ireland")],
        *[(s, "DE") for s in ("DE", "DEU", "Germany", "Deutschland", "germany", "GERMANY")],
        *[(s, "FR") for s in ("France", "FR", "FRA", "French Republic")],
        *[(s, "BR") for s in ("Brazil", "Brasil")],
        *[(s, "ES") for s in ("Spain", "España", "Espana")],
        *[(s, "MX") for s in ("Mexico", "México")],
        *[(s, "NL") for s in ("Netherlands", "The Netherlands", "Holland", "Nederland")],
        *[(s, "CH") for s in ("Switzerland", "Schweiz", "Suisse")],
        *[(s, "CZ") for s in ("Czechia", "Czech Republic")],
        *[(s, "KR") for s in ("South Korea", "Korea, Republic of", "Korea")],
        *[(s, "KP") for s in ("North Korea",)],
        *[(s, "RU") for s in ("Russia", "Russian Federation")],
        *[(s, "TR") for s in ("Turkey", "Türkiye", "Turkiye")],
        *[(s, "VN") for s in ("Vietnam", "Viet Nam")],
        *[(s, "CI") for s in ("Côte d'Ivoire", "Cote d'Ivoire", "Cote d Ivoire", "Ivory Coast")],
        *[(s, "AE") for s in ("United Arab Emirates", "UAE")],
        *[(s, "BA") for s in ("Bosnia and Herzegovina", "Bosnia & Herzegovina")],
        ("Taiwan", "TW"),
        ("Hong Kong", "HK"),
        ("Iran", "IR"),
        ("India", "IN"),
        ("Georgia", "GE"),
        ("Trinidad and Tobago", "TT"),
        ("People's Republic of China", "CN"),
    ],
)
def test_to_iso2(raw: str, expected: str) -> None:
    assert to_iso2(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", " ", "Mars", "Europe", "EU", "EMEA", "Remote", "N/A", "XX", "Californa"]
)
def test_to_iso2_unknown(raw: str) -> None:
    assert to_iso2(raw) is None


def test_every_iso_country_round_trips() -> None:
    for country in pycountry.countries:
        assert to_iso2(country.alpha_2) == country.alpha_2
        assert to_iso2(country.alpha_3) == country.alpha_2
        assert to_iso2(country.name) == country.alpha_2


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Paris, Île-de-France, France", "FR"),
        ("Greater London, England, United Kingdom", "GB"),
        ("London, England", "GB"),
        ("Berlin, Germany", "DE"),
        ("Toronto, Ontario, Canada", "CA"),
        ("Austin, Texas, United States", "US"),
        ("São Paulo, São Paulo, Brazil", "BR"),
        ("Singapore", "SG"),
        ("Germany", "DE"),
        ("Paris, FR", "FR"),
        ("San Francisco, California", "US"),
        ("Austin, TX", "US"),
        ("Austin, tx", "US"),
        ("Washington, D.C.", "US"),
        ("Seattle, Washington", "US"),
        ("Atlanta, Georgia", "US"),
        ("Tbilisi, Georgia", "GE"),
        ("San Diego, CA", "US"),
        ("CA", "CA"),
        ("California", "US"),
        ("New York", "US"),
        ("San Francisco Bay Area", "US"),
        ("New York City Metropolitan Area", "US"),
        ("Greater Chicago Area", "US"),
        ("Greater Boston", "US"),
        ("Dallas-Fort Worth Metroplex", "US"),
        ("Washington DC-Baltimore Area", "US"),
        ("Greater Seattle Area", "US"),
        ("Los Angeles Metropolitan Area", "US"),
        ("Silicon Valley", "US"),
    ],
)
def test_country_from_location(raw: str, expected: str) -> None:
    assert country_from_location(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        *("", "Remote", "Munich, Bavaria", "Greater London", "Greater Paris Metropolitan Region"),
        *("EMEA", "Chicago", "Greater Cambridge Area", "Worldwide", "Île-de-France"),
    ],
)
def test_country_from_location_unknown(raw: str) -> None:
    assert country_from_location(raw) is None


@given(st.text())
def test_any_text_is_handled(raw: str) -> None:
    code = to_iso2(raw)
    assert code is None or (len(code) == 2 and code.isupper())
    assert to_iso2(code or "") == code
    location = country_from_location(raw)
    assert location is None or to_iso2(location) == location


@given(st.sampled_from([c.name for c in pycountry.countries]), st.text(alphabet=" .,", max_size=3))
def test_names_survive_case_and_padding(name: str, padding: str) -> None:
    expected = to_iso2(name)
    assert to_iso2(f"{padding}{name.upper()}{padding}".strip(",")) == expected
