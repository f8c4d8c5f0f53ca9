import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadtool.normalize.names import name_key, split_full_name, tidy_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Jane", "Jane"),
        ("  Jane  ", "Jane"),
        ("Mary   Ann", "Mary Ann"),
        ("Mary\t\nAnn", "Mary Ann"),
        ("JANE", "Jane"),
        ("jane", "Jane"),
        ("JEAN-PIERRE O'NEIL", "Jean-Pierre O'Neil"),
        ("o'neil", "O'Neil"),
        ("d'angelo", "D'Angelo"),
        ("mcdonald", "McDonald"),
        ("MCDONALD", "McDonald"),
        ("MACDONALD", "MacDonald"),
        ("macleod", "MacLeod"),
        ("machado", "Machado"),
        ("MACIAS", "Macias"),
        ("macy", "Macy"),
        ("mary-kate o'brien-smith", "Mary-Kate O'Brien-Smith"),
        ("van der berg", "Van der Berg"),
        ("jane van der berg", "Jane van der Berg"),
        ("maria de los santos", "Maria de los Santos"),
        ("JOHN SMITH III", "John Smith III"),
        ("JOHN SMITH JR.", "John Smith Jr."),
        ("ÉRIC", "Éric"),
        ("josé garcía", "José García"),
        ("ŁUKASZ ŻÓŁĆ", "Łukasz Żółć"),
        ("DeShawn", "DeShawn"),
        ("da Silva", "da Silva"),
        ("McDonald", "McDonald"),
        ("MacHado", "MacHado"),
        ("ludwig VAN beethoven", "ludwig VAN beethoven"),
        ("Null", "Null"),
        ("NULL", "Null"),
        ("NA", "Na"),
        ("None", "None"),
        ('"Jane"', "Jane"),
        ("'Jane'", "Jane"),
        ("“Jane”", "Jane"),
        ("(Jane)", "Jane"),
        ("*Jane*", "Jane"),
        ("Jane,", "Jane"),
        ("Jane;", "Jane"),
        ("Smith.", "Smith"),
        ("Jane A.", "Jane A."),
        ("Smith Jr.", "Smith Jr."),
        ("- Jane -", "Jane"),
        ('ROBERT "BOB" SMITH', 'Robert "Bob" Smith'),
        ("SMITH, JANE", "Smith, Jane"),
        ("李小龙", "李小龙"),
        ("Jose\u0301", "Jose\u0301"),
        ("Jane2", "Jane2"),
    ],
)
def test_tidy_name(raw: str, expected: str) -> None:
    assert tidy_name(raw) == expected


@pytest.mark.parametrize("raw", ["", "   ", "-", "---", "?", '""', "123", "()", "..."])
def test_tidy_name_empty(raw: str) -> None:
    assert tidy_name(raw) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Jane Smith", ("Jane", "Smith")),
        ("  jane   smith ", ("Jane", "Smith")),
        ("JANE SMITH", ("Jane", "Smith")),
        ("JANE smith", ("Jane", "Smith")),
        ("Smith, Jane", ("Jane", "Smith")),
        ("SMITH, JANE A.", ("Jane", "Smith")),
        ("Dr. Jane A. Smith Jr.", ("Jane", "Smith")),
        ("Mr Smith", (None, "Smith")),
        ("Jane", ("Jane", None)),
        ("jane", ("Jane", None)),
        ("Jane Mary Smith", ("Jane", "Smith")),
        ('Robert "Bob" Smith', ("Robert", "Smith")),
        ("Jean-Pierre O'Neil", ("Jean-Pierre", "O'Neil")),
        ("jean-pierre o'neil", ("Jean-Pierre", "O'Neil")),
        ("ludwig van beethoven", ("Ludwig", "van Beethoven")),
        ("Maria de los Santos", ("Maria", "de los Santos")),
        ("Jane van der Berg", ("Jane", "van der Berg")),
        ("DeShawn WILLIAMS", ("DeShawn", "Williams")),
        ("jane MACHADO", ("Jane", "Machado")),
        ("MARY MACDONALD", ("Mary", "MacDonald")),
        ("Jane Null", ("Jane", "Null")),
        ("José García-López", ("José", "García-López")),
        ("", (None, None)),
        ("   ", (None, None)),
    ],
)
def test_split_full_name(raw: str, expected: tuple[str | None, str | None]) -> None:
    assert split_full_name(raw) == expected


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("Jane", "Smith", "jane smith"),
        ("JANE", "smith", "jane smith"),
        ("José", "García-López", "jose garcialopez"),
        ("Jose\u0301", "Garcia", "jose garcia"),
        ("Jean-Pierre", "O'Neil", "jeanpierre oneil"),
        ("Zoë", "Straße", "zoe strasse"),
        ("Łukasz", "Øberg", "lukasz oberg"),
        ("IŞIK", "Işık", "isik isik"),
        ("Mary Ann", "van der Berg", "maryann vanderberg"),
        ("Ｊａｎｅ", "Smith", "jane smith"),
        ("Jane", None, "jane "),
        (None, "Smith", " smith"),
        ("", "Smith", " smith"),
        ("Jane2", "Smith!", "jane smith"),
        (None, None, None),
        ("", "", None),
        ("123", "--", None),
    ],
)
def test_name_key(first: str | None, last: str | None, expected: str | None) -> None:
    assert name_key(first, last) == expected


def test_name_key_keeps_first_and_last_apart() -> None:
    assert name_key("Jane", None) != name_key(None, "Jane")


NAME_TEXT = st.text(alphabet="abcdeJKLMNOmacdonaldéÉßıİ'’-. ,\"()", max_size=30)


@given(st.text())
def test_any_text_is_handled(raw: str) -> None:
    tidy = tidy_name(raw)
    assert tidy is None or (tidy == tidy.strip() and "  " not in tidy)
    first, last = split_full_name(raw)
    name_key(first, last)


@given(st.one_of(st.text(), NAME_TEXT))
def test_tidy_name_is_idempotent(raw: str) -> None:
    tidy = tidy_name(raw)
    if tidy is not None:
        assert tidy_name(tidy) == tidy


@given(st.one_of(st.text(), NAME_TEXT), st.one_of(st.none(), st.text(), NAME_TEXT))
def test_name_key_ignores_case(first: str, last: str | None) -> None:
    assert name_key(first.upper(), last) == name_key(first.lower(), last)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Okafor (she/her)", "Okafor (she/her)"),
        ("Jörg (she/her)", "Jörg (she/her)"),
        ("Okafor (she/her),", "Okafor (she/her)"),
        ("Okafor (she/her))", "Okafor (she/her)"),
        ("Smith [ext]", "Smith [ext]"),
        ("(Dr) Jane", "(Dr) Jane"),
        ('Robert "Bob"', 'Robert "Bob"'),
        ('"Bob" Smith', '"Bob" Smith'),
        ("Jane “JJ”", "Jane “JJ”"),
        ("Okafor (she/her", "Okafor (she/her"),  # inside: not at the edge, kept as written
        ("Jane (", "Jane"),
        ("Jane)", "Jane"),
        ('Jane"', "Jane"),
        ("((Jane))", "Jane"),
        ("(Jane) (Smith)", "(Jane) (Smith)"),
        ('"Jane" "JJ"', '"Jane" "JJ"'),
        ("OKAFOR (SHE/HER)", "Okafor (She/Her)"),
    ],
)
def test_balanced_brackets_and_quotes_at_an_edge_are_kept(raw: str, expected: str) -> None:
    assert tidy_name(raw) == expected


def test_a_full_name_drops_its_bracketed_nickname_whole() -> None:
    assert split_full_name("Ada Okafor (she/her)") == ("Ada", "Okafor")


@pytest.mark.parametrize(
    ("raw", "tidy"),
    [("Y", "Y"), ("y", "Y"), ("DE", "De"), ("da", "Da"), ("JOSE Y MARIA", "Jose y Maria")],
)
def test_a_name_that_is_only_a_particle_keeps_a_capital(raw: str, tidy: str) -> None:
    assert tidy_name(raw) == tidy
