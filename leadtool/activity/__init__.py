"""Activity: what people did (a webinar, a download, a purchase), recorded as events.

Owns the public API: `add_activity` records one event for one person (`service.py`) and
returns an `AddReport`; `importing.import_activity` imports a file of events and returns an
`ActivityReport` (`model.py`, with `activity_options`), reading each row's event in
`rows.py` and whose it is in `matching.py`; `currency.py` holds the store's currency. The
import is not re-exported here: it brings the readers and the people import, half a second
that `activity add` need not pay. The types are declared in normalize/activity.py; the
SQL is in store/activity.py; forgetting a person erases their events (store/forget.py).
"""

from leadtool.activity.service import AddReport, NewEvent, add_activity, parse_event

__all__ = ["AddReport", "NewEvent", "add_activity", "parse_event"]
