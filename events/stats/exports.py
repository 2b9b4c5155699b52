"""The series statistics as charts (SVG) and as a workbook (XLSX)."""

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from events.stats.charts import Bar, bar_chart_svg
from events.stats.series import SeriesStats
from lms.spreadsheets import row_safe


def series_charts(stats: SeriesStats, *, stacked: bool = False) -> dict:
    by_training = [
        Bar(f"{row.date:%d.%m.} {row.city}", row.participants)
        for row in stats.trainings
    ]
    ratings = [
        Bar(
            f"{row.date:%d.%m.} {row.city}",
            float(row.average_rating or 0),
            str(row.average_rating or "—").replace(".", ","),
        )
        for row in stats.trainings
    ]
    return {
        "systems": bar_chart_svg(
            chart_id="chart-systems",
            stacked=stacked,
            title=_("Participants by system"),
            bars=[Bar(name, n) for _key, name, n in stats.systems],
        ),
        "trainings": bar_chart_svg(
            chart_id="chart-trainings",
            stacked=stacked,
            title=_("Participants by training"),
            bars=by_training,
        ),
        "ratings": bar_chart_svg(
            chart_id="chart-ratings",
            stacked=stacked,
            title=_("Average rating by training"),
            bars=ratings,
            maximum=5,
        ),
    }


def series_xlsx(stats: SeriesStats) -> bytes:
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(_("Summary"))
    for label, value in [
        (pgettext("period start", "From"), stats.start),
        (pgettext("period end", "To"), stats.end),
        (_("Trainings"), len(stats.trainings)),
        (_("Participants"), stats.participants),
        (_("Women"), stats.women),
        (_("Men"), stats.men),
        (_("Institutions"), stats.institutions),
        (_("Cities and municipalities"), stats.municipalities),
        (_("Districts"), stats.districts_covered),
        (_("Licence-point recipients"), stats.licence_point_recipients),
        (_("Registrations"), stats.registrations),
        (_("Evaluation answers"), stats.answers),
        (
            _("Average rating"),
            float(stats.average_rating) if stats.average_rating else None,
        ),
    ]:
        summary.append(row_safe([label, value]))
    systems = workbook.create_sheet(_("By system"))
    systems.append(row_safe([_("System"), _("Participants")]))
    for _key, name, n in stats.systems:
        systems.append(row_safe([name, n]))
    trainings = workbook.create_sheet(_("By training"))
    trainings.append(
        row_safe(
            [
                _("Date"),
                _("City"),
                _("District"),
                _("Registrations"),
                _("Participants"),
                _("Women"),
                _("Men"),
                _("Licence-point recipients"),
                _("Evaluation answers"),
                _("Average rating"),
            ]
        )
    )
    for row in stats.trainings:
        trainings.append(
            row_safe(
                [
                    row.date,
                    row.city,
                    row.district,
                    row.registrations,
                    row.participants,
                    row.women,
                    row.men,
                    row.licence_point_recipients,
                    row.answers,
                    float(row.average_rating) if row.average_rating else None,
                ]
            )
        )
    districts = workbook.create_sheet(_("By district"))
    districts.append(
        row_safe([_("District"), _("Units present"), _("Units"), _("Places")])
    )
    for row in stats.districts:
        if row.units_present:
            districts.append(
                row_safe(
                    [
                        row.name,
                        row.units_present,
                        row.units_total,
                        ", ".join(row.places),
                    ]
                )
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
