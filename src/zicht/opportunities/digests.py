"""E-mail digests of new matching opportunities, and the one-click unsubscribe.

What a digest holds: the user's inbox items about published opportunities (new matches for
their organisation and invitations) that no earlier digest to that user contained. Each
opportunity is recorded in ``DigestSent`` in the same transaction as the mail is sent, so
a digest never repeats one. Users without a preference get the default (weekly).

Unsubscribing: every mail carries a signed link (``/kansen/afmelden/<token>``) and the
``List-Unsubscribe`` / ``List-Unsubscribe-Post`` headers (RFC 8058): a POST to the link
sets the frequency to "never" without logging in; a GET shows a confirmation page.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import (
    DEFAULT_FREQUENCY,
    DigestPreference,
    DigestSent,
    Frequency,
    InboxItem,
    State,
)

log = logging.getLogger(__name__)
SALT = "zicht.opportunities.unsubscribe"


def unsubscribe_token(user) -> str:
    return signing.dumps(user.pk, salt=SALT, compress=True)


def user_for_token(token: str):
    try:
        pk = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=pk, is_active=True).first()


def unsubscribe_url(user) -> str:
    path = reverse("opportunities:unsubscribe", kwargs={"token": unsubscribe_token(user)})
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_headers(user) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(user)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def frequency_of(user) -> str:
    pref = DigestPreference.objects.filter(user=user).first()
    return pref.frequency if pref else DEFAULT_FREQUENCY


def set_frequency(user, frequency: str) -> DigestPreference:
    pref, _created = DigestPreference.objects.get_or_create(user=user)
    pref.frequency = frequency
    pref.unsubscribed_at = timezone.now() if frequency == Frequency.NEVER else None
    pref.save()
    return pref


def unsubscribe(user) -> DigestPreference:
    return set_frequency(user, Frequency.NEVER)


def pending_items(user) -> list[InboxItem]:
    """One inbox item per opportunity that is published and not yet in a digest to the user."""
    items = (
        InboxItem.objects.filter(
            user=user,
            kind__in=[InboxItem.Kind.MATCH, InboxItem.Kind.INVITATION],
            opportunity__state=State.PUBLISHED,
        )
        .exclude(opportunity_id__in=DigestSent.objects.filter(user=user).values("opportunity_id"))
        .select_related("opportunity__municipality", "opportunity__owner", "organisation")
        .order_by("-score", "opportunity_id")
    )
    seen, out = set(), []
    for item in items:
        today = timezone.localdate()
        if item.opportunity_id in seen or item.opportunity.deadline_passed(today):
            continue
        seen.add(item.opportunity_id)
        out.append(item)
    return out


def recipients(frequency: str, user_ids=None):
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    pending = InboxItem.objects.filter(
        kind__in=[InboxItem.Kind.MATCH, InboxItem.Kind.INVITATION],
        opportunity__state=State.PUBLISHED,
    )
    users = users.filter(pk__in=pending.values("user_id"))
    if user_ids is not None:
        users = users.filter(pk__in=list(user_ids))
    chosen = Q(opportunity_digest__frequency=frequency)
    if frequency == DEFAULT_FREQUENCY:
        chosen |= Q(opportunity_digest__isnull=True)
    return users.filter(chosen).order_by("pk")


def send_digest(user) -> int:
    """Send one user's digest now; returns the number of opportunities in it (0: no mail)."""
    with transaction.atomic():
        items = []
        for item in pending_items(user):
            try:
                with transaction.atomic():
                    DigestSent.objects.create(user=user, opportunity_id=item.opportunity_id)
            except IntegrityError:  # another run sent it meanwhile
                continue
            items.append(item)
        if not items:
            return 0
        with translation.override(settings.LANGUAGE_CODE):
            site = settings.SITE_URL.rstrip("/")
            body = render_to_string(
                "opportunities/email/digest.txt",
                {
                    "user": user,
                    "items": items,
                    "site": site,
                    "inbox_url": site + reverse("opportunities:inbox"),
                    "preferences_url": site + reverse("opportunities:preferences"),
                    "unsubscribe_url": unsubscribe_url(user),
                },
            )
            subject = _("%(count)s new matching opportunities on Zicht") % {"count": len(items)}
        EmailMessage(subject, body, to=[user.email], headers=unsubscribe_headers(user)).send()
    return len(items)


def send_digests(frequency: str, user_ids=None) -> dict[str, int]:
    """Digests for every user with this frequency; a failing mail is logged and retried
    next run (its DigestSent rows roll back with it)."""
    if frequency not in (Frequency.IMMEDIATELY, Frequency.DAILY, Frequency.WEEKLY):
        raise ValueError(f"unknown digest frequency {frequency!r}")
    mails = opportunities = failed = 0
    for user in recipients(frequency, user_ids):
        try:
            n = send_digest(user)
        except OSError:
            log.exception("digest to user %s failed", user.pk)
            failed += 1
            continue
        if n:
            mails += 1
            opportunities += n
    return {"mails": mails, "opportunities": opportunities, "failed": failed}
