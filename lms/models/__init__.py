from .contacts import CentreContacts, EmergencyNumber
from .outbox import OutboxMessage
from .pages import HomePage
from .profiles import Gender, Profile, Script
from .reference import District, Institution, Municipality, MunicipalityKind, System
from .users import User

__all__ = [
    "CentreContacts",
    "EmergencyNumber",
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
