"""Demo content of the core: home page and demo accounts."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from lms.models import (
    CentreContacts,
    HomePage,
    Institution,
    Municipality,
    Profile,
    System,
    User,
)
from lms.roles import CHAMBER, STAFF, TRAINER

DEMO_PASSWORD = "obuka-2026-demo"

DEMO_ACCOUNTS = [
    # email, first, last, gender, system, institution, municipality, role, licence
    ("urednica@example.org", "Јелена", "Марковић", "female", "social_protection",
     "ЦЗЖТЉ", "Београд", STAFF, ""),
    ("trener@example.org", "Мирослав", "Јовановић", "male", "social_protection",
     "ЦЗЖТЉ", "Београд", TRAINER, ""),
    ("ucesnica@example.org", "Милица", "Петровић", "female", "social_protection",
     "ЦСР Ниш", "Ниш", None, "01-2345"),
    ("komora@example.org", "Драгана", "Илић", "female", "social_protection",
     "ЦЗЖТЉ", "Београд", CHAMBER, ""),
]  # fmt: skip

HOME_INTRO = (
    "<p>Центар за заштиту жртава трговине људима организује обуке за "
    "професионалце који у свом раду могу да се сретну са особама које су "
    "преживеле трговину људима: запослене у социјалној заштити, образовању, "
    "здравству, полицији, правосуђу, градским управама, невладиним "
    "организацијама и Црвеном крсту.</p>"
    "<p>Програм „Препознавање случајева трговине људима и подршка жртвама“ "
    "учи како се препознају индикатори, коме се пријављује сумња и како се "
    "разговара са особом на начин који је усмерен на њу и заснован на "
    "разумевању трауме.</p>"
)
# The series figures are computed from the attendance records and shown
# below this text (events.home_figures); typed figures would go stale.
HOME_HIGHLIGHTS = (
    "<h2>Серија обука 2025.</h2>"
    "<p>25 регионалних обука у 25 управних округа Србије.</p>"
)


@transaction.atomic
def load_demo(stdout) -> None:
    home = _home_page()
    stdout.write(f"Home page: {home.title}")
    _centre_contacts(home)
    for account in DEMO_ACCOUNTS:
        user = _account(*account)
        stdout.write(f"Demo account: {user.email}")


def _home_page() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(
                title="Обуке за препознавање трговине људима",
                slug="pocetna",
                lead=(
                    "Календар обука, курсеви, квизови и вежбе за професионалце "
                    "који могу да препознају трговину људима и помогну."
                ),
                intro=HOME_INTRO,
                highlights=HOME_HIGHLIGHTS,
            )
        )
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site(hostname="localhost", port=80, is_default_site=True)
        site.root_page = home
        site.site_name = "ЦЗЖТЉ обуке"
        site.save()
    # Wagtail's own placeholder ("Welcome to your new Wagtail site!").
    Page.objects.filter(depth=2, content_type__model="page").delete()
    return home


def _centre_contacts(home: HomePage) -> None:
    """Demo contacts, clearly fictitious (example.org), until staff enter the
    real ones under Settings → Contacts of the Centre."""
    site = Site.objects.filter(root_page=home).first()
    if site is None:
        return
    contacts = CentreContacts.for_site(site)
    if contacts.phone or contacts.email:
        return  # staff have entered their own
    contacts.phone = "011 000 0000"
    contacts.email = "centar@example.org"
    contacts.address = "Београд (демо адреса)"
    contacts.hours = "радним данима 8–16 ч"
    contacts.save()


def _account(email, first, last, gender, system, institution, place, role, licence):
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first, "last_name": last}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
    user.is_staff = role == STAFF
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    profile, _ = Profile.objects.get_or_create(user=user)
    profile.gender = gender
    profile.system = System.objects.get(key=system)
    profile.institution = Institution.objects.get(name=institution)
    profile.municipality = Municipality.objects.local_self_government_units().get(
        name=place
    )
    profile.job_title = "стручни радник" if not role else "саветница"
    profile.licence_number = licence
    profile.completed_at = profile.completed_at or timezone.now()
    profile.save()
    return user
