"""Which app may import which: the layering of DESIGN.md as a table.

DESIGN.md, "Dependencies between apps":

    `lms/` (the core) imports no domain app. `events/` builds only on the core.
    `certificates/` builds on `events/` (eligibility comes from attendance and
    evaluations). `quizzes/` may use `events/` (a live session belongs to a
    training). `courses/` embeds quiz and exercise blocks, so it may import
    `quizzes/` and `exercises/`, never the reverse: a quiz or an exercise does
    not know where it is embedded. `courses/` also uses `events/` (a course may
    belong to a training) and `certificates/` (completion certificates).
    `referrals/` builds on `events/` (was the referrer trained, where) and
    `exercises/` (a referral can start from a screening result); nothing below
    imports it. `activities/` (room activities on the live hub) builds on
    `events/` (an activity run may belong to a training); it imports neither
    `quizzes/` nor `exercises/`, and `events/` lists activities on its
    programme through a registry. `assistant/` sits on top: other apps hand it
    their searchable content through a small registry in the core, so no lower
    app imports it.
    Where a lower app must react to a higher one, use a signal or a small
    registry, not an import upwards.

``tests/lms/test_dependencies.py`` reads every module of every app with ``ast``
and fails on an import (or a model reference such as ``"events.TrainingPage"``)
that this table does not allow. A new edge is declared here and in DESIGN.md in
the same change, or turned around with a signal or a registry in ``lms``.
"""

CORE = "lms"

ALLOWED: dict[str, frozenset[str]] = {
    "lms": frozenset(),
    "events": frozenset({CORE}),
    "exercises": frozenset({CORE}),
    "quizzes": frozenset({CORE, "events"}),
    "certificates": frozenset({CORE, "events"}),
    "courses": frozenset({CORE, "events", "quizzes", "exercises", "certificates"}),
    "referrals": frozenset({CORE, "events", "exercises"}),
    "activities": frozenset({CORE, "events"}),
    "assistant": frozenset(
        {CORE, "events", "quizzes", "exercises", "certificates", "courses", "referrals"}
    ),
}

APPS = tuple(ALLOWED)


def allowed(importer: str, imported: str) -> bool:
    """Whether modules of ``importer`` may import modules of ``imported``."""
    return importer == imported or imported in ALLOWED[importer]
