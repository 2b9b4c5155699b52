"""Reference data: districts, municipalities, professional systems, institutions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.text import search_key


class District(models.Model):
    """One of the 24 administrative districts, or the City of Belgrade."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    seat = models.CharField(_("seat"), max_length=100, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class MunicipalityKind(models.TextChoices):
    CITY = "city", _("city")
    MUNICIPALITY = "municipality", _("municipality")
    CITY_MUNICIPALITY = "city_municipality", _("city municipality")
    SETTLEMENT = "settlement", _("settlement")


class MunicipalityQuerySet(models.QuerySet):
    def local_self_government_units(self):
        """Cities and municipalities: the units the report counts per district."""
        return self.filter(
            kind__in=[MunicipalityKind.CITY, MunicipalityKind.MUNICIPALITY]
        )


class Municipality(models.Model):
    """A city, municipality, city municipality or settlement, with its district."""

    name = models.CharField(_("name"), max_length=100)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("district"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MunicipalityKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("part of"),
    )
    search_key = models.CharField(max_length=400, editable=False, db_index=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "district", "kind"], name="municipality_unique"
            )
        ]

    def __str__(self) -> str:
        if self.kind == MunicipalityKind.CITY_MUNICIPALITY and self.parent_id:
            return f"{self.name} ({self.parent.name})"
        return self.name

    def save(self, *args, **kwargs):
        self.search_key = search_key(self.name)
        super().save(*args, **kwargs)


class System(models.Model):
    """A professional system (sector) a participant works in."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("system")
        verbose_name_plural = _("systems")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class InstitutionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed=True)

    def visible_to(self, user):
        """Confirmed institutions, and the one ``user``'s own profile names."""
        reviewed = models.Q(confirmed=True)
        own = getattr(getattr(user, "profile", None), "institution_id", None)
        if user is not None and user.is_authenticated and own:
            reviewed |= models.Q(pk=own)
        return self.filter(reviewed)

    def matching(self, text: str):
        """Institutions whose name matches ``text`` typed in either script."""
        return self.filter(search_key__contains=search_key(text))


class Institution(models.Model):
    """An institution or organisation participants work for.

    Participants may type a new one; it stays unconfirmed until staff confirm
    it or merge it into an existing one.
    """

    name = models.CharField(_("name"), max_length=255, unique=True)
    system = models.ForeignKey(
        System,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="institutions",
        verbose_name=_("system"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="institutions",
        verbose_name=_("municipality"),
    )
    confirmed = models.BooleanField(
        _("confirmed"),
        default=False,
        help_text=_("Institutions typed in by participants wait for confirmation."),
    )
    search_key = models.CharField(max_length=600, editable=False, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_key = search_key(self.name)
        super().save(*args, **kwargs)
