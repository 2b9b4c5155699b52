"""Settings of the events app, with their defaults (override in settings)."""

from django.conf import settings


def evaluation_open_days() -> int:
    """Days the questionnaire stays open after a training (EVALUATION_OPEN_DAYS)."""
    return getattr(settings, "EVALUATION_OPEN_DAYS", 14)


def evaluation_min_answers() -> int:
    """The fewest answers for which results are shown (EVALUATION_MIN_ANSWERS).

    Results of a smaller group could tell who answered what.
    """
    return getattr(settings, "EVALUATION_MIN_ANSWERS", 5)


def import_max_bytes() -> int:
    """The largest participant list accepted for upload (IMPORT_MAX_BYTES)."""
    return getattr(settings, "IMPORT_MAX_BYTES", 2 * 1024 * 1024)


def import_max_rows() -> int:
    """The most rows after the header in one participant list (IMPORT_MAX_ROWS)."""
    return getattr(settings, "IMPORT_MAX_ROWS", 1000)


def import_max_unpacked_bytes() -> int:
    """How much an XLSX list may unpack to (IMPORT_MAX_UNPACKED_BYTES).

    XLSX is a ZIP archive: a small upload can unpack to gigabytes of XML.
    """
    return getattr(settings, "IMPORT_MAX_UNPACKED_BYTES", 5 * 1024 * 1024)


def checkin_hours_after_end() -> int:
    """How long after its end a training still accepts check-ins
    (CHECKIN_HOURS_AFTER_END): the last people from the signed sheet."""
    return getattr(settings, "CHECKIN_HOURS_AFTER_END", 12)
