from .accounts import AccountDeletion, AccountDeletionVia
from .contacts import CentreContacts, EmergencyNumber
from .outbox import OutboxMessage
from .pages import HomePage
from .profiles import Gender, Profile, Script
from .reference import District, Institution, Municipality, MunicipalityKind, System
from .users import User

__all__ = [
    "AccountDeletion",
    "AccountDeletionVia",
    "CentreContacts",
    "District",
    "EmergencyNumber",
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
