from .accounts import AccountDeletion, AccountDeletionVia
from .contacts import CentreContacts, EmergencyNumber
from .outbound_email import OutboundEmail, OutboundEmailStatus
from .outbox import OutboxMessage
from .pages import HomePage
from .profiles import Gender, Profile, Script
from .reference import District, Institution, Municipality, MunicipalityKind, System
from .task_workers import TaskWorker
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
    "OutboundEmail",
    "OutboundEmailStatus",
    "OutboxMessage",
    "Profile",
    "Script",
    "System",
    "TaskWorker",
    "User",
]
