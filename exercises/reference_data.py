"""The screening tool's reference content: what a real deployment starts with.

Dimensions, forms of exploitation, next steps, the default rule and the
indicator sets for social protection and health (``data/indicators.json``,
written for this platform after the ILO/European Commission operational
indicators, 2009, and UNODC's indicator lists). A data migration loads them,
so a fresh ``migrate`` gives a working screening tool; ``load_demo`` and the
``load_screening_content`` command call the same loader.

The loader only adds what is missing (found by key, code or slug): it never
overwrites what staff have edited in the admin, so running it again changes
nothing. It takes an app registry so the same code runs in the migration
(historical models) and at run time.
"""

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

RULE_FIELDS = (
    "high_requires_purpose",
    "high_min_means",
    "high_min_means_children",
    "elevated_min_dimensions",
    "elevated_min_indicators",
)


def read(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def load_screening_content(apps, data: dict | None = None) -> dict[str, int]:
    """Add the missing reference rows; return how many of each were added."""
    data = data if data is not None else read("indicators.json")
    model = _models(apps)
    added = {"dimensions": 0, "forms": 0, "next_steps": 0, "rules": 0}
    for order, row in enumerate(data["dimensions"]):
        fields = ("name", "role", "description")
        added["dimensions"] += _add(model["Dimension"], row, fields, order)
    for order, row in enumerate(data["forms"]):
        added["forms"] += _add(model["ExploitationForm"], row, ("name",), order)
    for order, row in enumerate(data["next_steps"]):
        fields = ("text", "explanation")
        added["next_steps"] += _add(model["NextStep"], row, fields, order)
    added["rules"] = _rule(model, data["rule"])
    for order, row in enumerate(data["sets"]):
        added[row["slug"]] = _indicator_set(model, apps, row, order)
    return added


def _models(apps) -> dict:
    names = (
        "Dimension",
        "ExploitationForm",
        "NextStep",
        "ScreeningRule",
        "RuleCombination",
        "IndicatorSet",
        "Indicator",
    )
    return {name: apps.get_model("exercises", name) for name in names}


def _add(model, row: dict, fields: tuple[str, ...], order: int) -> int:
    """Create the row with ``row["key"]`` if it is missing; 1 when created."""
    defaults = {"sort_order": order, **{name: row[name] for name in fields}}
    _obj, created = model.objects.get_or_create(key=row["key"], defaults=defaults)
    return int(created)


def _rule(model: dict, row: dict) -> int:
    """The default rule, unless staff already have one."""
    if model["ScreeningRule"].objects.exists():
        return 0
    rule = model["ScreeningRule"].objects.create(
        name=row["name"],
        is_default=True,
        notes=row["notes"],
        **{key: row[key] for key in RULE_FIELDS},
    )
    for order, (strong, medium, weak) in enumerate(row["combinations"]):
        model["RuleCombination"].objects.create(
            rule=rule, strong=strong, medium=medium, weak=weak, sort_order=order
        )
    return 1


def _indicator_set(model: dict, apps, row: dict, order: int) -> int:
    System = apps.get_model("lms", "System")
    indicator_set, _created = model["IndicatorSet"].objects.get_or_create(
        slug=row["slug"],
        defaults={
            "name": row["name"],
            "intro": row["intro"],
            "system": System.objects.filter(key=row["system"]).first(),
            "sort_order": order,
        },
    )
    existing = set(
        model["Indicator"]
        .objects.filter(indicator_set=indicator_set)
        .values_list("code", flat=True)
    )
    dimensions = {d.key: d for d in model["Dimension"].objects.all()}
    forms = {f.key: f for f in model["ExploitationForm"].objects.all()}
    added = 0
    for item in row["indicators"]:
        if item["code"] in existing:
            continue
        indicator = model["Indicator"].objects.create(
            indicator_set=indicator_set,
            code=item["code"],
            text=item["text"],
            explanation=item["explanation"],
            dimension=dimensions[item["dimension"]],
            strength=item["strength"],
            for_adults=item["adults"],
            for_children=item["children"],
            sort_order=item["sort_order"],
        )
        indicator.forms.set([forms[key] for key in item["forms"]])
        added += 1
    return added
