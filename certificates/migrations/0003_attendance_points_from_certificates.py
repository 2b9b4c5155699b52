"""Attendance records take licence and points from certificates already issued.

From now on issuing does this (``events.attendance.attendances_points_fix``);
for certificates issued before records existed it is done once here. This also
gives back the licence presence of attendances anonymised before (the old
deletion dropped it, while the certificate kept it).
"""

from django.db import migrations

BATCH = 1000


def attendance_points_from_certificates(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    Attendance = apps.get_model("events", "Attendance")
    issued = (
        Certificate.objects.filter(registration__isnull=False, status="valid")
        .exclude(kind="completion")
        .select_related("registration")
        .order_by("pk")
    )
    last = 0
    while batch := list(issued.filter(pk__gt=last)[:BATCH]):
        last = batch[-1].pk
        records = {
            a.registration_id: a
            for a in Attendance.objects.filter(
                registration_id__in=[c.registration_id for c in batch]
            )
        }
        changed = []
        for certificate in batch:
            record = records.get(certificate.registration_id)
            if record is None:
                continue
            if certificate.kind == "licence":
                record.has_licence = True
                if certificate.registration.user_id is not None:
                    record.licence_number = certificate.licence_number
                record.points = certificate.points
            else:
                record.points = None
            record.points_fixed_at = certificate.issued_at
            changed.append(record)
        Attendance.objects.bulk_update(
            changed, ["has_licence", "licence_number", "points", "points_fixed_at"]
        )


class Migration(migrations.Migration):

    dependencies = [
        ("certificates", "0002_course_completion"),
        ("events", "0004_attendance_records"),
    ]

    operations = [
        migrations.RunPython(
            attendance_points_from_certificates, migrations.RunPython.noop
        ),
    ]
