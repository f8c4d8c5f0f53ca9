"""Who a row is: the import's exact identity rules, shared by every command that matches people.

`exact` decides which stored person a row is by its identity keys (a strong key alone, a
weak key only with the same name); `merge` folds what a row says into a stored person
under the conflict policy; `forgotten` recognises a forgotten person by the same rules.
Likely duplicates written differently are `leadtool dedupe`'s work (leadtool/dedupe/).
"""

from leadtool.identity.exact import STRONG_KINDS, WEAK_KINDS, Identity, find_person
from leadtool.identity.forgotten import digests, reforget, refused
from leadtool.identity.merge import POLICIES, Change, merge_row

__all__ = [
    "POLICIES",
    "STRONG_KINDS",
    "WEAK_KINDS",
    "Change",
    "Identity",
    "digests",
    "find_person",
    "merge_row",
    "reforget",
    "refused",
]
