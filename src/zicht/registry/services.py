"""Changes to the register. Every change goes through here so it is validated and audited."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.accounts.models import Membership
from zicht.core import audit

from . import eligibility, facets
from .models import (
    EligibilityRule,
    Organisation,
    SocialEnterpriseProfile,
    Status,
    Tier,
    VerificationDecision,
)

RULES_FILE = Path(__file__).parent / "rules" / "eligibility.json"
RULE_KEY_2_82 = "art_2_82_target_group_share"
VERIFICATION_VALID_YEARS = 2  # Code SO re-assessment cycle; see docs/register.md


def load_rules() -> int:
    """Load the shipped eligibility rules (idempotent: keyed on rule, region and valid_from)."""
    created = 0
    for row in json.loads(RULES_FILE.read_text(encoding="utf-8")):
        _obj, was_created = EligibilityRule.objects.get_or_create(
            key=row["key"],
            region=row["region"],
            valid_from=row["valid_from"],
            defaults={
                "threshold": Decimal(row["threshold"]),
                "counted_groups": row["counted_groups"],
                "valid_to": row["valid_to"],
                "source": row["source"],
                "source_url": row["source_url"],
                "note": row["note"],
            },
        )
        created += was_created
    return created


def rule_2_82(on: dt.date | None = None) -> eligibility.Rule:
    record = EligibilityRule.in_force(on, key=RULE_KEY_2_82, region="")
    if record is None:
        raise ValidationError(_("No art. 2.82 rule is in force on that date."))
    return eligibility.Rule(
        threshold=record.threshold,
        counted_groups=tuple(record.counted_groups),
        valid_from=record.valid_from.isoformat(),
        source=record.source,
    )


def explain_eligibility(org: Organisation, on: dt.date | None = None) -> eligibility.Eligibility:
    profile = getattr(org, "se_profile", None)
    figures = {w.target_group: w.fte for w in profile.workforce.all()} if profile else {}
    total = profile.total_fte if profile else None
    return eligibility.compute(figures, total, rule_2_82(on))


def derive(org: Organisation) -> None:
    """Recompute the stored derived fields (share, eligibility, search text, facets).

    Call it after related data (CPV codes, SDGs, workforce) changed and before saving.
    """
    result = explain_eligibility(org)
    org.target_group_share = result.share
    org.eligible_2_82 = result.eligible
    org.search_text = org.build_search_text()
    org.facets = facet_text(org)


def facet_text(org: Organisation) -> str:
    saved = org.pk is not None
    profile = getattr(org, "se_profile", None) if saved else None
    municipality = org.municipality
    return facets.tokens(
        public=org.is_public and org.kind != "municipality",
        kind=org.kind,
        tier=org.tier,
        eligible=org.eligible_2_82,
        municipality=municipality.code,
        region=municipality.region.code,
        province=municipality.province.name,
        sdgs=org.sdgs.filter(confirmed=True).values_list("goal__number", flat=True)
        if saved
        else [],
        cpv=org.cpv_codes.values_list("code", flat=True) if saved else [],
        target_groups=(
            profile.workforce.filter(fte__gt=0).values_list("target_group", flat=True)
            if profile
            else []
        ),
        impact_models=profile.impact_models if profile else [],
    )


def check_workforce(total_fte: Decimal | None, figures: dict[str, Decimal]) -> None:
    """Target-group FTE may not exceed the total workforce."""
    groups_total = sum((Decimal(v) for v in figures.values() if v), Decimal(0))
    if any(Decimal(v) < 0 for v in figures.values() if v is not None):
        raise ValidationError({"workforce": _("FTE cannot be negative.")})
    if groups_total and (total_fte is None or groups_total > Decimal(total_fte)):
        raise ValidationError(
            {
                "total_fte": _(
                    "The FTE per target group add up to %(groups)s, more than the total "
                    "workforce of %(total)s FTE."
                )
                % {"groups": f"{groups_total:g}", "total": f"{Decimal(total_fte or 0):g}"}
            }
        )


AUDITED_FIELDS = [
    "kind",
    "kvk",
    "legal_form",
    "legal_name",
    "trade_names",
    "street",
    "house_number",
    "postcode",
    "city",
    "municipality",
    "website",
    "description_nl",
    "description_en",
    "status",
    "tier",
    "tier_expires",
]


@transaction.atomic
def save_organisation(org: Organisation, actor, *, action: str = "profile_changed", extra=None):
    """Validate, derive, save and audit one organisation. ``extra`` adds non-field changes."""
    before = {}
    if org.pk:
        before = audit.snapshot(Organisation.objects.get(pk=org.pk), AUDITED_FIELDS)
    org.full_clean(exclude=["search_text"])
    derive(org)
    org.save()
    changes = audit.diff(before, audit.snapshot(org, AUDITED_FIELDS))
    changes.update(extra or {})
    if changes or not before:
        audit.record(
            actor=actor,
            action=action if before else "organisation_created",
            obj=org,
            organisation=org,
            changes=changes,
        )
    return org


@transaction.atomic
def create_or_claim(user, kvk: str, defaults: dict) -> tuple[Organisation, Membership]:
    """Create a new organisation (owner membership) or claim an existing one (pending)."""
    org = Organisation.objects.filter(kvk=kvk).first()
    if org is None:
        org = Organisation(kvk=kvk, created_by=user, **defaults)
        save_organisation(org, user)
        membership = Membership.objects.create(
            user=user, organisation=org, role=Membership.Role.OWNER
        )
        return org, membership
    membership, created = Membership.objects.get_or_create(
        user=user,
        organisation=org,
        defaults={"role": Membership.Role.MEMBER, "state": Membership.State.PENDING},
    )
    if created:
        audit.record(actor=user, action="claim_requested", obj=org, organisation=org)
    return org, membership


@transaction.atomic
def submit_for_verification(org: Organisation, actor) -> None:
    if org.status not in {Status.DRAFT, Status.CHANGES_REQUESTED, Status.ACCEPTED}:
        raise ValidationError(_("This profile is already waiting for verification."))
    org.status = Status.SUBMITTED
    save_organisation(org, actor, action="submitted_for_verification")


@transaction.atomic
def decide(org: Organisation, reviewer, roles, decision: str, reason: str) -> VerificationDecision:
    """A reviewer verifies, certifies, asks for changes or rejects, always with a reason."""
    if not roles.can_review(org):
        raise PermissionDenied(_("You can only review organisations in your own municipality."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason: the organisation will read it.")})
    if org.status != Status.SUBMITTED:
        raise ValidationError(_("Only submitted profiles can be reviewed."))
    D = VerificationDecision.Decision
    today = timezone.localdate()
    expires = None
    tier = ""
    if decision in (D.VERIFY, D.CERTIFY):
        tier = Tier.CERTIFIED if decision == D.CERTIFY else Tier.VERIFIED
        if decision == D.CERTIFY and not org.certifications.exists():
            raise ValidationError(
                _("Certify only organisations with a registration or certificate.")
            )
        expires = today.replace(year=today.year + VERIFICATION_VALID_YEARS)
        org.status, org.tier, org.tier_expires = Status.ACCEPTED, tier, expires
        org.certifications.update(checked=True)
    elif decision == D.REQUEST_CHANGES:
        org.status = Status.CHANGES_REQUESTED
    elif decision == D.REJECT:
        org.status, org.tier, org.tier_expires = Status.REJECTED, Tier.SELF_DECLARED, None
    else:
        raise ValidationError(_("Unknown decision."))
    record = VerificationDecision.objects.create(
        organisation=org,
        reviewer=reviewer,
        decision=decision,
        reason=reason.strip(),
        tier_granted=tier,
        expires=expires,
    )
    save_organisation(
        org, reviewer, action=f"verification_{decision}", extra={"reason": ["", reason.strip()]}
    )
    return record


def ensure_profile(org: Organisation) -> SocialEnterpriseProfile:
    profile, _created = SocialEnterpriseProfile.objects.get_or_create(organisation=org)
    return profile
