import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadtool.normalize.email import normalize_email
from leadtool.normalize.web import website_domain


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://www.Acme.com/about?x=1", "acme.com"),
        ("acme.com", "acme.com"),
        ("ACME.COM", "acme.com"),
        ("www.acme.com", "acme.com"),
        ("WWW.ACME.COM/", "acme.com"),
        ("http://acme.co.uk", "acme.co.uk"),
        ("https://shop.acme.co.uk/en/", "shop.acme.co.uk"),
        ("http://user:secret@acme.com:8080/x", "acme.com"),
        ("https://acme.com:443", "acme.com"),
        ("https://acme.com#contact", "acme.com"),
        ("https://acme.com?utm_source=x", "acme.com"),
        ("//acme.com/path", "acme.com"),
        ("acme.com/about-us", "acme.com"),
        ("www.acme.com.", "acme.com"),
        ("acme.com,", "acme.com"),
        ("(acme.com)", "acme.com"),
        ("<https://acme.com>", "acme.com"),
        ('"acme.com"', "acme.com"),
        ("  acme.com  ", "acme.com"),
        ("\u200bacme.com", "acme.com"),
        ("www.www.acme.com", "acme.com"),
        ("ftp://files.acme.com", "files.acme.com"),
        ("bücher.de", "bücher.de"),
        ("http://xn--bcher-kva.de", "bücher.de"),
        ("https://BÜCHER.de/shop", "bücher.de"),
        ("acme-corp.io", "acme-corp.io"),
        ("www2.acme.com", "www2.acme.com"),
    ],
)
def test_website_domain(raw: str, expected: str) -> None:
    assert website_domain(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        *("", " ", "-", "n/a", "N/A", "none", "acme", "Acme Inc", "acme .com", "acme.com/a b"),
        *("jane@acme.com", "mailto:jane@acme.com", "localhost", "http://localhost:8000"),
        *("192.168.0.1", "http://10.0.0.1/admin", "http://[::1]/", "http://[abc", "http://"),
        *(".com", "acme..com", "-acme.com", "acme_corp.com", "printer.local", "https://"),
    ],
)
def test_not_a_website(raw: str) -> None:
    assert website_domain(raw) is None


def test_matches_email_domain() -> None:
    email = normalize_email("Jane@XN--BCHER-KVA.de").value
    assert email is not None
    assert email.split("@")[1] == website_domain("https://www.bücher.de/")


@given(st.text())
def test_any_text_is_handled(raw: str) -> None:
    domain = website_domain(raw)
    assert domain is None or (domain == domain.lower() and "." in domain)


@given(st.text(alphabet="abcXYZ019.-_/:@?#wü ", max_size=40))
def test_domains_are_fixed_points(raw: str) -> None:
    domain = website_domain(raw)
    if domain is not None:
        assert website_domain(domain) == domain
        assert website_domain(f"https://www.{domain}/") == domain
