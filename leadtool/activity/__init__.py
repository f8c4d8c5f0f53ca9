"""Activity: what people did (a webinar, a download, a purchase), recorded as events.

Owns the public API: `add_activity` records one event for one person (`service.py`) and
returns an `AddReport`. The types are declared in normalize/activity.py; the SQL is in
store/activity.py; forgetting a person erases their events (store/forget.py).
"""

from leadtool.activity.service import AddReport, NewEvent, add_activity, parse_event

__all__ = ["AddReport", "NewEvent", "add_activity", "parse_event"]
