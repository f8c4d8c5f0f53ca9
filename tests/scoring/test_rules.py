"""Every mistake a rules file can hold is reported at its line and column (issue 16)."""

from __future__ import annotations

import textwrap

import pytest

from leadtool.scoring.example import EXAMPLE_RULES
from leadtool.scoring.model import Problem
from leadtool.scoring.rules import parse_rules

FIT = """\
[[fit]]
name = "Marketing leader"
where = 'title ~ CMO'
points = 20
"""


def problems(text: str) -> list[tuple[int, int, str]]:
    check = parse_rules(textwrap.dedent(text), "rules.toml")
    assert (check.rules is None) == bool(check.problems)
    return [(p.line, p.col, p.message) for p in check.problems]


def test_the_example_file_has_no_mistake() -> None:
    check = parse_rules(EXAMPLE_RULES, "rules.toml")
    assert check.problems == ()
    assert check.rules is not None
    assert len(check.rules.fit) >= 6 and len(check.rules.engagement) >= 4
    assert [t.to for t in check.rules.triggers] == ["mql", "mql", "lead"]
    assert check.rules.nurture_after_days == 90


def test_the_example_covers_the_seed_criteria() -> None:
    rules = parse_rules(EXAMPLE_RULES, "rules.toml").rules
    assert rules is not None
    wheres = " ".join(r.where for r in rules.fit)
    for field in ("title", "Company Size", "country", "custom.need", "custom.budget"):
        assert field in wheres
    assert "custom.authority" in wheres and "custom.buying_stage" in wheres
    assert {r.activity for r in rules.engagement} == {
        "download",
        "webinar",
        "pricing_page",
        "demo_request",
    }
    assert any(r.points < 0 for r in rules.fit)


def test_a_good_file_reads_into_rules() -> None:
    text = """\
    [[engagement]]
    name = "Webinar"
    activity = "webinar"
    points = 7.5
    count = 3
    half_life_days = 30
    group = "content"

    [[engagement]]
    name = "Pricing"
    activity = "pricing_page"
    points = 10
    count = "once"
    window_days = 14
    where = 'country = US'

    [[trigger]]
    name = "Hot"
    min_score = 60
    to = "MQL"

    [caps]
    total = 100
    groups.content = 20

    [nurture]
    after_days = 30
    """
    rules = parse_rules(textwrap.dedent(text), "r.toml").rules
    assert rules is not None
    webinar, pricing = rules.engagement
    assert (webinar.points, webinar.max_events, webinar.half_life_days) == (7.5, 3, 30)
    assert (webinar.window_days, webinar.where, webinar.group, webinar.line) == (
        None,
        "",
        "content",
        1,
    )
    assert (pricing.max_events, pricing.window_days, pricing.where) == (1, 14, "country = US")
    assert rules.triggers[0].to == "mql" and rules.triggers[0].min_score == 60
    assert rules.total_cap == 100 and rules.group_caps == (("content", 20),)
    assert rules.nurture_after_days == 30 and rules.fit == ()


def test_count_each_is_the_default() -> None:
    text = '[[engagement]]\nname = "D"\nactivity = "download"\npoints = 1\n'
    rules = parse_rules(text, "r.toml").rules
    assert rules is not None and rules.engagement[0].max_events is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            FIT + "\n[[engagement]]\nname = 'X'\nactivity = 'webinr'\npoints = 5\n",
            [(8, 12, "unknown activity type 'webinr' (did you mean 'webinar'?)")],
            id="unknown activity type",
        ),
        pytest.param(
            "[[engagement]]\nname = 'W'\nactivity = 'webinar'\npoints = 5\n"
            "half_life_days = 0\nwindow_days = 90\n",
            [
                (5, 18, "half_life_days must be more than 0"),
                (6, 1, "a rule has a decay (half_life_days) or a window (window_days), not both"),
            ],
            id="a bad half-life and a window: both mistakes",
        ),
        pytest.param(
            "[[fit]]\nname = 'A'\nwhere = 'score > 10'\npoints = 1\n",
            [
                (
                    3,
                    9,
                    "a fit rule's where cannot use score: scoring decides it (use it in a trigger)",
                )
            ],
            id="a points rule reading the score",
        ),
        pytest.param(
            "[[engagement]]\nname = 'W'\nactivity = 'webinar'\npoints = 5\n"
            "where = 'status = nurturing or fit > 3'\n",
            [
                (
                    5,
                    9,
                    "an engagement rule's where cannot use fit, status: scoring decides it "
                    "(use it in a trigger)",
                )
            ],
            id="an engagement rule reading status and fit",
        ),
        pytest.param(
            FIT + "[nurture]\nstages = ['lead', 'prospect']\n",
            [
                (
                    6,
                    10,
                    "unknown stage 'prospect' in nurture.stages; stages are: subscriber, lead, "
                    "mql, sql, opportunity, customer",
                )
            ],
            id="an unknown nurtured stage",
        ),
        pytest.param(
            "[[fit]]\nname = 'A'\nwhere = 'titel ~ CMO'\npoints = 1\n",
            [(3, 10, "bad where: unknown field 'titel' (did you mean 'title'?)")],
            id="unknown field in where",
        ),
        pytest.param(
            "[[fit]]\nname = 'A'\nwhere   =   'title ~ CMO and (country = US'\npoints = 1\n",
            [(3, 30, "bad where: unclosed '(' opened")],
            id="bad where, the column inside the expression",
        ),
        pytest.param(
            FIT + "\n[[fit]]\nname = 'marketing LEADER'\nwhere = 'country = US'\npoints = 1\n",
            [(7, 8, "duplicate rule name 'marketing LEADER' (first at line 2)")],
            id="duplicate rule name",
        ),
        pytest.param(
            FIT + "[[trigger]]\nname = 'Marketing leader'\nmin_score = 5\nto = 'mql'\n",
            [(6, 8, "duplicate rule name 'Marketing leader' (first at line 2)")],
            id="duplicate name across kinds",
        ),
        pytest.param(
            "[[engagement]]\nname = 'W'\nactivity = 'webinar'\npoints = 5\n"
            "half_life_days = 30\nwindow_days = 90\n",
            [(6, 1, "a rule has a decay (half_life_days) or a window (window_days), not both")],
            id="decay and window",
        ),
        pytest.param(
            "[[trigger]]\nname = 'T'\nmin_score = 60\nto = 'hot lead'\n",
            [
                (
                    4,
                    6,
                    "unknown stage 'hot lead'; stages are: subscriber, lead, mql, sql, "
                    "opportunity, customer, other",
                )
            ],
            id="trigger to an unknown stage",
        ),
        pytest.param(
            "[[trigger]]\nname = 'T'\nmin_score = 60\nto = 'subscriber'\n",
            [(4, 6, "a trigger to 'subscriber' moves nobody: triggers only move forward")],
            id="trigger to the first stage",
        ),
        pytest.param(
            "[[engagement]]\nname = 'W'\nactivity = 'webinar'\npoints = 5\nhalf_life_days = 0\n",
            [(5, 18, "half_life_days must be more than 0")],
            id="zero half-life",
        ),
        pytest.param(
            "[[engagement]]\nname = 'W'\nactivity = 'webinar'\npoints = 5\nhalf_life_days = -7\n",
            [(5, 18, "half_life_days must be more than 0")],
            id="negative half-life",
        ),
        pytest.param(
            "[[engagement]]\nname = 'W'\nactivity = 'webinar'\npoints = 5\nwindow_days = 1.5\n",
            [(5, 15, "window_days must be a whole number above 0")],
            id="window not whole",
        ),
        pytest.param(
            "[[engagement]]\nname = 'W'\nactivity = 'webinar'\npoints = 5\ncount = 'twice'\n",
            [(5, 9, 'count is "once", "each" or a whole number of times at most (like 3)')],
            id="bad count",
        ),
        pytest.param(
            "[[fit]]\nname = 'A'\nwhere = 'title ~ CMO'\npionts = 1\n",
            [
                (1, 1, "this rule has no points"),
                (4, 1, "unknown key 'pionts' in [fit] (did you mean 'points'?)"),
            ],
            id="misspelt key",
        ),
        pytest.param(
            "[[fit]]\nname = 'A'\nwhere = 'title ~ CMO'\npoints = 'ten'\n",
            [(4, 10, "points must be a number")],
            id="points as text",
        ),
        pytest.param(
            "# the rules\n  [[fit]]\n  where = 'title ~ CMO'\n  points = 1\n",
            [(2, 3, "this rule has no name")],
            id="rule without a name, at its header",
        ),
        pytest.param(
            "[[trigger]]\nname = 'T'\nwhere = '  '\nto = 'mql'\n",
            [(1, 1, "a trigger needs a condition: where, activity or min_score")],
            id="trigger whose only condition is an empty where",
        ),
        pytest.param(
            "[[fit]]\nname = 'A'\nwhere = ''\npoints = 5\n",
            [(3, 9, "a fit rule's where cannot be empty")],
            id="fit rule for everyone by an empty where",
        ),
        pytest.param(
            "[[fit]]\nname = 'A'\nwhere = 'title ~ CMO'\npoints = nan\n",
            [(4, 10, "points must be a finite number")],
            id="points not a number",
        ),
        pytest.param(
            "fit = 3\n",
            [(1, 1, "write each fit rule as [[fit]]")],
            id="a value where rules belong",
        ),
        pytest.param(
            FIT + "group = 'g'\n[caps]\ngroups.g = 0\n",
            [(7, 12, "g must be more than 0")],
            id="a dotted group cap",
        ),
        pytest.param(
            "[[trigger]]\nname = 'T'\nto = 'mql'\n",
            [(1, 1, "a trigger needs a condition: where, activity or min_score")],
            id="trigger without a condition",
        ),
        pytest.param(
            FIT + "[caps.groups]\ntitel = 10\n",
            [(6, 1, "no rule is in group 'titel'")],
            id="cap on a group no rule is in",
        ),
        pytest.param(
            FIT + "group = 'g'\n[[engagement]]\nname = 'W'\nactivity = 'webinar'\npoints = 5\n"
            "group = 'g'\n",
            [(10, 9, "group 'g' already holds fit rules: a group caps one kind")],
            id="group of both kinds",
        ),
        pytest.param(
            FIT + "[caps]\ntotal = 0\n",
            [(6, 9, "total must be more than 0")],
            id="zero total cap",
        ),
        pytest.param(
            "[nurture]\nafter_days = -1\n",
            [(2, 14, "after_days must be a whole number above 0")],
            id="negative nurture days",
        ),
        pytest.param(
            "[fit]\nname = 'A'\n",
            [(1, 1, "write each fit rule as [[fit]]")],
            id="a table where an array of tables belongs",
        ),
        pytest.param(
            FIT + "[scoring]\nx = 1\n",
            [
                (
                    5,
                    1,
                    "unknown key 'scoring' at the top; known: fit, engagement, trigger, caps, "
                    "nurture",
                )
            ],
            id="unknown table",
        ),
        pytest.param(
            "[[fit]]\nname = 'A'\nwhere = 'title ~ CMO'\npoints = \n",
            [(4, 10, "not valid TOML: Invalid value")],
            id="TOML syntax",
        ),
    ],
)
def test_every_mistake_with_its_line_and_column(
    text: str, expected: list[tuple[int, int, str]]
) -> None:
    found = problems(text)
    assert [(line, col) for line, col, _ in found] == [(line, col) for line, col, _ in expected]
    for (_, _, message), (_, _, wanted) in zip(found, expected, strict=True):
        assert message.startswith(wanted), message


def test_all_mistakes_are_reported_at_once_in_line_order() -> None:
    text = """\
    [[engagement]]
    name = "W"
    activity = "webinr"
    points = 5
    half_life_days = 0

    [[trigger]]
    name = "W"
    to = "vip"
    min_score = 1
    """
    assert [(line, col) for line, col, _ in problems(text)] == [(3, 12), (5, 18), (8, 8), (9, 6)]


def test_a_multi_line_string_is_not_read_as_keys() -> None:
    text = "[[fit]]\nname = 'A'\nwhere = '''\ntitle ~ CMO\npoints = 1\n'''\npoints = 'x'\n"
    # "points = 1" is part of the where (a mistake there), not the rule's points.
    assert [p[:2] for p in problems(text)] == [(5, 1), (7, 10)]


def test_a_bad_where_over_several_lines_points_into_it() -> None:
    text = "[[fit]]\nname = 'A'\nwhere = '''\ntitle ~ CMO\n  and titel ~ x'''\npoints = 1\n"
    assert problems(text)[0][:2] == (5, 7)


def test_a_problem_renders_as_file_line_col() -> None:
    assert Problem(3, 7, "bad").render("rules.toml") == "rules.toml:3:7: bad"


def test_duplicate_names_in_inline_tables_are_found_too() -> None:
    # Written inline, neither rule has a position of its own: they are told apart by rule.
    rule = "{{name = '{}', where = 'title ~ x', points = 1}}"
    text = f"fit = [{rule.format('A')}, {rule.format('a')}]\n"
    messages = [message for _, _, message in problems(text)]
    assert any(m.startswith("duplicate rule name 'a'") for m in messages)
