"""Demo certificates: the 2025 series issued, and a few for the demo participant.

Only database rows: PDFs are rendered on first download (609 PDFs would take
about 35 s on one core).
"""

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from events.models import Registration, TrainingPage, TrainingStatus
from lms.models import User

from .models import BatchStatus, CertificateBatch, CertificateTemplate
from .services import certificates_issue_pending

DEMO_PARTICIPANT = "ucesnica@example.org"


def _design() -> None:
    if not CertificateTemplate.objects.exists():
        CertificateTemplate.objects.create(
            name="Уверење Центра (основно)",
            is_default=True,
            signatory_name="Директорка Центра",
            signatory_title="Центар за заштиту жртава трговине људима",
        )


def _give_participant_some(trainings) -> None:
    """Hand the demo participant three 2025 attendances of look-alike people.

    Taking over registrations of generated people of the same gender, system
    and licence status, from municipalities with many attendees, keeps every
    figure of the series report.
    """
    user = User.objects.filter(email=DEMO_PARTICIPANT).select_related("profile").first()
    if user is None or Registration.objects.filter(user=user, training__in=trainings):
        return
    profile = user.profile
    attended = Registration.objects.filter(
        training__in=trainings, checked_in_at__isnull=False
    )
    common = (
        attended.values("user__profile__municipality")
        .annotate(n=Count("pk"))
        .filter(n__gte=5)
        .values_list("user__profile__municipality", flat=True)
    )
    candidates = (
        attended.filter(
            user__profile__gender=profile.gender,
            user__profile__system=profile.system,
            user__profile__municipality__in=list(common),
        )
        .exclude(user__profile__licence_number="")
        .filter(user__email__startswith="ucesnik2025-")
        .select_related("user")
        .order_by("-training__start", "pk")
    )
    chosen, seen = [], set()
    for registration in candidates:
        if registration.training_id not in seen:
            chosen.append(registration)
            seen.add(registration.training_id)
        if len(chosen) == 3:
            break
    for registration in chosen:
        Registration.objects.filter(pk=registration.pk).update(user=user)


def load_demo(stdout) -> None:
    trainings = list(
        TrainingPage.objects.filter(
            slug__startswith="2025-", status=TrainingStatus.HELD
        )
    )
    with transaction.atomic():
        _design()
        _give_participant_some(trainings)
        issued = 0
        for training in trainings:
            count = certificates_issue_pending(training=training, notify=False)
            issued += count
            if not training.certificate_batches.exists():
                CertificateBatch.objects.create(
                    training=training,
                    status=BatchStatus.DONE,
                    total=count,
                    done=count,
                    finished_at=timezone.now(),
                )
    stdout.write(f"{issued} certificates of the 2025 series")
