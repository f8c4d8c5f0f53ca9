"""The example rules file `leadtool rules init` writes, built from the seed criteria.

Owns `EXAMPLE_RULES`: fit (title, company size, country, a stated need, budget and authority,
buying stage), engagement (downloads, webinars, the pricing page, a demo request), triggers and
nurture, each commented for the marketer who edits it. A test checks it passes `rules check`.
"""

from __future__ import annotations

import textwrap

from leadtool.normalize.activity import ACTIVITY_TYPES

_TEMPLATE = """\
# leadtool scoring rules: who is worth a salesperson's time.
#
# A person's score = fit points (who they are) + engagement points (what they did).
# Points may be negative. Someone no rule matches scores 0.
# `where` picks people with the same language as `leadtool people list --where`.
# Check this file after every change:  leadtool rules check

# --- Fit: who they are --------------------------------------------------------------
# Each [[fit]] rule gives its points to every person its `where` selects.
# `group` (optional) puts rules together so that [caps.groups] can limit them.

[[fit]]
name = "Marketing leader"
where = 'title ~ CMO or title ~ "head of marketing" or title ~ "VP marketing"'
points = 20
group = "title"

[[fit]]
name = "Marketing manager"
where = 'title ~ "marketing manager"'
points = 10
group = "title"

[[fit]]
name = "Student"
where = 'title ~ student or title ~ intern'
points = -20
group = "title"

[[fit]]
name = "Company of 50 to 1000"
where = 'custom."Company Size" >= 50 and custom."Company Size" <= 1000'
points = 10

[[fit]]
name = "Country we sell in"
where = 'country in (US, CA, GB, DE, FR)'
points = 5

[[fit]]
name = "Free-mail address"
where = 'email_flag = free'
points = -10

# Need, budget and authority: custom fields from a form or a sales call.
[[fit]]
name = "Stated a need"
where = 'custom.need is not empty'
points = 10
group = "bant"

[[fit]]
name = "Has a budget"
where = 'custom.budget = yes'
points = 10
group = "bant"

[[fit]]
name = "Decides"
where = 'custom.authority in (decides, signs)'
points = 10
group = "bant"

[[fit]]
name = "Buying stage: evaluating"
where = 'custom.buying_stage in (evaluating, purchasing)'
points = 15

# --- Engagement: what they did --------------------------------------------------------
# Each [[engagement]] rule gives points per event of one activity type:
{activity_types}
# count = "each" (every event, the default), "once", or a number: at most that many events.
# Old events can count less, with one of (not both):
#   half_life_days = 30   an event's points halve every 30 days
#   window_days = 90      only events of the last 90 days count

[[engagement]]
name = "Downloaded content"
activity = "download"
points = 5
count = 4
half_life_days = 60
group = "content"

[[engagement]]
name = "Attended a webinar"
activity = "webinar"
points = 10
count = "each"
half_life_days = 90
group = "content"

[[engagement]]
name = "Visited the pricing page"
activity = "pricing_page"
points = 15
count = "once"
window_days = 30

[[engagement]]
name = "Asked for a demo"
activity = "demo_request"
points = 30
count = "once"

# --- Caps: the most points some rules give together ---------------------------------

[caps]
total = 150        # no score goes above 150

[caps.groups]
title = 20         # one title rule is enough
content = 30       # downloads and webinars together

# --- Triggers: moving people forward -------------------------------------------------
# Applied in this order after scoring. A trigger moves people to `to` when they meet all
# its conditions (`where`, `activity`: at least one such event, `min_score`). It only moves
# people forward: nobody goes back, and a customer stays a customer.

[[trigger]]
name = "Demo request makes an MQL"
activity = "demo_request"
to = "mql"

[[trigger]]
name = "Score of 60 makes a lead an MQL"
where = 'stage = lead'
min_score = 60
to = "mql"

[[trigger]]
name = "Subscriber who told us more becomes a lead"
activity = "form"
where = 'stage = subscriber and (company is not empty or title is not empty or phone is not empty)'
to = "lead"

# --- Nurture: leads do not die ---------------------------------------------------------
# A lead or MQL with no activity for this many days gets status "nurturing" (its stage
# stays; it is never deleted) and is active again with its next activity.

[nurture]
after_days = 90
"""

# The activity types are listed from their one declaration, so the comment cannot go stale.
_TYPES = textwrap.fill(
    ", ".join(ACTIVITY_TYPES), 86, initial_indent="#   ", subsequent_indent="#   "
)
EXAMPLE_RULES = _TEMPLATE.replace("{activity_types}", _TYPES)
