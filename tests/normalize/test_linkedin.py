import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadtool.normalize.linkedin import canonical_linkedin

JANE = "https://www.linkedin.com/in/jane-doe"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://www.linkedin.com/in/jane-doe", JANE),
        ("https://www.linkedin.com/in/jane-doe/", JANE),
        ("http://www.linkedin.com/in/jane-doe", JANE),
        ("https://linkedin.com/in/jane-doe", JANE),
        ("linkedin.com/in/jane-doe", JANE),
        ("www.linkedin.com/in/jane-doe/", JANE),
        ("//www.linkedin.com/in/jane-doe", JANE),
        ("HTTPS://WWW.LINKEDIN.COM/IN/JANE-DOE", JANE),
        ("https://www.linkedin.com/in/Jane-Doe", JANE),
        ("https://uk.linkedin.com/in/jane-doe", JANE),
        ("https://de.linkedin.com/in/jane-doe/", JANE),
        ("https://fr.linkedin.com/in/jane-doe?originalSubdomain=fr", JANE),
        ("https://m.linkedin.com/in/jane-doe", JANE),
        ("https://www.linkedin.com/mwlite/in/jane-doe", JANE),
        ("https://www.linkedin.com/in/jane-doe?trk=public_profile", JANE),
        ("https://www.linkedin.com/in/jane-doe#experience", JANE),
        ("https://www.linkedin.com/in/jane-doe/details/experience/", JANE),
        ("https://www.linkedin.com/in/jane-doe/recent-activity/all/", JANE),
        ("https://www.linkedin.com/in/jane-doe/de", JANE),
        ("https://www.linkedin.com:443/in/jane-doe", JANE),
        ("  <https://www.linkedin.com/in/jane-doe>  ", JANE),
        ('"https://www.linkedin.com/in/jane-doe"', JANE),
        ("https://www.linkedin.com//in//jane-doe", JANE),
        ("https://www.linkedin.com/in/jane%2Ddoe", JANE),
        (
            "https://de.linkedin.com/in/j%C3%B6rg-m%C3%BCller-1a2b3c",
            "https://www.linkedin.com/in/jörg-müller-1a2b3c",
        ),
        ("https://www.linkedin.com/in/JÖRG", "https://www.linkedin.com/in/jörg"),
        ("https://www.linkedin.com/in/jane-doe-12345678", JANE + "-12345678"),
        (
            "https://www.linkedin.com/pub/Jane-Doe/1/23/456",
            "https://www.linkedin.com/pub/jane-doe/1/23/456",
        ),
        (
            "http://uk.linkedin.com/pub/jane-doe/1/23/4AB/",
            "https://www.linkedin.com/pub/jane-doe/1/23/4ab",
        ),
        (
            "https://www.linkedin.com/sales/lead/ACwAAAbCdEf,NAME_SEARCH,xyz",
            "https://www.linkedin.com/sales/lead/ACwAAAbCdEf",
        ),
        (
            "https://www.linkedin.com/sales/lead/ACwAAAbCdEf%2CNAME_SEARCH%2Cxyz?_ntb=1",
            "https://www.linkedin.com/sales/lead/ACwAAAbCdEf",
        ),
        (
            "https://www.linkedin.com/sales/people/ACwAAAbCdEf,NAME_SEARCH,xyz",
            "https://www.linkedin.com/sales/lead/ACwAAAbCdEf",
        ),
        ("linkedin.com/sales/lead/ACwAAAbCdEf", "https://www.linkedin.com/sales/lead/ACwAAAbCdEf"),
    ],
)
def test_profiles(raw: str, expected: str) -> None:
    assert canonical_linkedin(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "jane-doe",
        "in/jane-doe",
        "https://www.linkedin.com/",
        "https://www.linkedin.com/in/",
        "https://www.linkedin.com/company/acme",
        "https://www.linkedin.com/company/acme/people/",
        "https://www.linkedin.com/school/mit/",
        "https://www.linkedin.com/feed/",
        "https://www.linkedin.com/jobs/view/123",
        "https://www.linkedin.com/pub/dir/jane/doe",
        "https://www.linkedin.com/pub/jane-doe",
        "https://www.linkedin.com/sales/lead/",
        "https://www.linkedin.com/sales/lead/,NAME_SEARCH",
        "https://www.linkedin.com/sales/company/123",
        "https://www.linkedin.com/in/jane%2Fdoe",
        "https://www.linkedin.com/in/jane%20doe",
        "https://www.linkedin.com/in/100%25jane",
        "https://twitter.com/in/jane-doe",
        "https://notlinkedin.com/in/jane-doe",
        "https://linkedin.com.evil.example/in/jane-doe",
        "https://lnkd.in/abc123",
        "jane@linkedin.com",
        "http://[::1",
        "n/a",
    ],
)
def test_not_profiles(raw: str) -> None:
    assert canonical_linkedin(raw) is None


@given(st.text())
def test_any_text_is_handled(raw: str) -> None:
    result = canonical_linkedin(raw)
    assert result is None or result.startswith("https://www.linkedin.com/")


PREFIXES = st.sampled_from(
    [
        *("https://www.linkedin.com/in/", "linkedin.com/in/", "https://uk.linkedin.com/pub/"),
        *("https://www.linkedin.com/sales/lead/", "http://linkedin.com/sales/people/", ""),
    ]
)


@given(PREFIXES, st.text())
def test_canonical_urls_are_fixed_points(prefix: str, rest: str) -> None:
    canonical = canonical_linkedin(prefix + rest)
    if canonical is not None:
        assert canonical_linkedin(canonical) == canonical


@given(st.from_regex(r"[A-Za-z0-9%\-_.~éü]{1,30}", fullmatch=True))
def test_slug_urls_are_fixed_points(slug: str) -> None:
    canonical = canonical_linkedin(f"https://de.linkedin.com/in/{slug}/")
    if canonical is not None:
        assert canonical_linkedin(canonical) == canonical
        assert canonical == canonical.lower()
