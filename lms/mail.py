"""E-mail helpers: plain-text rendering, and the embedded default's outbox backend."""

from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.template import Context, engines


def render_plain_text(template_name: str, context: dict) -> str:
    """Render a plain-text (``.txt``) e-mail template without HTML escaping.

    Django escapes every variable for HTML, so a name like ``Ana & <Marko>``
    reached people as ``Ana &amp; &lt;Marko&gt;``. A text body is never read as
    HTML; HTML parts keep rendering through ``render_to_string`` (escaped).
    """
    template = engines["django"].get_template(template_name)
    return template.template.render(Context(context, autoescape=False))


class OutboxEmailBackend(ConsoleBackend):
    """Print each message and keep a copy for the development outbox page."""

    def send_messages(self, email_messages):
        from lms.models import OutboxMessage

        sent = super().send_messages(email_messages)
        for message in email_messages:
            html = ""
            for alternative in getattr(message, "alternatives", []):
                content, mimetype = alternative[0], alternative[1]
                if mimetype == "text/html":
                    html = content
            OutboxMessage.objects.create(
                to=", ".join(message.to),
                subject=str(message.subject)[:998],
                body=str(message.body),
                html_body=html,
                attachments=[
                    {"filename": a[0], "mimetype": a[2]}
                    for a in message.attachments
                    if isinstance(a, tuple | list)
                ],
            )
        return sent
