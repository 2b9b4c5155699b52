"""Behind TRUSTED_PROXY_COUNT reverse proxies, limits and logs see the client.

The test client connects from 127.0.0.1, which plays the proxy: every request
comes from the same peer address, as it does behind nginx.
"""

import logging

import pytest
from django.test import RequestFactory

from lms.net import client_ip, client_ip_from_scope
from tests.conftest import PASSWORD
from tests.helpers import sr

TOO_MANY = sr("Too many failed login attempts. Try again later.")


def log_in(client, email, password, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    data = {"login": email, "password": password}
    return client.post("/accounts/login/", data, **extra)


def request_with(forwarded: str | None, peer: str = "10.0.0.254"):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=peer, **extra)


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "10.0.0.254"),  # no proxy: the header is ignored
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # spoofed entry on the left
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.3", "198.51.100.7"),
        (2, "198.51.100.7", "198.51.100.7"),  # met only the last proxy
        (1, "", "10.0.0.254"),
        (1, "not-an-address", "10.0.0.254"),
        (1, "[2001:db8::7]:443", "2001:db8::7"),
        (1, "198.51.100.7:5123", "198.51.100.7"),
    ],
)
def test_the_client_is_counted_from_the_right_by_the_trusted_proxies(
    settings, count, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count

    assert client_ip(request_with(forwarded)) == expected


def test_a_websocket_scope_gives_the_same_client_as_a_request(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    scope = {
        "type": "websocket",
        "client": ["10.0.0.254", 41000],
        "headers": [
            (b"host", b"obuke.example.rs"),
            (b"x-forwarded-for", b"6.6.6.6, 198.51.100.7"),
        ],
    }

    assert client_ip_from_scope(scope) == "198.51.100.7"
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip_from_scope(scope) == "10.0.0.254"
    assert client_ip_from_scope({"type": "websocket", "client": None}) == "unknown"


def test_thirty_five_people_behind_one_proxy_do_not_lock_each_other_out(
    client, participant, settings
):
    # allauth allows 30 log-in attempts a minute per address.
    settings.TRUSTED_PROXY_COUNT = 1
    answers = [
        log_in(client, f"osoba{n}@example.org", "pogresna", f"198.51.100.{n}")
        for n in range(35)
    ]
    last = log_in(client, participant.email, PASSWORD, "198.51.100.200")

    assert {a.status_code for a in answers} == {200}  # the form, with its error
    assert last.status_code == 302
    assert "_auth_user_id" in client.session


def test_without_a_trusted_proxy_the_header_cannot_buy_new_attempts(
    client, db, settings
):
    settings.TRUSTED_PROXY_COUNT = 0
    answers = [
        log_in(client, f"osoba{n}@example.org", "pogresna", f"198.51.100.{n}")
        for n in range(31)
    ]

    # Every request is the same client (the peer): the 31st is refused.
    assert [a.status_code for a in answers[:30]] == [200] * 30
    assert answers[30].status_code == 429


def test_a_spoofed_entry_on_the_left_does_not_escape_the_failed_login_limit(
    client, db, settings
):
    # allauth allows 10 failed log-ins a minute per address.
    settings.TRUSTED_PROXY_COUNT = 1
    answers = [
        log_in(
            client,
            f"osoba{n}@example.org",
            "pogresna",
            f"203.0.113.{n}, 198.51.100.7",  # the proxy appended the real one
        )
        for n in range(11)
    ]

    assert not any(TOO_MANY in a.content.decode() for a in answers[:10])
    assert TOO_MANY in answers[10].content.decode()
    # Another client behind the same proxy is not affected.
    other = log_in(client, "neko@example.org", "pogresna", "198.51.100.8")
    assert other.status_code == 200
    assert TOO_MANY not in other.content.decode()


def test_logins_are_logged_with_the_clients_address(
    client, participant, settings, caplog
):
    settings.TRUSTED_PROXY_COUNT = 1
    with caplog.at_level(logging.INFO, logger="lms.security"):
        log_in(client, participant.email, "pogresna", "6.6.6.6, 198.51.100.9")
        log_in(client, participant.email, PASSWORD, "198.51.100.9")

    lines = [r.getMessage() for r in caplog.records if r.name == "lms.security"]
    assert lines == [
        "login failed ip=198.51.100.9",
        f"login user={participant.pk} ip=198.51.100.9",
    ]


def test_certificate_verification_limit_counts_per_client(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CERTIFICATES_VERIFY_RATE = (2, 60)
    url = "/verify/AAAA-BBBB-CCCCC"

    first = [client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.1") for _ in range(3)]
    spoofed = client.get(url, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1")
    second = client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.2")

    assert [r.status_code for r in first] == [404, 404, 429]
    assert spoofed.status_code == 429
    assert second.status_code == 404
