"""Writes and permission questions of the opportunities app.

Who may do what:
- anyone sees published opportunities that are visible to everyone; logged-in members of
  an organisation also see the ones visible to "logged-in organisations";
- members of an organisation (municipal staff for their municipality's organisation)
  create opportunities on behalf of that organisation and manage them: edit, publish,
  close, award, see and judge the matches, invite organisations;
- platform administrators see and manage everything and read the feedback report.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zicht.accounts.models import Membership
from zicht.accounts.roles import Roles
from zicht.core import audit
from zicht.registry.models import Organisation

from . import matches
from .matching import precision_at_k
from .models import (
    Follow,
    InboxItem,
    Invitation,
    Kind,
    MatchFeedback,
    Opportunity,
    State,
    Visibility,
)

log = logging.getLogger(__name__)

AUDITED_FIELDS = [
    "kind",
    "title",
    "description",
    "sdgs",
    "municipality",
    "value_eur",
    "deadline",
    "reserved_2_82",
    "min_tier",
    "target_groups",
    "certifications",
    "contact_name",
    "contact_email",
    "state",
    "visibility",
]


# ------------------------------------------------------------------------ access
def visible_opportunities(roles: Roles) -> QuerySet[Opportunity]:
    qs = Opportunity.objects.all()
    if roles.is_admin:
        return qs
    shown = ~Q(state=State.DRAFT) & Q(visibility=Visibility.PUBLIC)
    if roles.organisation_ids:  # a logged-in organisation
        shown = ~Q(state=State.DRAFT)
        shown |= Q(owner_id__in=roles.organisation_ids)
    return qs.filter(shown)


def filter_opportunities(
    qs: QuerySet[Opportunity],
    *,
    q: str = "",
    kind: str = "",
    cpv_division: str = "",
    region: str = "",
    sdg: int | None = None,
    state: str = "",
) -> QuerySet[Opportunity]:
    """The filters of the list page and the API. ``state`` "" = published, "all" = any."""
    for word in (q or "").split()[:8]:
        qs = qs.filter(Q(title__icontains=word) | Q(description__icontains=word))
    if kind:
        qs = qs.filter(kind=kind)
    if cpv_division:
        qs = qs.filter(
            pk__in=Opportunity.cpv_codes.through.objects.filter(
                cpvcode__code__startswith=cpv_division
            ).values("opportunity_id")
        )
    if region:
        qs = qs.filter(municipality__region__code=region)
    if sdg:
        qs = qs.filter(sdgs__has_key=str(sdg))
    if not state:
        qs = qs.filter(state=State.PUBLISHED)
    elif state != "all":
        qs = qs.filter(state=state)
    return qs.order_by("-published_at", "-created_at", "-pk")


def can_manage(roles: Roles, opp: Opportunity) -> bool:
    return roles.is_admin or opp.owner_id in roles.organisation_ids


def owner_choices(roles: Roles) -> QuerySet[Organisation]:
    """Organisations the user may publish for: the ones they are an active member of."""
    return Organisation.objects.filter(pk__in=roles.organisation_ids).order_by("legal_name")


def can_create(roles: Roles) -> bool:
    return bool(roles.organisation_ids)


# ------------------------------------------------------------------------- SDGs
def suggest_sdgs(text: str) -> dict[str, dict]:
    """{"8": {"score": 0.71, "evidence": [...]}} from the SDG engine; {} when it cannot say."""
    from zicht.sdg.engine import SDGEngineError, classify

    if not text.strip():
        return {}
    try:
        result = classify(text)
    except SDGEngineError:
        return {}
    return {
        str(g): {
            "score": round(float(result.scores[g]), 2),
            "evidence": list(result.evidence.get(g, []))[:5],
        }
        for g in result.sdgs
    }


# ------------------------------------------------------------------------ writes
@transaction.atomic
def save_opportunity(opp: Opportunity, cpv_codes, actor, *, created: bool) -> Opportunity:
    before = {} if created else audit.snapshot(Opportunity.objects.get(pk=opp.pk), AUDITED_FIELDS)
    if created:
        opp.created_by = actor
    opp.sdg_suggestions = suggest_sdgs(f"{opp.title}\n\n{opp.description}")
    publish_now = opp.state == State.PUBLISHED and not opp.published_at
    if publish_now:
        opp.published_at = timezone.now()
    opp.save()
    opp.cpv_codes.set(cpv_codes)
    after = audit.snapshot(opp, AUDITED_FIELDS)
    audit.record(
        actor=actor,
        action="opportunity.create" if created else "opportunity.update",
        obj=opp,
        organisation=opp.owner,
        changes=audit.diff(before, after),
    )
    if publish_now:
        _after_publish(opp)
    return opp


def confirm_suggested_sdgs(opp: Opportunity, actor) -> list[int]:
    added = [k for k in opp.sdg_suggestions if k not in opp.sdgs]
    if added:
        before = dict(opp.sdgs)
        opp.sdgs = {**opp.sdgs, **{k: 1.0 for k in added}}
        opp.save(update_fields=["sdgs", "updated_at"])
        audit.record(
            actor=actor,
            action="opportunity.confirm_sdgs",
            obj=opp,
            organisation=opp.owner,
            changes={"sdgs": [before, opp.sdgs]},
        )
    return sorted(int(k) for k in added)


TRANSITIONS = {
    State.DRAFT: {State.PUBLISHED},
    State.PUBLISHED: {State.CLOSED, State.AWARDED},
    State.CLOSED: {State.PUBLISHED, State.AWARDED},
    State.AWARDED: set(),
}


@transaction.atomic
def set_state(opp: Opportunity, state: str, actor) -> Opportunity:
    if state not in TRANSITIONS[State(opp.state)]:
        raise ValueError(f"cannot go from {opp.state} to {state}")
    old = opp.state
    opp.state = state
    first_publication = state == State.PUBLISHED and not opp.published_at
    if first_publication:
        opp.published_at = timezone.now()
    opp.save(update_fields=["state", "published_at", "updated_at"])
    audit.record(
        actor=actor,
        action=f"opportunity.{state}",
        obj=opp,
        organisation=opp.owner,
        changes={"state": [old, state]},
    )
    if first_publication:
        _after_publish(opp)
    else:
        notify_followers(
            opp, _("The state changed to: %(state)s") % {"state": opp.get_state_display()}
        )
    return opp


def _after_publish(opp: Opportunity) -> None:
    """After the commit: tell the best-matching organisations (a background task)."""
    from .tasks import fan_out_opportunity

    pk = opp.pk
    transaction.on_commit(lambda: fan_out_opportunity.enqueue(pk))


def notify_followers(opp: Opportunity, message: str) -> int:
    users = list(
        Follow.objects.filter(opportunity=opp).exclude(user=None).values_list("user_id", flat=True)
    )
    InboxItem.objects.bulk_create(
        [
            InboxItem(
                user_id=u,
                opportunity=opp,
                kind=InboxItem.Kind.UPDATE,
                message=message[:300],
                organisation=None,
            )
            for u in users
        ]
    )
    return len(users)


def _active_members(org_ids) -> list[Membership]:
    return list(
        Membership.objects.filter(
            organisation_id__in=org_ids, state=Membership.State.ACTIVE
        ).select_related("user")
    )


def fan_out(opp: Opportunity) -> list[int]:
    """Inbox items for the members of the organisations that match a new opportunity best.

    "Match" means: among the opportunity's best ``digest.top_k`` organisations with a score
    of at least ``digest.min_score`` (both in the match weights). Returns the user ids."""
    if opp.state != State.PUBLISHED:
        return []
    index = matches.get_index()
    conf = matches.digest_settings(index.weights)
    ranking = index.top_for_opportunity(matches.opportunity_facts(opp), k=int(conf["top_k"]))
    score = {
        int(m.organisation_id): m.score
        for m in ranking.matches
        if m.score >= float(conf["min_score"])
    }
    items = [
        InboxItem(
            user=ms.user,
            opportunity=opp,
            organisation_id=ms.organisation_id,
            kind=InboxItem.Kind.MATCH,
            score=score[ms.organisation_id],
        )
        for ms in _active_members(score)
    ]
    InboxItem.objects.bulk_create(items, ignore_conflicts=True)
    return sorted({i.user_id for i in items})


def invite(opp: Opportunity, org: Organisation, actor) -> tuple[Invitation, bool]:
    """Invite an organisation: an inbox item and an e-mail for each active member."""
    from . import digests

    with transaction.atomic():
        invitation, created = Invitation.objects.get_or_create(
            opportunity=opp, organisation=org, defaults={"sent_by": actor}
        )
        if not created:
            return invitation, False
        members = _active_members([org.pk])
        InboxItem.objects.bulk_create(
            [
                InboxItem(
                    user=m.user,
                    opportunity=opp,
                    organisation=org,
                    kind=InboxItem.Kind.INVITATION,
                    message=(_("%(owner)s invites %(org)s") % {"owner": opp.owner, "org": org})[
                        :300
                    ],
                )
                for m in members
            ],
            ignore_conflicts=True,
        )
        audit.record(
            actor=actor,
            action="opportunity.invite",
            obj=opp,
            organisation=opp.owner,
            changes={"invited": [None, str(org)]},
        )
    for m in members:
        if not m.user.email:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            url = settings.SITE_URL.rstrip("/") + opp.get_absolute_url()
            body = render_to_string(
                "opportunities/email/invitation.txt",
                {
                    "user": m.user,
                    "opp": opp,
                    "org": org,
                    "url": url,
                    "unsubscribe_url": digests.unsubscribe_url(m.user),
                },
            )
            subject = _("Invitation: %(title)s") % {"title": opp.title}
        mail = EmailMessage(
            subject, body, to=[m.user.email], headers=digests.unsubscribe_headers(m.user)
        )
        try:
            mail.send()
        except OSError:  # the inbox item is there; a mail server hiccup loses nothing
            log.exception("invitation mail to user %s failed", m.user_id)
    return invitation, True


def follow(user, opp: Opportunity, on: bool) -> bool:
    if on:
        try:
            with transaction.atomic():
                Follow.objects.create(user=user, opportunity=opp)
        except IntegrityError:
            pass
        return True
    Follow.objects.filter(user=user, opportunity=opp).delete()
    return False


# ---------------------------------------------------------------------- feedback
def record_feedback(user, opp: Opportunity, org_id: int, useful: bool) -> MatchFeedback:
    """Store a judgement with the rank and score the match has now (in the owner's list)."""
    ranking, shown, _seconds = matches.top_matches(opp)
    found = next((s for s in shown if s.organisation.pk == org_id), None)
    if found is None:
        raise ValueError("that organisation is not among the matches")
    fb, _created = MatchFeedback.objects.update_or_create(
        user=user,
        opportunity=opp,
        organisation_id=org_id,
        defaults={
            "kind": opp.kind,
            "rank": found.rank,
            "score": found.score,
            "useful": useful,
            "weights_version": matches.get_index().weights.version[:40],
        },
    )
    return fb


def precision_report(k: int = 10) -> list[dict]:
    """Precision@k per opportunity kind from the stored judgements (every kind listed)."""
    rows = MatchFeedback.objects.values_list("kind", "rank", "useful")
    result = precision_at_k(rows, k=k)
    out = []
    for value, label in Kind.choices:
        p = result.get(value)
        out.append(
            {
                "kind": value,
                "label": label,
                "precision": p.precision if p else None,
                "useful": p.useful if p else 0,
                "judged": p.judged if p else 0,
                "k": k,
            }
        )
    return out
