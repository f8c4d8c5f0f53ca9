"""Lead scoring: the rules file a marketer writes, checked and read into frozen rules, and
scoring a store with it (`score`; `explain` says how a person's score adds up).

Owns the public API: `init_rules` writes the example, `check_rules` lists every mistake of a
file (as `FILE:LINE:COL: message`), `load_rules` returns its `Rules` or refuses a broken file,
and `resolve_rules_path` decides which file (--rules, $LEADTOOL_RULES, rules.toml beside the
store). The rules model is in model.py, the checks in rules.py; the example in example.py.
"""

from leadtool.scoring.model import (
    EngagementRule,
    FitRule,
    Problem,
    Rules,
    RulesCheck,
    Trigger,
)
from leadtool.scoring.scorer import Explanation, Line, ScoreReport, explain, explain_many
from leadtool.scoring.service import (
    InitReport,
    check_rules,
    init_rules,
    load_rules,
    parse_now,
    resolve_rules_path,
    score,
)

__all__ = [
    "EngagementRule",
    "Explanation",
    "FitRule",
    "InitReport",
    "Line",
    "Problem",
    "Rules",
    "RulesCheck",
    "ScoreReport",
    "Trigger",
    "check_rules",
    "explain",
    "explain_many",
    "init_rules",
    "load_rules",
    "parse_now",
    "resolve_rules_path",
    "score",
]
