"""Public verification of a certificate by its code (and the QR code's link)."""

import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lms.net import client_ip

from ..codes import code_normalise
from ..models import Certificate


def _client_ip(request) -> str:
    """The client's address, not the proxy's (which would make one bucket)."""
    return client_ip(request)


def verify_rate_exceeded(request) -> bool:
    """A fixed window per IP in the shared cache (works across processes).

    The window's number is part of the key, so every window starts from zero
    whatever the cache does to expiry times: the database cache's ``incr``
    re-sets the key with the default timeout, so a key without the window
    number stayed alive as long as a refused client kept retrying.
    """
    limit, window = settings.CERTIFICATES_VERIFY_RATE
    key = f"certificates:verify:{_client_ip(request)}:{int(time.time() // window)}"
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return False
    return count > limit


def _too_many(request):
    return render(
        request,
        "certificates/verify_limited.html",
        {"message": _("Too many checks from your address. Try again in a minute.")},
        status=429,
    )


@require_GET
def verify_form(request):
    typed = request.GET.get("code", "").strip()[:40]
    error = ""
    if typed:
        code = code_normalise(typed)
        if code:
            return redirect("certificates:verify", code=code)
        error = _("This is not a certificate code. Check what you typed.")
    return render(
        request, "certificates/verify_form.html", {"typed": typed, "error": error}
    )


@require_GET
def verify(request, code: str):
    if verify_rate_exceeded(request):
        return _too_many(request)
    normalised = code_normalise(code)
    certificate = (
        Certificate.objects.filter(code=normalised).select_related("training").first()
        if normalised
        else None
    )
    if certificate is None:
        # Say plainly that no certificate has this code (still a 404 for
        # machines), with the form to try again, not the generic 404 page.
        return render(
            request,
            "certificates/verify_form.html",
            {
                "typed": code[:40],
                "error": _("No certificate has this code. Check what you typed."),
                "unknown": True,
            },
            status=404,
        )
    return render(request, "certificates/verify.html", {"certificate": certificate})
