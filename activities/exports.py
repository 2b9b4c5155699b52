"""What an activity run leaves for export (CSV): never anything about a person."""

from django.utils.translation import gettext_lazy as _

from activities.models import (
    ActivityKind,
    ActivityRun,
    CollagePiece,
    ItemStatus,
    LinkStatus,
    RunState,
)


def rows(run: ActivityRun) -> tuple[list, list[list]]:
    """The header and the rows of the run's export."""
    if run.kind == ActivityKind.BALLOONS:
        return [_("word or phrase"), _("count")], _balloon_rows(run)
    if run.kind == ActivityKind.TELEPHONE:
        return [_("version"), _("status"), _("text")], _chain_rows(run)
    return [_("image"), _("word"), _("count")], _collage_rows(run)


def _balloon_rows(run: ActivityRun) -> list[list]:
    """While the run is open: the approved words now; once closed, only the
    list the trainer saved (nothing otherwise: the words are gone)."""
    if run.state == RunState.CLOSED:
        return [[t.text, t.count] for t in run.tallies.all()]
    from activities.services import balloon_groups

    return [[g["text"], g["count"]] for g in balloon_groups(run)]


def _chain_rows(run: ActivityRun) -> list[list]:
    result = [[0, str(_("original")), run.content.case_text]]
    number = 0
    for link in run.links.order_by("position"):
        if link.status == LinkStatus.DONE:
            number += 1
            result.append([number, link.get_status_display(), link.text])
        elif link.status == LinkStatus.SKIPPED:
            result.append(["", link.get_status_display(), ""])
    return result


def _collage_rows(run: ActivityRun) -> list[list]:
    counts: dict[tuple, int] = {}
    for label, word in CollagePiece.objects.filter(
        run=run, status=ItemStatus.APPROVED
    ).values_list("image__label", "word"):
        counts[(label, word)] = counts.get((label, word), 0) + 1
    return [[label, word, count] for (label, word), count in sorted(counts.items())]
