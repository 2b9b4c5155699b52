"""Transactional e-mail through an outbox: queued with the change, sent once.

A service that changes state (a certificate issued, a registration confirmed)
calls ``email_enqueue`` inside its transaction: the ``OutboundEmail`` row
commits or rolls back with the change, so no e-mail is lost when a process dies
after the commit and none goes out for a change that was rolled back. After the
commit ``email_outbox_send_task`` is enqueued (with the immediate backend of the
embedded default it runs at once, so the e-mail still leaves before the page
answers); ``lms.email_outbox`` in the periodic registry and every worker start
sweep up rows whose task was lost and retries that are due.

Sending claims one row at a time (``select_for_update(skip_locked=True)``, so
several workers never take the same row), marks it SENDING with its attempt
counted, sends it, and marks it SENT at once in its own short statement. A crash
between the mail server's acceptance and that mark leaves the row SENDING; once
``EMAIL_OUTBOX_SENDING_LEASE_SECONDS`` pass it is sent again. That is the only
way a message can go out twice, and at most the one message in flight per dying
sender. Keep ``EMAIL_TIMEOUT`` below the lease, or a slow server could be taken
for a dead sender.

Failures: a 5xx answer of the mail server (the address or the message refused)
fails the row at once; anything else (connection refused, timeout, 4xx) is
retried with exponential backoff from ``EMAIL_OUTBOX_RETRY_SECONDS`` (doubling,
at most six hours) up to ``EMAIL_OUTBOX_MAX_ATTEMPTS``. Failed rows, with their
error, are listed for staff in the Wagtail admin ("Outgoing e-mails").
"""

import base64
import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from lms.models import OutboundEmail, OutboundEmailStatus

logger = logging.getLogger(__name__)

DEFAULTS = {
    "EMAIL_OUTBOX_MAX_ATTEMPTS": 8,
    "EMAIL_OUTBOX_RETRY_SECONDS": 60,
    "EMAIL_OUTBOX_SENDING_LEASE_SECONDS": 300,
}
MAX_BACKOFF = timedelta(hours=6)


def _setting(name: str) -> int:
    return getattr(settings, name, DEFAULTS[name])


def _attachment(item) -> dict:
    filename, content, mimetype = item[0], item[1], item[2]
    if isinstance(content, str):
        return {"filename": filename, "mimetype": mimetype, "text": content}
    encoded = base64.b64encode(content).decode("ascii")
    return {"filename": filename, "mimetype": mimetype, "base64": encoded}


def _row(message: EmailMessage, kind: str) -> OutboundEmail:
    if any(not isinstance(a, tuple | list) for a in message.attachments):
        raise TypeError("Only (filename, content, mimetype) attachments are queued.")
    return OutboundEmail(
        kind=kind,
        from_email=message.from_email or "",
        to=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        reply_to=list(message.reply_to),
        subject=str(message.subject)[:998],
        body=str(message.body),
        content_subtype=message.content_subtype,
        alternatives=[[str(a[0]), a[1]] for a in getattr(message, "alternatives", [])],
        attachments=[_attachment(a) for a in message.attachments],
        headers={str(k): str(v) for k, v in message.extra_headers.items()},
    )


def outbound_message(row: OutboundEmail) -> EmailMultiAlternatives:
    """The queued row as a message for Django's mail backends."""
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        from_email=row.from_email or None,
        to=row.to,
        cc=row.cc,
        bcc=row.bcc,
        reply_to=row.reply_to,
        headers=row.headers,
    )
    message.content_subtype = row.content_subtype
    for content, mimetype in row.alternatives:
        message.attach_alternative(content, mimetype)
    for item in row.attachments:
        content = item.get("text")
        if content is None:
            content = base64.b64decode(item["base64"])
        message.attach(item["filename"], content, item["mimetype"])
    return message


def emails_enqueue(*, messages: list[EmailMessage], kind: str = "") -> int:
    """Queue the messages in the current transaction; sent after it commits."""
    rows = [_row(m, kind) for m in messages if m.recipients()]
    if not rows:
        return 0
    OutboundEmail.objects.bulk_create(rows)
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: _send_after_commit(ids), robust=True)
    return len(rows)


def email_enqueue(*, message: EmailMessage, kind: str = "") -> int:
    """Queue one message in the current transaction; see ``emails_enqueue``."""
    return emails_enqueue(messages=[message], kind=kind)


def email_enqueue_deferred(*, builder: str, arguments: dict, kind: str = "") -> int:
    """Queue an e-mail in the current transaction, built only when it is sent.

    For services that hold a lock: rendering (templates, a QR code, a calendar
    file) then happens in the sender, after the commit, not under the lock.
    ``builder`` is the dotted path of a function taking ``arguments`` and
    returning the message, or None when it is no longer needed (the row is
    then cancelled). It runs in the language active now.
    """
    row = OutboundEmail.objects.create(
        kind=kind,
        builder=builder,
        builder_args=arguments,
        language=translation.get_language() or "",
    )
    transaction.on_commit(lambda: _send_after_commit([row.pk]), robust=True)
    return 1


def _send_after_commit(ids: list[int] | None = None) -> None:
    from lms.tasks import email_outbox_send_task

    email_outbox_send_task.enqueue(ids)


def _due(now):
    lease = timedelta(seconds=_setting("EMAIL_OUTBOX_SENDING_LEASE_SECONDS"))
    return OutboundEmail.objects.filter(
        Q(status=OutboundEmailStatus.PENDING, next_attempt_at__lte=now)
        | Q(status=OutboundEmailStatus.SENDING, claimed_at__lt=now - lease)
    )


def _claim(ids: list[int] | None) -> OutboundEmail | None:
    """Take one due row (of ``ids`` if given) for this sender, counting the attempt."""
    now = timezone.now()
    due = _due(now) if ids is None else _due(now).filter(pk__in=ids)
    with transaction.atomic():
        row = (
            due.select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "pk")
            .first()
        )
        if row is None:
            return None
        row.status, row.claimed_at = OutboundEmailStatus.SENDING, now
        row.attempts += 1
        row.save(update_fields=["status", "claimed_at", "attempts"])
    return row


def _permanent(error: Exception) -> bool:
    """A 5xx answer: the server refused the address or the message for good."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def _record_failure(row: OutboundEmail, error: Exception) -> None:
    text = f"{type(error).__name__}: {error}"[:2000]
    fields = {"last_error": text, "claimed_at": None}
    if _permanent(error) or row.attempts >= _setting("EMAIL_OUTBOX_MAX_ATTEMPTS"):
        fields["status"] = OutboundEmailStatus.FAILED
        logger.error("e-mail %s could not be sent: %s", row.pk, text)
    else:
        delay = timedelta(seconds=_setting("EMAIL_OUTBOX_RETRY_SECONDS"))
        delay = min(delay * 2 ** (row.attempts - 1), MAX_BACKOFF)
        fields["status"] = OutboundEmailStatus.PENDING
        fields["next_attempt_at"] = timezone.now() + delay
        logger.warning("e-mail %s will be retried in %s: %s", row.pk, delay, text)
    OutboundEmail.objects.filter(pk=row.pk, attempts=row.attempts).update(**fields)
    if fields["status"] == OutboundEmailStatus.PENDING:
        _send_later(row.pk, fields["next_attempt_at"])


def _send_later(pk: int, when) -> None:
    """A worker backend runs the retry on time; otherwise the sweep does."""
    from lms.tasks import email_outbox_send_task

    task = email_outbox_send_task
    if task.get_backend().supports_defer:
        try:
            task.using(run_after=when).enqueue([pk])
        except Exception:  # noqa: BLE001 - the periodic sweep retries anyway
            logger.exception("could not schedule the e-mail retry")


def _build(row: OutboundEmail) -> EmailMessage | None:
    """The message to send; a deferred one is built now and kept on the row."""
    if not row.builder:
        return outbound_message(row)
    with translation.override(row.language or None):
        message = import_string(row.builder)(**row.builder_args)
    if message is None:
        OutboundEmail.objects.filter(pk=row.pk).update(
            status=OutboundEmailStatus.CANCELLED, claimed_at=None
        )
        return None
    built = _row(message, row.kind)
    fields = ["to", "cc", "bcc", "reply_to", "subject", "body", "from_email"]
    OutboundEmail.objects.filter(pk=row.pk).update(
        **{name: getattr(built, name) for name in fields}
    )
    return message


def _mark_sent(row: OutboundEmail) -> None:
    OutboundEmail.objects.filter(
        pk=row.pk, status=OutboundEmailStatus.SENDING, attempts=row.attempts
    ).update(
        status=OutboundEmailStatus.SENT,
        sent_at=timezone.now(),
        claimed_at=None,
        last_error="",
    )


def email_outbox_send(*, ids: list[int] | None = None, limit: int = 1000) -> int:
    """Send due e-mails one by one over one connection; return how many.

    ``ids``: only these (the e-mails of one transaction, right after its
    commit); without, every due e-mail (the sweep).
    """
    sent = 0
    connection = None
    while sent < limit and (row := _claim(ids)) is not None:
        try:
            message = _build(row)
            if message is None:
                continue
            connection = connection or _open()
            connection.send_messages([message])
        except Exception as error:  # noqa: BLE001 - recorded on the row, retried
            _record_failure(row, error)
            connection = _close(connection)
            continue
        _mark_sent(row)
        sent += 1
    _close(connection)
    return sent


def _open():
    connection = get_connection()
    connection.open()
    return connection


def _close(connection) -> None:
    if connection is not None:
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - a broken connection is dropped anyway
            logger.debug("closing the mail connection failed", exc_info=True)
    return None


def email_outbox_due_enqueue() -> int:
    """Queue a sender task if e-mails are due (their task was lost, a retry)."""
    count = _due(timezone.now()).count()
    if count:
        _send_after_commit()
    return count
