"""A sample certificate (unsaved) for previewing a design before it is used."""

import datetime

from django.utils import timezone

from events.models import TrainingPage

from .models import Certificate, CertificateKind


def sample_certificate(*, script: str = "cyrl") -> Certificate:
    start = timezone.make_aware(datetime.datetime(2025, 10, 15, 9, 0))
    training = TrainingPage(
        pk=0,
        title="Препознавање случајева трговине људима и подршка жртвама",
        start=start,
        end=start + datetime.timedelta(hours=7),
        venue_name="Сала Скупштине града",
        accreditation_number="153-02-00123/2025-01",
        accreditation_date=datetime.date(2025, 3, 1),
    )
    return Certificate(
        training=training,
        code="7K3M9QXR2TV8W",
        kind=CertificateKind.LICENCE,
        holder_name="Љубица Његош",
        licence_number="12345",
        participation_form="active",
        points=6,
        script=script,
    )
