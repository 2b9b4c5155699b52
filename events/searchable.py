"""The training programme and the licence points, for the assistant.

Upcoming trainings with their programme, and the Chamber's licence-point
table. Handed over through ``lms.registry``; ``events`` knows nothing of the
assistant.
"""

import json
from collections.abc import Iterable

from django.utils import formats, timezone
from django.utils.html import escape, strip_tags

from events.accreditation import DATA
from lms.registry import SearchableSource, SearchDocument, object_ref


def _plain(rich_text) -> str:
    return escape(strip_tags(rich_text.source)) if rich_text else ""


def training_document(page) -> SearchDocument:
    start = formats.date_format(timezone.localtime(page.start), "j. E Y.")
    items = "".join(
        f"<li>{escape(block.value['title'])} {_plain(block.value.get('text'))}</li>"
        for block in page.programme
        if block.block_type == "agenda_item"
    )
    html = (
        f"<p>Обука {escape(page.title)}, {start}, {escape(page.venue_name)}, "
        f"{escape(str(page.municipality))}. {escape(strip_tags(page.intro))}</p>"
        + (f"<h2>Програм обуке</h2><ul>{items}</ul>" if items else "")
    )
    return SearchDocument(
        key=f"training:{page.slug}",
        ref=object_ref(page),
        title=page.title,
        url=page.get_url() or "",
        html=html,
        kind="training",
    )


def licence_points_document() -> SearchDocument:
    """The Chamber's default points per kind of event and participation form."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    # Roles the Chamber's table names only in its own rows.
    roles = data["roles_sr"] | {
        "author": "аутор",
        "certified_trainer": "сертификовани тренер",
        "international_lead": "руководилац међународног пројекта",
        "international_participant": "учесник међународног пројекта",
        "national_lead": "руководилац националног пројекта",
        "national_participant": "учесник националног пројекта",
    }
    rows = "".join(
        "<p>{}: {}.</p>".format(
            escape(row["sr"]),
            ", ".join(
                f"{escape(roles.get(role, role.replace('_', ' ')))} {points} бодова"
                for role, points in row["roles"].items()
            ),
        )
        for row in data["categories"]
    )
    return SearchDocument(
        key="licence-points",
        ref="events.licencepoints:0",
        title="Бодови за обнову лиценце Коморе социјалне заштите",
        url=_calendar_url(),
        html=(
            "<h2>Бодови за обнову лиценце по облику учешћа</h2>"
            "<p>Стручни радници социјалне заштите за учешће на обуци добијају "
            "бодове за обнову лиценце које одобрава Комора социјалне заштите. "
            "Број бодова зависи од облика учешћа: пасивни учесник, активни "
            "учесник, модератор, предавач. Бодове за сваку обуку одређује "
            "решење Коморе.</p>" + rows
        ),
        kind="licence",
    )


def _calendar_url() -> str:
    from events.models import TrainingIndexPage

    index = TrainingIndexPage.objects.live().first()
    return (index.get_url() or "") if index else ""


def documents() -> Iterable[SearchDocument]:
    from events.models import TrainingPage, TrainingStatus

    yield licence_points_document()
    upcoming = (
        TrainingPage.objects.live().upcoming().exclude(status=TrainingStatus.CANCELLED)
    )
    for page in upcoming.select_related("municipality"):
        yield training_document(page)


def documents_for(instance) -> Iterable[SearchDocument]:
    from events.models import TrainingPage

    page = getattr(instance, "specific", instance)
    if (
        isinstance(page, TrainingPage)
        and page.live
        and not page.is_cancelled
        and page.end >= timezone.now()
    ):
        yield training_document(page)


SOURCE = SearchableSource(
    name="trainings",
    models=("events.trainingpage",),
    documents=documents,
    documents_for=documents_for,
)
