from django import template
from wagtail.models import Page, Site

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The live sections under the site's home page that are shown in menus."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    root = site.root_page if site else None
    if root is None:
        return Page.objects.none()
    return root.get_children().live().in_menu().public().order_by("path")


@register.simple_tag(takes_context=True)
def has_perm(context, perm: str) -> bool:
    user = context.get("user")
    return bool(user and user.is_authenticated and user.has_perm(perm))


@register.simple_tag(takes_context=True)
def nav_current(context, url: str) -> str:
    """`aria-current` for a navigation link: "page" on the page itself, "true"
    anywhere inside its section, so the menu always shows where one is."""
    request = context.get("request")
    if request is None or not url:
        return ""
    path = request.path
    if path == url:
        return "page"
    if url != "/" and path.startswith(url):
        return "true"
    return ""


@register.simple_tag(takes_context=True)
def centre_contacts(context):
    """The Centre's contacts (site setting), cached across requests."""
    from lms.contacts import centre_contacts_for_request

    request = context.get("request")
    return centre_contacts_for_request(request) if request is not None else None
