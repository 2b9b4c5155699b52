"""Admin widgets."""

from django import forms
from wagtail.admin.widgets import SlugInput

from lms.text import SLUG_LETTERS


def _latin_slug_formatters() -> list[tuple[str, str, str]]:
    """One case-insensitive replacement per Cyrillic letter.

    Wagtail's slug controller runs these before its own transliteration, which
    for "sr" falls back to Russian for most letters (ж → zh, х → x, ч → ch).
    """
    return [(letter, latin, "giu") for letter, latin in SLUG_LETTERS.items()]


class LatinSlugInput(SlugInput):
    """Wagtail's slug field, making Serbian Latin slugs from Cyrillic titles.

    Used for every SlugField in the admin (lms.wagtail_hooks) together with
    ``WAGTAIL_ALLOW_UNICODE_SLUGS = False``; the server makes the same slug
    with ``lms.text.latin_slugify``.
    """

    def __init__(self, attrs=None, formatters=None, locale=None):
        super().__init__(
            attrs=attrs,
            formatters=_latin_slug_formatters() + list(formatters or []),
            locale=locale,
        )


class DistrictGroupedSelect(forms.Select):
    """A searchable list of municipalities or institutions, grouped by district.

    Groups follow the districts' own order (City of Belgrade first); names in
    a group are in Serbian alphabetical order (lms.collation), not in code
    point order. A search field above the list (static/lms/js/searchable-select.js)
    filters it by name typed in either script, with or without diacritics;
    without JavaScript it is a plain grouped list.

    Works on a ModelChoiceField of Municipality or Institution (through the
    institution's municipality).
    """

    template_name = "lms/widgets/searchable_select.html"
    ungrouped_label = "—"

    class Media:
        js = ["lms/js/searchable-select.js"]

    def _districts_of(self, instances) -> dict:
        from lms.models import District, Institution, Municipality

        municipality_ids = {}
        for instance in instances:
            if isinstance(instance, Municipality):
                municipality_ids[instance.pk] = instance.district_id
            elif isinstance(instance, Institution) and instance.municipality_id:
                municipality_ids.setdefault(instance.municipality_id, None)
        missing = [pk for pk, district in municipality_ids.items() if district is None]
        if missing:
            municipality_ids.update(
                Municipality.objects.filter(pk__in=missing).values_list(
                    "pk", "district_id"
                )
            )
        districts = {d.pk: d for d in District.objects.all()}
        result = {}
        for instance in instances:
            if isinstance(instance, Municipality):
                result[instance.pk] = districts.get(instance.district_id)
            else:
                district_id = municipality_ids.get(instance.municipality_id)
                result[instance.pk] = districts.get(district_id)
        return result

    def optgroups(self, name, value, attrs=None):
        from lms.collation import serbian_sort_key
        from lms.text import search_key

        empty, entries = [], []
        for option_value, label in self.choices:
            instance = getattr(option_value, "instance", None)
            if instance is None:
                empty.append((option_value, label))
            else:
                entries.append((option_value, label, instance))
        districts = self._districts_of([instance for *_rest, instance in entries])
        grouped: dict = {}
        for option_value, label, instance in entries:
            district = districts.get(instance.pk)
            grouped.setdefault(district, []).append((option_value, label))

        def group_order(district):
            if district is None:
                return (1, 0, ())
            return (0, district.sort_order, serbian_sort_key(district.name))

        groups = []
        selected_values = {str(v) for v in value}
        index = 0
        for option_value, label in empty:
            option = self.create_option(
                name, option_value, label, str(option_value) in selected_values, index
            )
            groups.append((None, [option], index))
            index += 1
        for district in sorted(grouped, key=group_order):
            options = []
            ordered = sorted(
                grouped[district], key=lambda e: serbian_sort_key(str(e[1]))
            )
            for subindex, (option_value, label) in enumerate(ordered):
                option = self.create_option(
                    name,
                    option_value,
                    label,
                    str(option_value) in selected_values,
                    index,
                    subindex=subindex,
                )
                # Select options do not inherit attrs; the key is the option's own.
                option["attrs"]["data-search"] = search_key(str(label))
                options.append(option)
            group_name = district.name if district else self.ungrouped_label
            groups.append((group_name, options, index))
            index += 1
        return groups
