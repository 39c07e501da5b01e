"""Opportunities (tenders, requests, questions), match weights, feedback and notifications.

The matching itself is the framework-free engine in ``matching/``; these models hold what
people enter and decide. See docs/opportunities.md.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zicht.registry.models import TargetGroup, Tier


class Kind(models.TextChoices):
    TENDER = "tender", _("Municipal tender or planned purchase")
    SUBCONTRACTING = "subcontracting", _("Subcontracting request")
    PARTNERSHIP = "partnership", _("Partnership request")
    QUESTION = "question", _("Municipal question (vraagstuk)")


# The matching engine knows tender / request / question; precision is reported per our kind.
ENGINE_KIND = {
    Kind.TENDER: "tender",
    Kind.SUBCONTRACTING: "request",
    Kind.PARTNERSHIP: "request",
    Kind.QUESTION: "question",
}


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")
    AWARDED = "awarded", _("Awarded")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Only logged-in organisations")


class Opportunity(models.Model):
    owner = models.ForeignKey(
        "registry.Organisation",
        models.CASCADE,
        related_name="opportunities",
        verbose_name=_("organisation"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=10000)
    cpv_codes = models.ManyToManyField(
        "reference.CpvCode", blank=True, related_name="+", verbose_name=_("CPV codes")
    )
    # Confirmed SDGs {"8": 1.0}; suggestions from the SDG engine are kept apart until
    # the owner confirms them: {"8": {"score": 0.71, "evidence": ["..."]}}.
    sdgs = models.JSONField(_("SDGs"), default=dict, blank=True)
    sdg_suggestions = models.JSONField(_("suggested SDGs"), default=dict, blank=True)
    municipality = models.ForeignKey(
        "reference.Municipality",
        models.PROTECT,
        related_name="+",
        verbose_name=_("place of delivery"),
    )
    value_eur = models.DecimalField(
        _("estimated value excl. VAT (EUR)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    reserved_2_82 = models.BooleanField(_("reserved under art. 2.82"), default=False)
    min_tier = models.CharField(
        _("minimum verification tier"), max_length=20, choices=Tier.choices, blank=True
    )
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    certifications = models.JSONField(_("required certifications"), default=list, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    visibility = models.CharField(
        _("visible to"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    procurement_plan = models.ForeignKey(
        "procurement.ProcurementPlan",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("procurement plan"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        indexes = [
            models.Index(fields=["state", "visibility"]),
            models.Index(fields=["kind"]),
            models.Index(fields=["-published_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("opportunities:detail", kwargs={"pk": self.pk})

    @property
    def sdg_numbers(self) -> list[int]:
        return sorted(int(k) for k in self.sdgs)

    @property
    def suggested_only(self) -> dict[int, dict]:
        """Suggestions the owner has not confirmed yet."""
        return {
            int(k): v
            for k, v in sorted(self.sdg_suggestions.items(), key=lambda kv: int(kv[0]))
            if k not in self.sdgs
        }

    def target_group_labels(self) -> list[str]:
        """The required target groups by name in the page language (codes are stored)."""
        labels = dict(TargetGroup.choices)
        return [str(labels.get(code, code)) for code in self.target_groups]

    def deadline_passed(self, today: dt.date | None = None) -> bool:
        return bool(self.deadline and self.deadline < (today or timezone.localdate()))

    @property
    def is_open(self) -> bool:
        return self.state == State.PUBLISHED


def _default_weights_data() -> dict:
    from .matching.weights import _default_data

    return _default_data()


class MatchWeights(models.Model):
    """A version of the engine's weights. The newest with valid_from <= today is used."""

    valid_from = models.DateField(_("valid from"), default=dt.date.today)
    data = models.JSONField(
        _("weights"),
        default=_default_weights_data,
        help_text=_(
            "The engine's weights as JSON (see matching/default_weights.json); keys left out "
            "keep their default. 'digest': {'top_k', 'min_score'} sets which organisations "
            "hear of a new opportunity."
        ),
    )
    note = models.TextField(_("why this version"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("match weights")
        verbose_name_plural = _("match weights")

    def __str__(self) -> str:
        return f"{self.valid_from} ({self.data.get('version', '')})"

    def clean(self) -> None:
        from .matching import Weights

        if not isinstance(self.data, dict):
            raise ValidationError({"data": _("The weights must be a JSON object.")})
        try:
            Weights.from_dict(self.data)
        except (ValueError, KeyError, TypeError) as exc:
            raise ValidationError({"data": str(exc)}) from None


class MatchFeedback(models.Model):
    """A user's judgement of one match: useful or not. Reported as precision@10 per kind."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    opportunity = models.ForeignKey(Opportunity, models.CASCADE, related_name="feedback")
    organisation = models.ForeignKey("registry.Organisation", models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)  # kind when judged
    rank = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    score = models.FloatField(null=True, blank=True)
    useful = models.BooleanField()
    weights_version = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "opportunity", "organisation"], name="one_judgement_per_match"
            )
        ]
        verbose_name = _("match feedback")
        verbose_name_plural = _("match feedback")

    def __str__(self) -> str:
        return f"{self.opportunity_id}/{self.organisation_id}: {self.useful}"


class Follow(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    opportunity = models.ForeignKey(Opportunity, models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "opportunity"], name="one_follow_per_user")
        ]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")

    def __str__(self) -> str:
        return f"{self.user} follows {self.opportunity_id}"


class Invitation(models.Model):
    opportunity = models.ForeignKey(Opportunity, models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        "registry.Organisation", models.CASCADE, related_name="opportunity_invitations"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "organisation"], name="one_invitation_per_organisation"
            )
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.organisation} invited to {self.opportunity_id}"


class InboxItem(models.Model):
    class Kind(models.TextChoices):
        MATCH = "match", _("New matching opportunity")
        INVITATION = "invitation", _("Invitation")
        UPDATE = "update", _("Update of an opportunity you follow")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    opportunity = models.ForeignKey(Opportunity, models.CASCADE, related_name="inbox_items")
    organisation = models.ForeignKey(
        "registry.Organisation", models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.MATCH)
    score = models.FloatField(null=True, blank=True)
    message = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "opportunity", "kind", "organisation"],
                name="one_inbox_item_per_reason",
            )
        ]
        verbose_name = _("inbox item")
        verbose_name_plural = _("inbox items")

    def __str__(self) -> str:
        return f"{self.kind}: {self.opportunity_id} for {self.user}"


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    NEVER = "never", _("Never")


DEFAULT_FREQUENCY = Frequency.WEEKLY


class DigestPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="opportunity_digest"
    )
    frequency = models.CharField(
        _("e-mail me new matching opportunities"),
        max_length=12,
        choices=Frequency.choices,
        default=DEFAULT_FREQUENCY,
    )
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("digest preference")
        verbose_name_plural = _("digest preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.frequency}"


class DigestSent(models.Model):
    """An opportunity that was in a user's digest: never mailed to that user again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    opportunity = models.ForeignKey(Opportunity, models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "opportunity"], name="digest_once_per_user")
        ]
        verbose_name = _("digest entry sent")
        verbose_name_plural = _("digest entries sent")

    def __str__(self) -> str:
        return f"{self.opportunity_id} to {self.user}"
