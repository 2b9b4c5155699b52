"""Key rotation: re-encrypt every stored token with the first configured key."""

from django.db import transaction

from referrals import storage
from referrals.models import (
    CONTENT_FIELDS,
    Referral,
    ReferralAttachment,
    ReferralEvent,
    ReferralMessage,
)

# Model and its encrypted fields. Loading decrypts with any key; saving
# encrypts with the first.
ENCRYPTED = [
    (Referral, CONTENT_FIELDS),
    (ReferralMessage, ("body",)),
    (ReferralEvent, ("note",)),
    (ReferralAttachment, ("filename",)),
]


def keys_rotate(batch: int = 500) -> dict[str, int]:
    """Re-encrypt rows and attachment files; returns how many of each."""
    counts = {}
    for model, fields in ENCRYPTED:
        done = 0
        pks = list(model.objects.values_list("pk", flat=True))
        for index in range(0, len(pks), batch):
            with transaction.atomic():
                rows = model.objects.select_for_update().filter(
                    pk__in=pks[index : index + batch]
                )
                for row in rows:
                    row.save(update_fields=list(fields))
                    done += 1
        counts[model._meta.model_name] = done
    files = 0
    for name in ReferralAttachment.objects.values_list("storage_name", flat=True):
        storage.rotate(name)
        files += 1
    counts["files"] = files
    return counts
