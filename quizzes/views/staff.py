"""Quiz results and item analysis for centre staff."""

from django.shortcuts import get_object_or_404, render

from lms.permissions import permission_required
from quizzes.analysis import item_analysis, pre_post_comparison
from quizzes.models import Attempt, Quiz


@permission_required("lms.view_all_data")
def quiz_analysis(request, slug: str):
    quiz = get_object_or_404(Quiz, slug=slug)
    context = {
        "quiz": quiz,
        "items": item_analysis(quiz),
        "comparison": pre_post_comparison(quiz),
        "attempt_count": Attempt.objects.submitted().filter(quiz=quiz).count(),
    }
    return render(request, "quizzes/quiz_analysis.html", context)


@permission_required("lms.view_all_data")
def quiz_results(request, slug: str):
    quiz = get_object_or_404(Quiz, slug=slug)
    attempts = (
        Attempt.objects.submitted()
        .filter(quiz=quiz)
        .select_related("user__profile__system", "user__profile__institution")
        .order_by("user__last_name", "user__first_name", "number")
    )
    return render(
        request, "quizzes/quiz_results.html", {"quiz": quiz, "attempts": attempts}
    )
