"""The question form refuses options that do not fit the question's type."""

import pytest

from quizzes.models import Question


def _data(kind, options, accepted=""):
    data = {
        "text": "Питање",
        "kind": kind,
        "explanation": "",
        "accepted_answers": accepted,
        "options-TOTAL_FORMS": str(len(options)),
        "options-INITIAL_FORMS": "0",
        "options-MIN_NUM_FORMS": "0",
        "options-MAX_NUM_FORMS": "1000",
    }
    for i, (text, correct, match) in enumerate(options):
        data[f"options-{i}-text"] = text
        data[f"options-{i}-match"] = match
        data[f"options-{i}-feedback"] = ""
        data[f"options-{i}-ORDER"] = str(i)
        if correct:
            data[f"options-{i}-is_correct"] = "on"
    return data


def _form(data):
    form_class = Question.snippet_viewset.get_edit_handler().get_form_class()
    return form_class(data=data, instance=Question())


@pytest.mark.parametrize(
    "kind, options, accepted, valid",
    [
        ("single", [("а", True, ""), ("б", False, "")], "", True),
        ("single", [("а", True, ""), ("б", True, "")], "", False),
        ("single", [("а", True, "")], "", False),
        ("multiple", [("а", False, ""), ("б", False, "")], "", False),
        ("matching", [("а", False, "1"), ("б", False, "")], "", False),
        ("matching", [("а", False, "1"), ("б", False, "2")], "", True),
        ("short_text", [], "", False),
        ("short_text", [], "388", True),
    ],
)
def test_options_must_fit_the_type(db, kind, options, accepted, valid):
    assert _form(_data(kind, options, accepted)).is_valid() is valid
