from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("lms.view_all_data")


@hooks.register("register_admin_menu_item")
def course_progress_menu_item():
    """A link from the admin to enrolments and progress per course."""
    return StaffMenuItem(
        _("Course progress"),
        reverse("courses:staff_courses"),
        icon_name="list-ul",
        order=240,
    )
