"""Issue 15, "Wagtail admin in Serbian": catalogue, choosers, slugs, autosave."""

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import timezone
from wagtail.models import Page

from events.models import TrainingIndexPage, TrainingPage
from lms.collation import serbian_sort_key, serbian_sorted
from lms.models import District, Institution, Municipality
from lms.models.pages import LatinSlugMixin
from lms.text import latin_slugify

ROOT = Path(__file__).resolve().parents[2]
# Words of Wagtail's English admin an editor must not meet on the screens of
# creating and publishing a training.
ENGLISH_WORDS = [
    "Dashboard", "Site summary", "Pages", "Search", "Promote", "Content",
    "Settings", "Collapse all", "Expand all", "Choose", "Publish", "Save draft",
    "Preview", "History", "Status", "Draft", "Live", "Privacy", "Add child page",
    "Title", "Slug", "slug", "Comments", "Help", "Reports", "Snippets", "Images",
    "Documents", "Log out", "Account", "Explorer", "Sort", "Edit", "Delete",
    "Unpublish", "Actions", "Toggle", "created", "published", "Required",
]  # fmt: skip


def _coverage_script():
    spec = importlib.util.spec_from_file_location(
        "wagtail_admin_sr", ROOT / "scripts/wagtail_admin_sr.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def english_words_in(html: str) -> list[str]:
    """English admin words in the visible text of ``html`` (not in markup)."""
    text = re.sub(r"<(script|style|template)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return [
        word
        for word in ENGLISH_WORDS
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)
    ]


# --- the catalogue ------------------------------------------------------------


@pytest.mark.parametrize(
    "app",
    [
        "wagtail.admin",
        "wagtail.admin (JavaScript)",
        "wagtail",
        "wagtail.snippets",
        "wagtail.images",
        "wagtail.documents",
        "wagtail.search",
        "wagtail.contrib.settings",
        "wagtail.users",
        "wagtail.sites",
    ],
)
def test_every_msgid_of_the_wagtail_apps_editors_meet_is_translated(app):
    figures = _coverage_script().coverage()[app]

    assert figures["msgids"] > 0
    assert figures["translated"] == figures["msgids"]


def test_the_admin_catalogue_is_cyrillic_and_keeps_placeholders():
    script = _coverage_script()
    placeholder = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}|%[sd]")
    problems = []
    for domain in ("django", "djangojs"):
        for entry in script.project(domain).values():
            for msgstr in entry.msgstr:
                words = re.sub(r"<[^>]+>|" + placeholder.pattern, " ", msgstr)
                latin = re.findall(r"[A-Za-z]{3,}", words)
                allowed = {"Wagtail", "API", "URL", "JSON", "CSV", "XLSX", "UTC"}
                allowed |= {"JavaScript", "Enter"}
                if set(latin) - allowed and not re.search("[а-шА-Ш]", words):
                    problems.append(msgstr)
            source = entry.msgid + entry.plural
            wanted = set(placeholder.findall(source))
            for msgstr in entry.msgstr:
                if not set(placeholder.findall(msgstr)) <= wanted:
                    problems.append(msgstr)
    assert problems == []


# --- screens ------------------------------------------------------------------


@pytest.fixture
def calendar(home_page):
    return home_page.add_child(instance=TrainingIndexPage(title="Календар обука"))


def _add_url(parent):
    return f"/admin/pages/add/events/trainingpage/{parent.pk}/"


def test_the_training_editor_speaks_serbian(client, staff_user, calendar):
    client.force_login(staff_user)

    response = client.get(_add_url(calendar))

    assert response.status_code == 200
    html = response.content.decode()
    assert english_words_in(html) == []
    assert "Објавите" in html and "Сачувајте нацрт" in html


def test_the_admin_javascript_catalogue_is_serbian(client, staff_user):
    client.force_login(staff_user)

    js = client.get("/admin/jsi18n/").content.decode()

    # The catalogue is JSON with \u escapes.
    assert json.dumps({"Collapse all": "Скупите све"})[1:-1] in js


def test_no_gravatar_in_the_editor(client, staff_user, calendar):
    client.force_login(staff_user)

    pages = [_add_url(calendar), "/admin/account/", f"/admin/pages/{calendar.pk}/"]
    for url in pages:
        assert "gravatar" not in client.get(url).content.decode(), url


# --- slugs -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Обука за стручњаке у Чачку", "obuka-za-strucnjake-u-cacku"),
        ("Ђорђевић, Џеп и Љубовија", "djordjevic-dzep-i-ljubovija"),
        ("Хитно: жртве трговине људима 2026.", "hitno-zrtve-trgovine-ljudima-2026"),
        ("Đorđe Šćepanović", "djordje-scepanovic"),
        ("ЊЕГОШ", "njegos"),
    ],
)
def test_latin_slugify(title, slug):
    assert latin_slugify(title) == slug


def test_a_page_made_by_code_gets_a_latin_slug(calendar):
    start = timezone.now() + timezone.timedelta(days=30)
    first = calendar.add_child(
        instance=TrainingPage(
            title="Обука у Шапцу",
            start=start,
            end=start,
            venue_name="Сала",
            municipality=Municipality.objects.get(name="Шабац"),
        )
    )
    second = calendar.add_child(
        instance=TrainingPage(
            title="Обука у Шапцу",
            start=start,
            end=start,
            venue_name="Сала",
            municipality=Municipality.objects.get(name="Шабац"),
        )
    )

    assert first.slug == "obuka-u-sapcu"
    assert second.slug == "obuka-u-sapcu-2"


def test_every_page_model_of_the_project_makes_latin_slugs():
    project_apps = {"lms", "events", "courses", "exercises", "quizzes", "referrals"}
    pages = [
        model
        for model in apps.get_models()
        if issubclass(model, Page)
        and model is not Page
        and model._meta.app_label in project_apps
    ]

    assert pages
    assert [m for m in pages if not issubclass(m, LatinSlugMixin)] == []


def test_the_slug_field_transliterates_serbian_in_the_editor(
    client, staff_user, calendar, settings
):
    client.force_login(staff_user)

    html = client.get(_add_url(calendar)).content.decode()
    slug_input = re.search(r'<input[^>]*name="slug"[^>]*>', html).group(0)

    assert settings.WAGTAIL_ALLOW_UNICODE_SLUGS is False
    assert 'data-controller="w-slug"' in slug_input
    assert (
        "data-w-slug-allow-unicode-value"
        not in slug_input.replace('data-w-slug-allow-unicode-value="false"', "")
        or 'data-w-slug-allow-unicode-value="false"' in slug_input
    )
    # One formatter per Cyrillic letter, e.g. ж → z (Wagtail alone gives "zh").
    assert "\\u0436&quot;,&quot;giu&quot;],&quot;z&quot;]" in slug_input


# --- autosave ----------------------------------------------------------------


def test_creating_a_page_does_not_autosave_drafts(client, staff_user, calendar):
    client.force_login(staff_user)

    html = client.get(_add_url(calendar)).content.decode()

    controllers = re.findall(r'data-controller="([^"]*)"', html)
    assert not [c for c in controllers if "w-autosave" in c.split()]
    assert [
        c for c in controllers if "w-unsaved" in c.split()
    ]  # leaving with unsaved changes still warns


def test_editing_a_page_still_autosaves(client, staff_user, calendar):
    start = timezone.now() + timezone.timedelta(days=30)
    training = calendar.add_child(
        instance=TrainingPage(
            title="Обука",
            start=start,
            end=start,
            venue_name="С",
            municipality=Municipality.objects.get(name="Шабац"),
        )
    )
    client.force_login(staff_user)

    html = client.get(f"/admin/pages/{training.pk}/edit/").content.decode()

    controllers = re.findall(r'data-controller="([^"]*)"', html)
    assert [c for c in controllers if "w-autosave" in c.split()]


# --- choosers ----------------------------------------------------------------


def test_serbian_alphabetical_order():
    names = ["Ћуприја", "Јагодина", "Љиг", "Ариље", "Шабац", "Чачак", "Ђурђево"]

    assert serbian_sorted(names) == [
        "Ариље", "Ђурђево", "Јагодина", "Љиг", "Ћуприја", "Чачак", "Шабац",
    ]  # fmt: skip
    assert serbian_sort_key("Čačak") == serbian_sort_key("Čačak")
    # Latin names sort as their Cyrillic spelling: Ћ before Ч before Ш.
    assert serbian_sort_key("Ćuprija") < serbian_sort_key("Čačak")
    assert serbian_sort_key("Čačak") < serbian_sort_key("Šabac")


def _options(html):
    """(district, [names]) of each <optgroup> of the rendered select."""
    groups = []
    for label, body in re.findall(
        r'<optgroup label="([^"]*)">(.*?)</optgroup>', html, re.S
    ):
        names = re.findall(r"<option[^>]*>([^<]*)</option>", body)
        groups.append((label, names))
    return groups


def test_the_municipality_chooser_is_grouped_by_district_in_serbian_order(
    client, staff_user, calendar
):
    client.force_login(staff_user)

    html = client.get(_add_url(calendar)).content.decode()
    select = re.search(r'<select name="municipality".*?</select>', html, re.S).group(0)
    groups = _options(select)

    districts = [
        d.name
        for d in District.objects.filter(municipalities__isnull=False)
        .distinct()
        .order_by("sort_order", "name")
    ]
    assert [label for label, _names in groups] == districts
    for _label, names in groups:
        assert names == serbian_sorted(names)
    assert sum(len(n) for _l, n in groups) == Municipality.objects.count()
    assert "data-searchable-select" in html
    assert "searchable-select.js" in html
    # Each option carries its script-independent search key.
    assert re.search(r'data-search="nis"[^>]*>Ниш<', select)


def test_the_institution_merge_chooser_is_grouped_by_district(client, staff_user):
    from lms.wagtail_hooks import MergeForm

    html = str(MergeForm()["target"])
    groups = _options(html)

    assert groups
    for _label, names in groups:
        assert names == serbian_sorted(names)
    in_groups = sum(len(names) for _label, names in groups)
    assert in_groups == Institution.objects.count()


def test_the_profile_form_lists_municipalities_in_serbian_order(participant):
    from lms.forms import ProfileForm

    form = ProfileForm(instance=participant.profile, user=participant)
    groups = _options(str(form["municipality"]))

    assert groups[0][0] == District.objects.order_by("sort_order", "name")[0].name
    for _label, names in groups:
        assert names == serbian_sorted(names)


# --- script ---------------------------------------------------------------------


def test_a_latin_reader_gets_the_admin_in_latin(client, staff_user, calendar):
    client.force_login(staff_user)
    client.cookies["lms_language"] = "sr-latn"

    dashboard = client.get("/admin/").content.decode()
    editor = client.get(_add_url(calendar)).content.decode()
    js = client.get("/admin/jsi18n/").content.decode()

    assert "Kontrolna tabla" in dashboard and "Контролна табла" not in dashboard
    assert "Objavite" in editor
    assert json.dumps({"Collapse all": "Skupite sve"})[1:-1] in js


def test_a_cyrillic_reader_gets_the_admin_in_cyrillic(client, staff_user):
    client.force_login(staff_user)

    js = client.get("/admin/jsi18n/").content.decode()

    assert "Контролна табла" in client.get("/admin/").content.decode()
    assert json.dumps({"Collapse all": "Скупите све"})[1:-1] in js
