"""E-mail for the embedded default: printed to the console and kept in an outbox."""

from django.core.mail.backends.console import EmailBackend as ConsoleBackend


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
