"""What the assistant answers: passages, a curated answer, or an honest "I do
not know", with emergency contacts first when a question sounds urgent.

It never says whether a person is or is not a victim: a question about a real
person gets the screening tool, how to report a suspicion to the Centre and
the emergency contacts. Only the Centre identifies victims.
"""

import re
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from wagtail.models import Site

from assistant import engine, english
from assistant.text import fold, highlight
from lms.models import CentreContacts
from lms.text import to_latin

# Below this share of the question's weight, the best passage is no answer.
MIN_COVERAGE = 0.55
# A curated answer wins over passages when one of its ways to ask matches the
# question this well (see ``engine.title_match``).
FAQ_MATCH = 0.6
MAX_PASSAGES = 3
# Passages much weaker than the best one are left out.
RELATIVE_SCORE = 0.35

_URGENT = re.compile(
    r"\b(sada|sad|odmah|hitn\w*|opasn\w*|nesta\w*|preti|prete|pretnj\w*|"
    r"zarobljen\w*|zakljucan\w*|otet\w*|kidnap\w*|"
    r"now|urgent\w*|emergenc\w*|danger\w*|missing|locked)\b"
)
_VERDICT = re.compile(
    r"\b(da li je|je li|jel|jeli|da li su|are they|"
    # English about a person ("is my client…", "is the girl…"), not "is the
    # difference between trafficking and smuggling".
    r"is (she|he|my|our|this (person|child|girl|boy|woman|man)|"
    r"the (person|child|girl|boy|woman|man|client|patient|worker|student)))\b"
    r".*\b(zrtv\w*|trgovin\w*|trafick\w*|traffick\w*|victim\w*|exploit\w*)"
)
_REAL_PERSON = re.compile(
    r"\b((moj|moja|moju|mog|moje|mojoj|nas|nasa|nasu|my|our)\s+"
    r"(klijent\w*|korisni\w*|ucen\w*|pacijent\w*|komsi\w*|devojc\w*|decak\w*|"
    r"sin\w*|cerk\w*|rodjak\w*|client\w*|student\w*|pupil\w*|patient\w*|"
    r"neighbo\w*|daughter|son)|"
    r"imam (slucaj|klijent\w*|devojc\w*|dete|decak\w*|pacijent\w*|ucen\w*)|"
    r"sumnjam da (je|su)|i have a (case|client|patient|student)|"
    r"i suspect (that )?(she|he|they|my|our|this|a (child|girl|boy|woman|man)))\b"
)
# What the "situation" answer searches for: how to report a suspicion.
REFERRAL_QUERY = "пријава сумње на трговину људима Центру за заштиту жртава"


@dataclass
class Answer:
    question: str
    passages: list[dict] = field(default_factory=list)
    faq: dict | None = None
    declined: bool = False
    reason: str = ""
    message: str = ""
    urgent: bool = False
    situation: bool = False
    contacts: dict | None = None
    screening_url: str = ""
    terms: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        data = {
            "question": self.question,
            "declined": self.declined,
            "urgent": self.urgent,
            "situation": self.situation,
            "message": self.message,
            "faq": self.faq,
            "passages": self.passages,
        }
        if self.declined:
            data["reason"] = self.reason
        if self.contacts:
            data["contacts"] = self.contacts
        if self.screening_url:
            data["screening_url"] = self.screening_url
        return data


def is_urgent(text: str) -> bool:
    return bool(_URGENT.search(fold(text)))


def is_situation(text: str) -> bool:
    folded = fold(text)
    return bool(_VERDICT.search(folded) or _REAL_PERSON.search(folded))


def contacts_for(site: Site | None = None) -> dict:
    """The Centre's contacts and emergency numbers from the site settings."""
    site = site or Site.objects.filter(is_default_site=True).first()
    settings = CentreContacts.for_site(site) if site else CentreContacts()
    return {
        "name": settings.name,
        "phone": settings.phone,
        "email": settings.email,
        "address": settings.address,
        "hours": settings.hours,
        "emergency": [
            {"number": item.number, "label": item.label}
            for item in settings.emergency_list()
        ],
    }


def _screening_url() -> str:
    try:
        return reverse("exercises:screening_index")
    except NoReverseMatch:
        return ""


class _Script:
    """Serbian Latin output when asked for, and in English (as the English site
    shows Serbian content: Latin letters its readers can read); content is
    stored in Cyrillic."""

    def __init__(self, lang: str):
        self.latin = lang in ("sr-latn", "en")

    def __call__(self, text: str) -> str:
        return to_latin(text) if self.latin else text


def _passage(hit: engine.Hit, wanted: set[str], script: _Script) -> dict:
    entry = hit.entry
    text = script(entry.text)
    return {
        "id": entry.key,
        "document": entry.document,
        "kind": entry.kind,
        "title": script(entry.title),
        "heading": script(entry.heading),
        "url": entry.url,
        "text": text,
        "html": highlight(text, wanted),
        "score": round(hit.score, 3),
        "coverage": round(hit.coverage, 3),
        "title_match": round(hit.title, 3),
    }


def _matched_stems(query: engine.Query) -> set[str]:
    stems = set(query.stems) | set(query.expansion)
    for phrases in query.alternatives.values():
        for phrase in phrases:
            stems.update(phrase)
    return stems


def ask(
    question: str,
    *,
    lang: str = "sr",
    previous: list[str] | None = None,
    site: Site | None = None,
) -> Answer:
    """Answer ``question``; ``previous`` are the stems of the conversation so far."""
    question = (question or "").strip()[:500]
    script = _Script(lang)
    answer = Answer(question=question, urgent=is_urgent(question))
    if answer.urgent:
        answer.contacts = contacts_for(site)
    if is_situation(question):
        return _situation(answer, script, site)
    index = engine.index_get()
    query = engine.query_make(_searched(question, lang, index), index)
    answer.terms = query.stems
    if not query.stems and previous:
        # "And then?" has no words of its own: the topic carries it.
        query = engine.Query(
            stems=list(previous),
            alternatives={s: [(s,)] for s in previous},
            expansion=[],
        )
        previous = None
    if not query.stems:
        return _decline(answer, "no_terms", site)
    hits = engine.search(query, index, previous=previous)
    if not hits or hits[0].coverage < MIN_COVERAGE and not _faq_first(hits):
        return _decline(answer, "no_match", site)
    hits = _faq_first(hits) or hits
    wanted = _matched_stems(query)
    best = hits[0].score
    chosen = [
        hit
        for hit in hits[:MAX_PASSAGES]
        if hit.coverage >= MIN_COVERAGE / 2 and hit.score >= best * RELATIVE_SCORE
    ] or hits[:1]
    if chosen[0].entry.kind == "faq" and chosen[0].title >= FAQ_MATCH:
        answer.faq = _passage(chosen[0], wanted, script)
        chosen = chosen[1:]
        if _faq_shows_contacts(answer.faq["document"]):
            answer.contacts = answer.contacts or contacts_for(site)
    answer.passages = [_passage(hit, wanted, script) for hit in chosen]
    return answer


def _searched(question: str, lang: str, index: engine.Index) -> str:
    """The words to search for: an English question in the content's Serbian."""
    if lang == "en" or english.looks_english(question, index.lexicon):
        return english.translate(question, index.lexicon)
    return question


def _faq_shows_contacts(document: str) -> bool:
    from assistant.models import FaqEntry

    slug = document.removeprefix("faq:")
    return FaqEntry.objects.filter(slug=slug, show_contacts=True).exists()


def _faq_first(hits: list[engine.Hit]) -> list[engine.Hit] | None:
    """Hits with a curated answer moved first, when one matches well."""
    faqs = [h for h in hits if h.entry.kind == "faq" and h.title >= FAQ_MATCH]
    if not faqs:
        return None
    top = max(faqs, key=lambda hit: (hit.title, hit.score))
    return [top, *[hit for hit in hits if hit is not top]]


def _decline(answer: Answer, reason: str, site: Site | None) -> Answer:
    answer.declined = True
    answer.reason = reason
    answer.message = _(
        "I could not find an answer to this in the platform's content. "
        "Please ask the Centre: its contacts are below."
    )
    answer.contacts = answer.contacts or contacts_for(site)
    return answer


def _situation(answer: Answer, script: _Script, site: Site | None) -> Answer:
    """A real person: how to act, never whether they are a victim."""
    answer.situation = True
    answer.message = _(
        "I cannot say whether a person is a victim of trafficking: only the "
        "Centre identifies victims. If you are worried about someone, go "
        "through the indicators in the screening tool, report your suspicion "
        "to the Centre and, if the person is in danger, call the emergency "
        "numbers. Listen, do not judge, and do not promise what you cannot keep."
    )
    answer.contacts = contacts_for(site)
    answer.screening_url = _screening_url()
    index = engine.index_get()
    query = engine.query_make(REFERRAL_QUERY, index)
    hits = [hit for hit in engine.search(query, index) if hit.entry.kind != "faq"]
    wanted: set[str] = set()
    answer.passages = [_passage(hit, wanted, script) for hit in hits[:2]]
    return answer
