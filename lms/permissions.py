"""Permission checks for staff pages: 403 for the logged-in, log-in for others."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def permission_required(*perms: str):
    """Require every permission in ``perms`` (a participant gets 403)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perms(perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = permission_required("lms.access_staff_area")

# The demo outbox holds password-reset and sign-up confirmation links: whoever
# reads it can take over the accounts they were sent to. Only centre staff (the
# person running the demo) may read it; everyone else gets the log-in page or
# 403, whatever address they connect from (behind a proxy every visitor looks
# local, so the address is never trusted for this).
OUTBOX_PERMISSION = "lms.view_all_data"


def outbox_reader(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(OUTBOX_PERMISSION))
