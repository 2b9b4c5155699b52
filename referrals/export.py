"""A referral in the hand-over format for the Centre's case software (JSON, PDF).

The format is documented in docs/referrals.md ("Hand-over format"); its
``format`` key names the version. Only the Centre's roles may export.
"""

from django.template.loader import render_to_string

FORMAT = "czzttlj-referral/1"


def _iso(value):
    return value.isoformat() if value else None


def referral_document(referral) -> dict:
    """Everything the Centre's software needs, content included (decrypted)."""
    from exercises.models import Indicator

    indicators = Indicator.objects.filter(pk__in=referral.indicator_ids).order_by("pk")
    return {
        "format": FORMAT,
        "number": referral.number,
        "status": referral.status,
        "outcome": referral.outcome or None,
        "sent_at": _iso(referral.sent_at),
        "closed_at": _iso(referral.closed_at),
        "urgency": referral.urgency,
        "invented": referral.invented,
        "referrer": {
            "name": referral.referrer.get_full_name() if referral.referrer else None,
            "email": referral.referrer.email if referral.referrer else None,
            "system": referral.system.key if referral.system else None,
            "institution": referral.institution_name or None,
            "trained": referral.referrer_trained,
            "contact_way": referral.contact_way,
            "contact_details": referral.contact_details or None,
        },
        "person": {
            "municipality": referral.municipality.name
            if referral.municipality
            else None,
            "district": referral.municipality.district.name
            if referral.municipality
            else None,
            "age_group": referral.age_group or None,
        },
        "screening": {
            "level": referral.screening_level or None,
            "indicators": [
                {
                    "id": i.pk,
                    "code": getattr(i, "code", ""),
                    "text": i.text,
                    "strength": i.strength,
                }
                for i in indicators
            ],
        },
        "description": referral.description,
        "actions_taken": referral.actions_taken,
        "identified": [
            {"age_group": p.age_group, "gender": p.gender}
            for p in referral.identified.all()
            if p.kind == "identified"
        ],
        "helped": [
            {"age_group": p.age_group, "gender": p.gender}
            for p in referral.identified.all()
            if p.kind == "helped"
        ],
        "messages": [
            {
                "at": _iso(m.created_at),
                "from_centre": m.from_centre,
                "body": m.body,
            }
            for m in referral.messages.all()
        ],
        "attachments": [
            {"id": a.pk, "type": a.content_type, "size": a.size}
            for a in referral.attachments.all()
        ],
        "purged_at": _iso(referral.purged_at),
    }


def referral_pdf(referral) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "referrals/referral_pdf.html", {"doc": referral_document(referral)}
    )
    return HTML(string=html).write_pdf()
