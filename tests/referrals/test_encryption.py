"""Content is unreadable at rest, and key rotation re-encrypts it."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from referrals import crypto, services, storage
from referrals.models import Referral, ReferralMessage

from .conftest import DESCRIPTION, PDF


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_the_description_is_not_readable_in_the_database(sent):
    stored = raw("referrals_referral", "description", sent.pk)

    assert "ради" not in stored
    assert "Девојчица" not in stored
    assert stored.startswith("gAAAA")  # a Fernet token
    assert Referral.objects.get(pk=sent.pk).description == DESCRIPTION


def test_messages_contact_details_and_files_are_encrypted_too(
    sent, pdf_upload, settings
):
    message = services.referral_message_add(
        referral=sent, author=sent.referrer, body="Мајка је звала", from_centre=False
    )
    attachment = services.referral_attachment_add(
        referral=sent, actor=sent.referrer, upload=pdf_upload
    )

    assert "Мајка" not in raw("referrals_referralmessage", "body", message.pk)
    assert "4567" not in raw("referrals_referral", "contact_details", sent.pk)
    assert "nalaz" not in raw("referrals_referralattachment", "filename", attachment.pk)
    on_disk = storage.raw(attachment.storage_name)
    assert b"%PDF" not in on_disk
    assert storage.read(attachment.storage_name) == PDF
    assert not str(storage._path(attachment.storage_name)).startswith(
        str(settings.MEDIA_ROOT)
    )


def test_rotation_re_encrypts_everything_with_the_new_key(sent, settings, pdf_upload):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.REFERRALS_KEYS = f"{old},{crypto._dev_key().decode()}"
    # The fixture's rows use the development key: move them to ``old`` first.
    call_command("referrals_rotate_keys", verbosity=0)
    services.referral_message_add(
        referral=sent, author=sent.referrer, body="Порука", from_centre=False
    )
    attachment = services.referral_attachment_add(
        referral=sent, actor=sent.referrer, upload=pdf_upload
    )
    before = raw("referrals_referral", "description", sent.pk)
    file_before = storage.raw(attachment.storage_name)

    settings.REFERRALS_KEYS = f"{new},{old}"
    call_command("referrals_rotate_keys", verbosity=0)
    settings.REFERRALS_KEYS = new  # the old key is gone

    after = raw("referrals_referral", "description", sent.pk)
    assert after != before
    assert crypto.is_current(after.encode())
    assert Referral.objects.get(pk=sent.pk).description == DESCRIPTION
    assert ReferralMessage.objects.get(referral=sent).body == "Порука"
    assert storage.raw(attachment.storage_name) != file_before
    assert storage.read(attachment.storage_name) == PDF


def test_content_under_a_dropped_key_is_not_silently_empty(sent, settings):
    settings.REFERRALS_KEYS = Fernet.generate_key().decode()

    with pytest.raises(crypto.DecryptionError):
        Referral.objects.get(pk=sent.pk).description  # noqa: B018


def test_production_refuses_to_run_without_keys(settings):
    settings.REFERRALS_KEYS = ""
    settings.REFERRALS_KEYS_REQUIRED = True

    with pytest.raises(ImproperlyConfigured):
        crypto.fernet()


def test_str_and_lists_never_show_content(sent):
    assert "ради" not in str(sent)
    listed = Referral.objects.without_content().get(pk=sent.pk)
    assert "description" in listed.get_deferred_fields()


def test_the_system_check_requires_valid_keys_where_they_are_required(settings):
    from referrals.checks import referral_keys_check

    settings.REFERRALS_KEYS_REQUIRED = True
    settings.REFERRALS_KEYS = ""
    assert [e.id for e in referral_keys_check(None)] == ["referrals.E001"]
    settings.REFERRALS_KEYS = "not-a-key"
    assert [e.id for e in referral_keys_check(None)] == ["referrals.E002"]
    settings.REFERRALS_KEYS = Fernet.generate_key().decode()
    assert referral_keys_check(None) == []
