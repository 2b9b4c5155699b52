"""A trainee's own practice: case answers and screening runs."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def my_practice(request):
    attempts = request.user.case_attempts.select_related("case")[:50]
    return render(request, "exercises/my_practice.html", {"attempts": attempts})
