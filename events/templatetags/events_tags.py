from django import template

from events.models import TrainingIndexPage

register = template.Library()


@register.simple_tag
def calendar_url() -> str:
    """The training calendar's address, for pages that send people to it."""
    index = TrainingIndexPage.objects.live().first()
    return index.url if index else "/"
