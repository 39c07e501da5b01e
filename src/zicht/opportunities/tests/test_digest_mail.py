"""Digests: new matches by frequency, never repeated, one-click unsubscribe; the task."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from zicht.opportunities import digests, services
from zicht.opportunities.models import DigestPreference, DigestSent, InboxItem

from .conftest import make_opportunity

pytestmark = pytest.mark.django_db


def publish(world, django_capture_on_commit_callbacks, **kwargs):
    """A draft published through the service: the fan-out task runs after the commit."""
    opp = make_opportunity(world["gemeente"], state="draft", **kwargs)
    with django_capture_on_commit_callbacks(execute=True):
        services.set_state(opp, "published", world["staff"])
    return opp


def test_publishing_fills_the_inbox_of_the_best_matches(world, django_capture_on_commit_callbacks):
    opp = publish(world, django_capture_on_commit_callbacks)
    users = set(
        InboxItem.objects.filter(opportunity=opp, kind="match").values_list("user", flat=True)
    )
    assert world["green_member"].pk in users
    assert world["clean_member"].pk not in users  # cleaning does not match green maintenance
    item = InboxItem.objects.get(user=world["green_member"], opportunity=opp)
    assert item.organisation == world["green"] and item.score >= 0.5
    assert mail.outbox == []  # the default frequency is weekly, not immediately


def test_immediately_sends_on_publication(world, django_capture_on_commit_callbacks):
    digests.set_frequency(world["green_member"], "immediately")
    opp = publish(world, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[world["green_member"].email]]
    assert opp.title in mail.outbox[0].body
    assert DigestSent.objects.filter(user=world["green_member"], opportunity=opp).exists()


def test_a_digest_never_repeats(world, django_capture_on_commit_callbacks):
    first = publish(world, django_capture_on_commit_callbacks, title="Eerste groenklus")
    assert digests.send_digests("weekly")["mails"] >= 1
    mine = [m for m in mail.outbox if m.to == [world["green_member"].email]]
    assert len(mine) == 1 and "Eerste groenklus" in mine[0].body
    mail.outbox.clear()
    assert digests.send_digests("weekly")["mails"] == 0  # nothing new: no mail at all
    assert mail.outbox == []
    publish(world, django_capture_on_commit_callbacks, title="Tweede groenklus")
    digests.send_digests("weekly")
    mine = [m for m in mail.outbox if m.to == [world["green_member"].email]]
    assert len(mine) == 1
    assert "Tweede groenklus" in mine[0].body and "Eerste groenklus" not in mine[0].body
    assert DigestSent.objects.filter(user=world["green_member"]).count() == 2
    assert first.pk in DigestSent.objects.values_list("opportunity_id", flat=True)


def test_frequencies_are_kept_apart(world, django_capture_on_commit_callbacks):
    member = world["green_member"]

    def mails_to_member():
        return [m for m in mail.outbox if m.to == [member.email]]

    digests.set_frequency(member, "daily")
    publish(world, django_capture_on_commit_callbacks)
    digests.send_digests("weekly")
    assert mails_to_member() == []
    digests.send_digests("daily")
    assert len(mails_to_member()) == 1
    digests.set_frequency(member, "never")
    publish(world, django_capture_on_commit_callbacks, title="Nog een")
    for frequency in ("immediately", "daily", "weekly"):
        digests.send_digests(frequency)
    assert len(mails_to_member()) == 1
    assert InboxItem.objects.filter(user=world["green_member"]).count() == 2  # inbox still works


def test_closed_opportunities_are_left_out(world, django_capture_on_commit_callbacks):
    opp = publish(world, django_capture_on_commit_callbacks)
    services.set_state(opp, "closed", world["staff"])
    assert digests.send_digests("weekly")["mails"] == 0


def test_every_mail_has_a_one_click_unsubscribe(world, django_capture_on_commit_callbacks):
    publish(world, django_capture_on_commit_callbacks)
    digests.send_digests("weekly")
    message = next(m for m in mail.outbox if m.to == [world["green_member"].email])
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body
    path = url.split("://", 1)[1].split("/", 1)[1]
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    page = client.get("/" + path)
    assert page.status_code == 200 and '<form method="post"' in page.content.decode()
    assert digests.frequency_of(world["green_member"]) == "weekly"  # GET changes nothing
    done = client.post("/" + path, {"List-Unsubscribe": "One-Click"})  # no session, no CSRF
    assert done.status_code == 200 and "no more e-mails" in done.content.decode()
    pref = DigestPreference.objects.get(user=world["green_member"])
    assert pref.frequency == "never" and pref.unsubscribed_at


def test_a_forged_token_is_refused(client, world):
    token = digests.unsubscribe_token(world["green_member"])
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    url = reverse("opportunities:unsubscribe", args=[forged])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_preferences_page(client, world):
    client.force_login(world["green_member"])
    page = client.get(reverse("opportunities:preferences")).content.decode()
    assert 'value="weekly"' in page
    client.post(reverse("opportunities:preferences"), {"frequency": "daily"})
    assert digests.frequency_of(world["green_member"]) == "daily"
    response = client.post(reverse("opportunities:preferences"), {"frequency": "hourly"})
    assert response.status_code == 200 and digests.frequency_of(world["green_member"]) == "daily"


def test_management_command(world, django_capture_on_commit_callbacks, capsys):
    publish(world, django_capture_on_commit_callbacks)
    call_command("send_digests", "--frequency", "weekly")
    out = capsys.readouterr().out
    assert "digest(s) sent" in out
    assert any(m.to == [world["green_member"].email] for m in mail.outbox)
    with pytest.raises(ValueError):
        digests.send_digests("hourly")
