"""Loading the committed reference data (idempotent).

The files in ``lms/data/`` are copied from the 2025 series facts: the 24
administrative districts and the City of Belgrade with all 145 cities and
municipalities (and the urban municipalities inside cities), the 13 systems of
the report, and the institutions of the 2025 list with their system.

The loader takes an app registry so the same code runs in a data migration
(historical models) and in the ``load_reference_data`` command.
"""

import json
from pathlib import Path

from lms.text import search_key

DATA_DIR = Path(__file__).resolve().parent / "data"

# Cities (градови) that are not a district seat; seats are cities too.
CITIES_NOT_SEATS = {"Вршац", "Лозница", "Нови Пазар"}
# Settlements participants name as their place, with the unit they belong to.
SETTLEMENTS = {"Сремска Каменица": "Нови Сад"}


def _read(name: str):
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def load_reference_data(apps) -> dict[str, int]:
    """Create or update districts, municipalities, systems and institutions."""
    District = apps.get_model("lms", "District")
    Municipality = apps.get_model("lms", "Municipality")
    System = apps.get_model("lms", "System")
    Institution = apps.get_model("lms", "Institution")

    counts = {"districts": 0, "municipalities": 0, "systems": 0, "institutions": 0}
    units: dict[str, object] = {}
    for order, item in enumerate(_read("districts.json")["districts"]):
        district, _ = District.objects.update_or_create(
            name=item["name"],
            defaults={
                "name_en": item.get("name_en", ""),
                "seat": item.get("seat", ""),
                "sort_order": order,
            },
        )
        counts["districts"] += 1
        for name in item["local_self_government_units"]:
            kind = (
                "city"
                if name == item.get("seat") or name in CITIES_NOT_SEATS
                else "municipality"
            )
            units[name] = _municipality(Municipality, name, district, kind, None)
            counts["municipalities"] += 1
        for city, parts in item.get("city_municipalities", {}).items():
            for name in parts:
                if name == city:
                    continue
                _municipality(
                    Municipality, name, district, "city_municipality", units[city]
                )
                counts["municipalities"] += 1
    for name, parent_name in SETTLEMENTS.items():
        parent = units[parent_name]
        _municipality(Municipality, name, parent.district, "settlement", parent)
        counts["municipalities"] += 1

    systems = {}
    for order, item in enumerate(_read("systems.json")):
        systems[item["key"]], _ = System.objects.update_or_create(
            key=item["key"], defaults={"name": item["name"], "sort_order": order}
        )
        counts["systems"] += 1

    for item in _read("institutions-2025.json"):
        Institution.objects.update_or_create(
            name=item["name"],
            defaults={
                "system": systems.get(item["system"]),
                "confirmed": True,
                "search_key": search_key(item["name"]),
            },
        )
        counts["institutions"] += 1
    return counts


def _municipality(Municipality, name, district, kind, parent):
    municipality, _ = Municipality.objects.update_or_create(
        name=name,
        district=district,
        kind=kind,
        defaults={"parent": parent, "search_key": search_key(name)},
    )
    return municipality
