import itertools

import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import given
from hypothesis import strategies as st

from leadtool.normalize.email import (
    _PLAIN_CELL,
    FREE_DOMAINS,
    EmailResult,
    _candidates,
    _validate_any,
    normalize_email,
)


@pytest.mark.parametrize(
    ("raw", "value", "others"),
    [
        ("jane@example.com", "jane@example.com", ()),
        ("  Jane.Doe@Example.COM  ", "jane.doe@example.com", ()),
        ('"jane@example.com"', "jane@example.com", ()),
        ("'jane@example.com'", "jane@example.com", ()),
        ("<jane@example.com>", "jane@example.com", ()),
        ("Jane Doe <jane@example.com>", "jane@example.com", ()),
        ('"Doe, Jane" <jane@example.com>', "jane@example.com", ()),
        ("mailto:jane@example.com", "jane@example.com", ()),
        ("MAILTO:Jane@Example.com?subject=Hello%20there", "jane@example.com", ()),
        ("mailto:jane@example.com?cc=bob@example.com", "jane@example.com", ()),
        ("jane@example.com.", "jane@example.com", ()),
        ("jane@example.com,", "jane@example.com", ()),
        ("(jane@example.com)", "jane@example.com", ()),
        ("jane@example.com;", "jane@example.com", ()),
        ("a@x.com; b@y.com", "a@x.com", ("b@y.com",)),
        ("a@x.com, b@y.com,c@z.com", "a@x.com", ("b@y.com", "c@z.com")),
        ("a@x.com\nb@y.com", "a@x.com", ("b@y.com",)),
        ("a@x.com b@y.com A@X.COM", "a@x.com", ("b@y.com",)),
        ("not-an-address; b@y.com", "b@y.com", ()),
        ("a@@x.com; b@y.com", "b@y.com", ()),
        ("jane doe@example.com", "doe@example.com", ()),  # whitespace separates addresses
        ("jane+newsletter@example.com", "jane+newsletter@example.com", ()),
        ("o'neil@example.com", "o'neil@example.com", ()),
        ("jane@bücher.de", "jane@bücher.de", ()),
        ("jane@xn--bcher-kva.de", "jane@bücher.de", ()),
        ("JÖRG@Example.com", "jörg@example.com", ()),
        ("jane@sub.example.co.uk", "jane@sub.example.co.uk", ()),
        ("\u200bjane@example.com\ufeff", "jane@example.com", ()),
        ("jane@example.com\u00a0", "jane@example.com", ()),
        ("=cmd|'/Ccalc'!A0@evil.com", "=cmd|'/ccalc'!a0@evil.com", ()),
    ],
)
def test_valid_cells(raw: str, value: str, others: tuple[str, ...]) -> None:
    result = normalize_email(raw)
    assert (result.value, result.others) == (value, others)
    assert "invalid" not in result.flags
    assert result.raw == raw.strip()


@pytest.mark.parametrize(
    "raw",
    [
        "n/a",
        "-",
        "jane",
        "jane@",
        "@example.com",
        "jane@example",
        "jane@localhost",
        "jane@host.local",
        "jane@example..com",
        "jane..doe@example.com",
        ".jane@example.com",
        "jane.@example.com",
        "jane@exam_ple.com",
        "jane@[127.0.0.1]",
        "jane@1.2.3.4",
        '"john doe"@example.com',
        "jane@" + "a" * 250 + ".com",
        "jane@" + "a" * 64 + ".com",
        "jane@-example.com",
        "jane＠example.com",
        "Jane Doe",
        "mailto:",
    ],
)
def test_invalid_cells(raw: str) -> None:
    assert normalize_email(raw) == EmailResult(None, (), ("invalid",), raw.strip())


@pytest.mark.parametrize("raw", ["", "   ", "\t\n"])
def test_empty_cells(raw: str) -> None:
    assert normalize_email(raw) == EmailResult(None, (), (), "")


@pytest.mark.parametrize(
    ("raw", "flags"),
    [
        ("jane@acme.com", ()),
        ("jane@gmail.com", ("free",)),
        ("jane@googlemail.com", ("free",)),
        ("info@acme.com", ("role",)),
        ("Sales+EMEA@acme.com", ("role",)),
        ("no-reply@acme.com", ("role",)),
        ("noreply@acme.com", ("role",)),
        ("hello@gmail.com", ("free", "role")),
        ("jane@mailinator.com", ("disposable",)),
        ("jane@guerrillamail.com", ("disposable",)),
        ("jane@yopmail.com", ("disposable",)),
        ("jane@eu.mailinator.com", ("disposable",)),
        ("info@mailinator.com", ("disposable", "role")),
        ("jane@info.com", ()),
        ("information.jane@acme.com", ()),
        ("jane.info@acme.com", ()),
        ("jane@acme.com; info@gmail.com", ()),
        ("info@gmail.com; jane@acme.com", ("free", "role")),
    ],
)
def test_flags_describe_value(raw: str, flags: tuple[str, ...]) -> None:
    assert normalize_email(raw).flags == flags


@pytest.mark.parametrize(
    "domain",
    [
        *("gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "gmx.de", "web.de", "yandex.ru"),
        *("proton.me", "protonmail.com", "icloud.com", "aol.com", "mail.ru", "qq.com", "163.com"),
        *("live.com", "msn.com", "yahoo.co.uk", "gmx.net", "hey.com", "tutanota.com"),
    ],
)
def test_free_list_has_everyday_providers(domain: str) -> None:
    assert domain in FREE_DOMAINS


@pytest.mark.parametrize(
    "domain",
    [
        *("acme.com", "google.com", "microsoft.com", "apple.com", "ibm.com", "salesforce.com"),
        *("amazon.com", "github.com", "harvard.edu", "siemens.de", "sap.com", "example.com"),
    ],
)
def test_free_list_leaves_company_domains_alone(domain: str) -> None:
    assert domain not in FREE_DOMAINS


LOCAL_PARTS = [
    *("jane", "Jane.Doe", "jane+tag", "j", "a" * 64, "a" * 65, ".jane", "jane.", "ja..ne"),
    *("o'neil", "=cmd|'/Ccalc'!A0", "user%host", "a!#$%&'*+/=?^_`{|}~-z", "INFO", "Postmaster"),
    *("jane doe", '"jane"', '"jane doe"', '"ja\\"ne"', "jörg", "用户", "δοκιμή", "jane\u0301"),
    *("ﬁle", "", "jane(comment)", "\u200bjane", "x\x00y", "tab\there", "ü" * 64),
]
DOMAINS = [
    *("example.com", "EXAMPLE.COM", "Example.Com", "x.co.uk", "sub.domain.example.org"),
    *("bücher.de", "xn--bcher-kva.de", "XN--BCHER-KVA.DE", "xn--invalid-.com", "localhost"),
    *("x.local", "x.test", "x.invalid", "x.arpa", "x.onion", "example", "exa_mple.com"),
    *("-bad.com", "bad-.com", "a" * 63 + ".com", "a" * 64 + ".com", "[127.0.0.1]"),
    *("[IPv6:::1]", "1.2.3.4", "x.123", "münchen.de", "ドメイン.テスト", "example.com."),
    *("example..com", "ex ample.com", "xn--80ak6aa92e.com", ".".join(["a" * 60] * 4) + ".com"),
    *("ＥＸＡＭＰＬＥ.com", "example。com", "gmail.com", "x.xn--p1ai", "a" * 240 + ".com"),
]
ODD_ADDRESSES = [
    *("Jane <jane@example.com>", "<jane@example.com>", "a@b@example.com", "jane@", "jane"),
    *('"a@b"@example.com', "jane@example.com>", "jane@[1.2.3.4", "@"),
    "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".com",
]


def _reference(address: str) -> str | None:
    try:
        return validate_email(address, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return None


def _fast(address: str) -> str | None:
    parsed = _validate_any(address)
    return None if parsed is None else parsed[0]


def test_fast_path_agrees_with_validate_email() -> None:
    """The per-domain cached path gives validate_email's verdicts and normal forms."""
    addresses = [f"{local}@{domain}" for local, domain in itertools.product(LOCAL_PARTS, DOMAINS)]
    addresses += ODD_ADDRESSES
    assert len(addresses) > 500
    mismatches = [a for a in addresses if _fast(a) != _reference(a)]
    assert mismatches == []
    assert sum(_reference(a) is not None for a in addresses) > 100


@given(st.text(alphabet="aZ09.@+-_\"<>[] ()üÜ\u0301ﬁ'!%=xn", max_size=40))
def test_fast_path_agrees_on_generated_addresses(address: str) -> None:
    assert _fast(address) == _reference(address)


@given(st.from_regex(_PLAIN_CELL, fullmatch=True))
def test_plain_cell_shortcut_agrees_with_general_path(cell: str) -> None:
    assert _candidates(cell) == [cell]
    assert normalize_email(cell).value == _fast(cell)


@given(st.text())
def test_any_text_is_handled(raw: str) -> None:
    result = normalize_email(raw)
    assert result.raw == raw.strip()
    assert (result.value is None) == ("invalid" in result.flags or not result.raw)
    for address in filter(None, (result.value, *result.others)):
        assert normalize_email(address).value == address


@given(st.text(alphabet="abcXYZ019.@+-_,; <>\"'ü:?=mailto", max_size=60))
def test_normalised_values_are_fixed_points(raw: str) -> None:
    result = normalize_email(raw)
    for address in filter(None, (result.value, *result.others)):
        assert normalize_email(address).value == address


@given(st.emails())
def test_generated_addresses_are_fixed_points(raw: str) -> None:
    value = normalize_email(raw).value
    if value is not None:
        assert normalize_email(value).value == value
        assert value == value.lower()
