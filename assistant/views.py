"""The "Ask the handbook" page: a plain form that works without JavaScript.

The panel on every page posts the same form with ``X-Requested-With: fetch``
and gets only the answer's HTML back. The conversation's topic (the stems of
the last answered question, never the question's text) is kept in the
session; nothing about the person is stored with a question.
"""

from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods
from wagtail.models import Site

from assistant import answers, services
from assistant.forms import QuestionForm

TOPIC_KEY = "assistant_topic"


@require_http_methods(["GET", "POST"])
def ask(request):
    form = QuestionForm(request.POST or None)
    answer = None
    if request.method == "POST" and form.is_valid():
        answer = _answer(request, form.cleaned_data)
    context = {"form": QuestionForm() if answer else form, "answer": answer}
    if request.headers.get("X-Requested-With") == "fetch":
        # The panel: its form on opening, then one answer per question.
        template = "_answer.html" if request.method == "POST" else "_panel.html"
        return render(request, f"assistant/{template}", context)
    return render(request, "assistant/ask.html", context)


def _answer(request, data: dict) -> answers.Answer:
    previous = None if data["new_topic"] else request.session.get(TOPIC_KEY)
    answer = answers.ask(
        data["question"],
        lang=get_language() or "sr",
        previous=previous,
        site=Site.find_for_request(request),
    )
    if answer.declined:
        services.unanswered_record(text=answer.question, reason=answer.reason)
    elif answer.terms:
        request.session[TOPIC_KEY] = answer.terms[:20]
    return answer
