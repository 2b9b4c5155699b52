from django import template

from quizzes.selectors import best_results

register = template.Library()


@register.simple_tag(takes_context=True)
def quiz_status(context, quiz) -> dict:
    """The learner's best attempt at an embedded quiz and whether it passed."""
    request = context.get("request")
    if quiz is None or request is None or not request.user.is_authenticated:
        return {}
    best = best_results(user=request.user, quiz_ids=[quiz.pk]).get(quiz.pk)
    return {"best": best, "passed": bool(best and best.passed)}
