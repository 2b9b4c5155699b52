"""State changes of trainings: registration, the waiting list and check-in.

Every change that touches the seat count locks the training row first
(``select_for_update``; on SQLite the IMMEDIATE transaction mode takes the
write lock at BEGIN), so confirmed registrations never exceed the capacity.

One module per concern: ``registration`` (registering, the waiting list,
consent), ``checkin`` (the door), ``notices`` (changes and reminders);
``shared`` holds the lock and e-mail helpers. Import from ``events.services``.
"""

from .checkin import (
    CHECKIN_SOURCE_DOOR,
    CHECKIN_SOURCE_IMPORT,
    CheckinResult,
    checkin_record,
    checkin_window,
    checkin_window_check,
    walkin_create,
)
from .notices import (
    reminders_send,
    training_change_announce,
    training_change_kind,
)
from .registration import (
    registration_cancel,
    registration_consent_record,
    registration_create,
    registration_promote,
    registration_promote_over_capacity,
    waitlist_promote,
)
from .shared import (
    RegistrationError,
)

__all__ = [
    "CHECKIN_SOURCE_DOOR",
    "CHECKIN_SOURCE_IMPORT",
    "CheckinResult",
    "RegistrationError",
    "checkin_record",
    "checkin_window",
    "checkin_window_check",
    "registration_cancel",
    "registration_consent_record",
    "registration_create",
    "registration_promote",
    "registration_promote_over_capacity",
    "reminders_send",
    "training_change_announce",
    "training_change_kind",
    "waitlist_promote",
    "walkin_create",
]
