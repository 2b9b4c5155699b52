"""Pages of live sessions: join, phone, control, projector, results."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms import registry
from lms.links import site_url
from lms.permissions import permission_required
from quizzes.live import exports, state
from quizzes.live.broadcast import publish_after_commit
from quizzes.live.forms import QuestionForm, SessionForm
from quizzes.live.services import (
    LiveError,
    question_add,
    session_control_allowed,
    session_create,
)
from quizzes.models import LiveSession
from quizzes.models.live import CODE_ALPHABET


def _join_url(request, session: LiveSession) -> str:
    return site_url(reverse("quizzes:live_play", args=[session.code]))


def _controlled(request, code: str) -> LiveSession:
    session = get_object_or_404(LiveSession, code=code.upper())
    if not session_control_allowed(user=request.user, session=session):
        raise PermissionDenied
    return session


def live_join(request):
    """Enter the code shown on the screen (a live quiz or a live exercise)."""
    code = "".join(request.GET.get("kod", "").split())[:12]
    error = ""
    if code:
        if url := registry.resolve_join_code(code):
            return redirect(url)
        error = _("There is no session with this code. Check the code on the screen.")
    return render(
        request,
        "quizzes/live/join.html",
        {"code": code, "error": error, "alphabet": CODE_ALPHABET},
    )


def live_play(request, code: str):
    """The phone's page: joins over the websocket and follows the session."""
    session = LiveSession.objects.filter(code=code.upper()).first()
    if session is None:
        return redirect(f"{reverse('quizzes:live_join')}?kod={code}")
    return render(
        request,
        "quizzes/live/play.html",
        {
            "session": session,
            "needs_login": not session.allow_guests
            and not request.user.is_authenticated,
        },
    )


def live_qr(request, code: str):
    """The join link as a QR code (SVG), for the projector."""
    import io

    import segno

    session = get_object_or_404(LiveSession, code=code.upper())
    buffer = io.BytesIO()
    segno.make(_join_url(request, session), error="m").save(
        buffer, kind="svg", scale=8, dark="#111", border=2, xmldecl=False
    )
    svg = buffer.getvalue()
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@permission_required("lms.run_trainings")
def live_list(request):
    sessions = (
        LiveSession.objects.controlled_by(request.user)
        .select_related("training", "quiz")
        .order_by("-created_at")[:100]
    )
    return render(request, "quizzes/live/list.html", {"sessions": sessions})


@permission_required("lms.run_trainings")
def live_create(request):
    initial = {}
    if request.GET.get("training"):
        initial["training"] = request.GET["training"]
    form = SessionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = session_create(
            user=request.user,
            title=data["title"],
            quiz=data["quiz"],
            training=data["training"],
            mode=data["mode"],
            allow_guests=data["allow_guests"],
            show_leaderboard=data["show_leaderboard"],
        )
        if created.skipped:
            messages.warning(
                request,
                _(
                    "%(count)d questions of the quiz (matching or ordering) cannot "
                    "be played live and were left out."
                )
                % {"count": len(created.skipped)},
            )
        return redirect("quizzes:live_control", code=created.session.code)
    return render(request, "quizzes/live/create.html", {"form": form})


@permission_required("lms.run_trainings")
def live_control(request, code: str):
    session = _controlled(request, code)
    return _control_page(request, session, QuestionForm())


def _control_page(request, session: LiveSession, form, status: int = 200):
    return render(
        request,
        "quizzes/live/control.html",
        {
            "session": session,
            "questions": session.questions.all(),
            "form": form,
            "join_url": _join_url(request, session),
            "screen_url": site_url(
                reverse("quizzes:live_screen", args=[session.code])
                + f"?kljuc={session.screen_key}"
            ),
        },
        status=status,
    )


@permission_required("lms.run_trainings")
@require_POST
def live_question_add(request, code: str):
    session = _controlled(request, code)
    form = QuestionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            question_add(
                session=session,
                kind=data["kind"],
                text=data["text"],
                options=data["option_texts"],
                correct=data["correct"],
                time_limit=data.get("time_limit"),
                scale_max=data.get("scale_max") or 5,
            )
        except LiveError as error:
            messages.error(request, error.message)
        else:
            publish_after_commit(session)
            messages.success(request, _("The question was added at the end."))
            return redirect("quizzes:live_control", code=session.code)
    return _control_page(request, session, form, 400 if form.errors else 200)


def live_screen(request, code: str):
    """The projector: for the session's trainers, or anyone with its screen key.

    The key lets a room computer show the (read-only) projector view without
    anyone logging in on it; it shows nothing the room does not see anyway.
    """
    session = get_object_or_404(LiveSession, code=code.upper())
    key = request.GET.get("kljuc", "")
    if not (key and constant_time_compare(key, session.screen_key)):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not session_control_allowed(user=request.user, session=session):
            raise PermissionDenied
        key = ""
    response = render(
        request,
        "quizzes/live/screen.html",
        {"session": session, "join_url": _join_url(request, session), "key": key},
    )
    response["Referrer-Policy"] = "no-referrer"
    return response


@permission_required("lms.run_trainings")
def live_results(request, code: str):
    session = _controlled(request, code)
    return render(
        request,
        "quizzes/live/results.html",
        {
            "session": session,
            "summary": state.session_summary(session),
            "people": exports.participant_rows(session),
        },
    )


@permission_required("lms.run_trainings")
def live_export(request, code: str):
    session = _controlled(request, code)
    response = HttpResponse(
        exports.session_xlsx(session),
        content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ),
    )
    response["Content-Disposition"] = (
        f'attachment; filename="uzivo-{session.code}.xlsx"'
    )
    return response
