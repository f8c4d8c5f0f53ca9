import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadtool.normalize.phone import PhoneResult, is_valid_number, normalize_phone

REGIONS = ["US", "GB", "DE", "FR", "IN", "BR", "AU", "JP", None, "XX", "uk", "de"]


@pytest.mark.parametrize(
    ("raw", "region", "value", "extension"),
    [
        ("+1 (415) 555-0134", "US", "+14155550134", None),
        ("(415) 555-0134", "US", "+14155550134", None),
        ("415.555.0134", "US", "+14155550134", None),
        ("415-555-0134", "US", "+14155550134", None),
        ("4155550134", "US", "+14155550134", None),
        ("1-415-555-0134", "US", "+14155550134", None),
        ("+14155550134", None, "+14155550134", None),
        ("+14155550134", "GB", "+14155550134", None),
        ("4155550134.0", "US", "+14155550134", None),
        ("14155550134.0", "US", "+14155550134", None),
        ("4155550134.00", "US", "+14155550134", None),
        ("'4155550134", "US", "+14155550134", None),
        ("'+44 20 7946 0958", "US", "+442079460958", None),
        ("’020 7946 0958", "GB", "+442079460958", None),
        ("020 7946 0958", "GB", "+442079460958", None),
        ("2079460958", "GB", "+442079460958", None),  # Excel dropped the leading 0
        ("00 44 20 7946 0958", "US", "+442079460958", None),
        ("00 44 20 7946 0958", None, "+442079460958", None),
        ("0044 20 7946 0958", "DE", "+442079460958", None),
        ("011 44 20 7946 0958", "US", "+442079460958", None),
        ("+44 (0) 20 7946 0958", "US", "+442079460958", None),
        ("tel:+44-20-7946-0958", None, "+442079460958", None),
        ("TEL:+44 20 7946 0958", "US", "+442079460958", None),
        ("030 901820", "DE", "+4930901820", None),
        ("+49 30 901820", "US", "+4930901820", None),
        ("01 42 68 53 00", "FR", "+33142685300", None),
        ("01 42 68 53 00", "fr", "+33142685300", None),
        ("020 7946 0958", "UK", "+442079460958", None),
        ("415-555-0134 x123", "US", "+14155550134", "123"),
        ("415-555-0134 ext. 123", "US", "+14155550134", "123"),
        ("415-555-0134 ext 123", "US", "+14155550134", "123"),
        ("+1-415-555-0134;ext=123", "US", "+14155550134", "123"),
        ("(415) 555-0134 #123", "US", "+14155550134", "123"),
        ("+1 415 555 0134,,123", "US", "+14155550134", "123"),
        ("415-555-0134 / 415-555-0199", "US", "+14155550134", None),
        ("415-555-0134, 415-555-0199", "US", "+14155550134", None),
        ("415-555-0134; 415-555-0199", "US", "+14155550134", None),
        ("415-555-0134 or 415-555-0199", "US", "+14155550134", None),
        ("415-555-0134\n415-555-0199", "US", "+14155550134", None),
        ("12 / 415-555-0199", "US", "+14155550199", None),
        ("Mobile: +1 415 555 0134", "US", "+14155550134", None),
        ("1-800-FLOWERS", "US", "+18003569377", None),
        ("\u200b415-555-0134\ufeff", "US", "+14155550134", None),
        ("  415 555 0134  ", "US", "+14155550134", None),
    ],
)
def test_valid_numbers(raw: str, region: str | None, value: str, extension: str | None) -> None:
    assert normalize_phone(raw, region) == PhoneResult(value, extension, (), raw.strip())


@pytest.mark.parametrize(
    ("raw", "region", "flags"),
    [
        ("4.15555E+09", "US", ("invalid", "scientific")),
        ("4.15555e+09", "US", ("invalid", "scientific")),
        ("4,15555E+09", "DE", ("invalid", "scientific")),
        ("1.4155550134E+10", "US", ("invalid", "scientific")),
        ("555-0134", "US", ("invalid", "too_short")),
        ("12", "US", ("invalid", "too_short")),
        ("+44 20", None, ("invalid", "too_short")),
        ("415 555 0134", None, ("invalid",)),
        ("415 555 0134", "XX", ("invalid",)),
        ("020 7946 0958", "US", ("invalid",)),
        ("000-000-0000", "US", ("invalid",)),
        ("123-456-7890", "US", ("invalid",)),
        ("4155550134.5", "US", ("invalid",)),
        ("n/a", "US", ("invalid",)),
        ("-", "US", ("invalid",)),
        ("see notes", "US", ("invalid",)),
        ("#ERROR!", "US", ("invalid",)),
        ("1" * 40, "US", ("invalid",)),
    ],
)
def test_unusable_numbers(raw: str, region: str | None, flags: tuple[str, ...]) -> None:
    assert normalize_phone(raw, region) == PhoneResult(None, None, flags, raw.strip())


@pytest.mark.parametrize("raw", ["", "   ", "\t"])
def test_empty_cells(raw: str) -> None:
    assert normalize_phone(raw) == PhoneResult(None, None, (), "")


def test_default_region_is_us() -> None:
    assert normalize_phone("(415) 555-0134").value == "+14155550134"


@given(st.text(), st.sampled_from(REGIONS))
def test_any_text_is_handled(raw: str, region: str | None) -> None:
    result = normalize_phone(raw, region)
    assert result.raw == raw.strip()
    assert (result.value is None) == ("invalid" in result.flags or not result.raw)
    assert result.flags == tuple(sorted(result.flags))


@given(st.text(alphabet="0123456789+-() .xet/;,E'", max_size=40), st.sampled_from(REGIONS))
def test_values_are_fixed_points(raw: str, region: str | None) -> None:
    value = normalize_phone(raw, region).value
    if value is not None:
        assert value.startswith("+")
        assert normalize_phone(value, region).value == value
        assert normalize_phone(value, None).value == value


@given(st.from_regex(r"\+?[1-9][0-9 ().-]{6,16}", fullmatch=True), st.sampled_from(REGIONS))
def test_number_shaped_values_are_fixed_points(raw: str, region: str | None) -> None:
    value = normalize_phone(raw, region).value
    if value is not None:
        assert normalize_phone(value, region).value == value


def _example_numbers() -> list[phonenumbers.PhoneNumber]:
    """Every region's example number of every type, and each with its last digit changed,
    one digit more and one less: valid and invalid numbers of every country code."""
    numbers = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in range(12):  # every PhoneNumberType but UNKNOWN
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            nsn = str(example.national_number)
            for digits in (nsn, nsn[:-1] + str((int(nsn[-1]) + 1) % 10), nsn + "5", nsn[:-1]):
                if digits:
                    numbers.append(
                        phonenumbers.PhoneNumber(
                            country_code=example.country_code, national_number=int(digits)
                        )
                    )
    return numbers


def test_validity_shortcut_agrees_with_phonenumbers_on_every_region() -> None:
    numbers = _example_numbers()
    assert len(numbers) > 5000
    disagree = [
        phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164)
        for n in numbers
        if is_valid_number(n) != phonenumbers.is_valid_number(n)
    ]
    assert disagree == []
    assert 0 < sum(map(is_valid_number, numbers)) < len(numbers)


_SHARED_CODES = [1, 7, 39, 44, 47, 61, 212, 262, 290, 358, 590, 599]  # several regions each


@given(
    st.one_of(
        st.tuples(st.just(1), st.integers(2 * 10**9, 10**10 - 1)),  # NANP: US, CA, islands
        st.tuples(st.sampled_from(_SHARED_CODES), st.integers(10**5, 10**11)),
        st.tuples(st.integers(1, 999), st.integers(1, 10**14)),
    )
)
def test_validity_shortcut_agrees_with_phonenumbers(number_parts: tuple[int, int]) -> None:
    country_code, national = number_parts
    number = phonenumbers.PhoneNumber(country_code=country_code, national_number=national)
    assert is_valid_number(number) == phonenumbers.is_valid_number(number)
