"""The one error every live service raises."""

from lms.realtime import Refused


class LiveError(Refused):
    """A refused request, with a code for clients and a message for people."""
