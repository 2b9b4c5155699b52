"""The assistant's index of passages, curated answers, synonyms and the
anonymous list of questions it could not answer."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable


class Passage(models.Model):
    """One paragraph or list of the platform's content, ready to match.

    ``terms`` are the stems (space-separated) the ranking uses; the index is
    derived data, rebuilt from the sources at any time (``assistant_reindex``).
    """

    key = models.CharField(_("key"), max_length=255, db_index=True)
    document = models.CharField(_("document"), max_length=200, db_index=True)
    ref = models.CharField(_("object"), max_length=80, db_index=True)
    source = models.CharField(_("source"), max_length=40)
    kind = models.CharField(_("kind"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=255)
    heading = models.CharField(_("heading"), max_length=255, blank=True)
    url = models.CharField(_("address"), max_length=500, blank=True)
    text = models.TextField(_("text"))
    terms = models.TextField(_("terms"))
    title_terms = models.TextField(
        _("title terms"),
        blank=True,
        help_text=_("Stems of the title and of each other way to ask, one per line."),
    )

    class Meta:
        verbose_name = _("passage")
        verbose_name_plural = _("passages")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.key


class IndexState(models.Model):
    """A token that every change of the index replaces.

    Each process keeps its ranking structures in memory and rebuilds them
    when the token differs from the one it built them for: processes share
    nothing else. A random token, not a counter: a counter rolled back (a
    test, a failed transaction) could come back to a value already seen.
    """

    version = models.CharField(max_length=32, default="")

    class Meta:
        verbose_name = _("state of the assistant's index")

    def __str__(self) -> str:
        return str(self.version)


class FaqEntry(ClusterableModel):
    """A curated answer: the ways people ask, the answer and where to read more."""

    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_("A short stable name, used by the evaluation set."),
    )
    question = models.CharField(_("question"), max_length=255)
    variants = models.TextField(
        _("other ways to ask"),
        blank=True,
        help_text=_("One question per line, as people really ask it."),
    )
    answer = RichTextField(_("answer"), features=["bold", "italic", "link", "ul", "ol"])
    show_contacts = models.BooleanField(
        _("show the Centre's contacts with the answer"), default=False
    )
    live = models.BooleanField(_("shown by the assistant"), default=True)

    panels = [
        FieldPanel("question"),
        FieldPanel("slug"),
        FieldPanel("variants"),
        FieldPanel("answer"),
        InlinePanel("links", label=_("link")),
        FieldPanel("show_contacts"),
        FieldPanel("live"),
    ]

    class Meta:
        verbose_name = _("frequently asked question")
        verbose_name_plural = _("frequently asked questions")
        ordering = ["question"]

    def __str__(self) -> str:
        return self.question

    def all_questions(self) -> list[str]:
        lines = [line.strip() for line in self.variants.splitlines()]
        return [self.question, *[line for line in lines if line]]


class FaqLink(Orderable):
    """Where to read more about a curated answer."""

    faq = ParentalKey(FaqEntry, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("title"), max_length=200)
    url = models.CharField(_("address"), max_length=500)

    panels = [FieldPanel("title"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self) -> str:
        return self.title


class Synonym(models.Model):
    """Words and abbreviations that mean the same (ЦСР = центар за социјални рад)."""

    terms = models.TextField(
        _("equivalent terms"),
        help_text=_(
            "One per line; any of them in a question also finds the others. "
            "Abbreviations, colloquial words and English terms are welcome."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [FieldPanel("terms"), FieldPanel("note")]

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        ordering = ["pk"]

    def __str__(self) -> str:
        return " = ".join(self.term_list()[:3])

    def term_list(self) -> list[str]:
        return [line.strip() for line in self.terms.splitlines() if line.strip()]


class LexiconEntry(models.Model):
    """An English word or phrase and the Serbian words the content uses for it.

    English questions are read through these (``assistant.english``): the
    content is Serbian, and no translation model may be downloaded.
    """

    english = models.CharField(
        _("English word or phrase"),
        max_length=200,
        unique=True,
        help_text=_("As people write it: “licence points”, “first steps”."),
    )
    serbian = models.CharField(
        _("Serbian words"),
        max_length=300,
        help_text=_(
            "The words the platform's content uses for it, separated by commas "
            "(in either script)."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [FieldPanel("english"), FieldPanel("serbian"), FieldPanel("note")]

    class Meta:
        verbose_name = _("English term")
        verbose_name_plural = _("English terms")
        ordering = ["english"]

    def __str__(self) -> str:
        return f"{self.english} = {self.serbian}"


class UnansweredReason(models.TextChoices):
    NO_MATCH = "no_match", _("nothing matched well enough")
    NO_TERMS = "no_terms", _("no words to search for")


class UnansweredQuestion(models.Model):
    """A question the assistant could not answer, without who asked it.

    Only the text, with names, phone numbers and e-mail addresses masked, and
    the day; kept for ``ASSISTANT_UNANSWERED_DAYS`` so staff can write FAQ
    entries from it.
    """

    text = models.CharField(_("question"), max_length=500)
    reason = models.CharField(
        _("reason"), max_length=10, choices=UnansweredReason.choices
    )
    asked_on = models.DateField(_("asked on"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("unanswered question")
        verbose_name_plural = _("unanswered questions")
        ordering = ["-asked_on", "-pk"]

    def __str__(self) -> str:
        return self.text
