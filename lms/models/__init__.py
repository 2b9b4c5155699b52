from .accounts import AccountDeletion, AccountDeletionVia
from .outbox import OutboxMessage
from .pages import HomePage
from .profiles import Gender, Profile, Script
from .reference import District, Institution, Municipality, MunicipalityKind, System
from .users import User

__all__ = [
    "AccountDeletion",
    "AccountDeletionVia",
    "District",
    "Gender",
    "HomePage",
    "Institution",
    "Municipality",
    "MunicipalityKind",
    "OutboxMessage",
    "Profile",
    "Script",
    "System",
    "User",
]
