from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..validators import validate_kvk, validate_no_markup, validate_postcode
from .verification import Tier


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
    SOCIALE_WERKPLAATS = "sociale_werkplaats", _("Sociale werkplaats (sheltered workshop)")
    SME = "sme", _("SME (mkb)")
    OTHER = "other", _("Other")


class LegalForm(models.TextChoices):
    STICHTING = "stichting", "Stichting"
    BV = "bv", "B.V."
    NV = "nv", "N.V."
    COOPERATIE_UA = "cooperatie_ua", "Coöperatie U.A."
    COOPERATIE = "cooperatie", "Coöperatie"
    VERENIGING = "vereniging", "Vereniging"
    VOF = "vof", "V.o.f."
    EENMANSZAAK = "eenmanszaak", "Eenmanszaak"
    MAATSCHAP = "maatschap", "Maatschap"
    CV = "cv", "C.V."
    PUBLIEKRECHTELIJK = "publiekrechtelijk", _("Public-law body")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for verification")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


def fold(text: str) -> str:
    """Lower-case and strip diacritics, so 'Coöperatie' matches 'cooperatie'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def name_key(text: str) -> str:
    """Folded words of a name or query, one space apart: 'Groen-Werkt B.V.' → 'groen werkt b v'.
    selectors.terms splits queries with it, so query words and name words compare as whole words."""
    return " ".join(w for w in re.split(r"[^\w]+", fold(text)) if w)


def build_name_text(legal_name: str, trade_names) -> str:
    """Every name between bars with a space either side ('| groen werkt | groen bv |'), so
    that SQL LIKE can test 'equals' ('%| q |%'), 'starts with' ('%| w%') and 'whole word'
    ('% w %') without matching across two names."""
    keys = [k for k in (name_key(n) for n in [legal_name, *(trade_names or [])]) if k]
    return "".join(f"| {k} " for k in keys) + "|" if keys else ""


class Organisation(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    kvk = models.CharField(_("KvK number"), max_length=8, unique=True, validators=[validate_kvk])
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices)
    legal_name = models.CharField(_("legal name"), max_length=200)
    trade_names = models.JSONField(_("trade names"), default=list, blank=True)
    street = models.CharField(_("street"), max_length=120, blank=True)
    house_number = models.CharField(_("house number"), max_length=12, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=7, blank=True, validators=[validate_postcode]
    )
    city = models.CharField(_("place"), max_length=80, blank=True)
    municipality = models.ForeignKey(
        "reference.Municipality",
        models.PROTECT,
        verbose_name=_("municipality"),
        related_name="organisations",
    )
    website = models.URLField(_("website"), blank=True)
    description_nl = models.TextField(
        _("description (Dutch)"), max_length=5000, blank=True, validators=[validate_no_markup]
    )
    description_en = models.TextField(
        _("description (English)"), max_length=5000, blank=True, validators=[validate_no_markup]
    )
    cpv_codes = models.ManyToManyField(
        "reference.CpvCode", verbose_name=_("what you supply (CPV)"), blank=True
    )
    served_municipalities = models.ManyToManyField(
        "reference.Municipality",
        blank=True,
        related_name="+",
        verbose_name=_("municipalities served"),
    )
    served_regions = models.ManyToManyField(
        "reference.LabourMarketRegion",
        blank=True,
        related_name="+",
        verbose_name=_("labour-market regions served"),
    )
    served_provinces = models.ManyToManyField(
        "reference.Province", blank=True, related_name="+", verbose_name=_("provinces served")
    )
    serves_nationally = models.BooleanField(_("serves the whole country"), default=False)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    tier = models.CharField(
        _("verification tier"), max_length=20, choices=Tier.choices, default=Tier.SELF_DECLARED
    )
    tier_expires = models.DateField(_("verification valid until"), null=True, blank=True)
    # Derived on save (see services.derive): stored so the directory can filter on them.
    target_group_share = models.DecimalField(
        _("target-group share"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    eligible_2_82 = models.BooleanField(
        _("eligible for art. 2.82 reserved contracts"), default=False
    )
    search_text = models.TextField(editable=False, default="")
    # Folded legal and trade names for relevance ranking, "| groen werkt | groen bv |"
    # (see name_key and selectors.relevance); kept current by save().
    name_text = models.TextField(editable=False, default="")
    # Directory filters as words for the full-text index (see registry/facets.py).
    facets = models.TextField(editable=False, default="")

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["legal_name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            models.Index(fields=["kind", "status"]),
            models.Index(fields=["tier"]),
            models.Index(fields=["eligible_2_82"]),
            models.Index(fields=["legal_name"]),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.trade_names[0] if self.trade_names else self.legal_name

    @property
    def is_public(self) -> bool:
        """Listed in the public directory: anything submitted and not rejected."""
        return self.status in {Status.SUBMITTED, Status.CHANGES_REQUESTED, Status.ACCEPTED}

    def get_absolute_url(self) -> str:
        return reverse("registry:organisation", kwargs={"kvk": self.kvk})

    def description(self, language: str = "nl") -> str:
        if language.startswith("en"):
            return self.description_en or self.description_nl
        return self.description_nl or self.description_en

    def save(self, *args, **kwargs):
        self.name_text = build_name_text(self.legal_name, self.trade_names)
        fields = kwargs.get("update_fields")
        if fields is not None and {"legal_name", "trade_names"} & set(fields):
            kwargs["update_fields"] = {*fields, "name_text"}
        super().save(*args, **kwargs)

    def build_search_text(self) -> str:
        parts = [
            self.legal_name,
            *self.trade_names,
            self.city,
            self.description_nl,
            self.description_en,
        ]
        return fold(" ".join(p for p in parts if p))


class OrganisationSdg(models.Model):
    """An SDG in an organisation's profile: confirmed by a person, or a suggestion."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by a person")
        SUGGESTED = "suggested", _("Suggested by Zicht")

    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="sdgs")
    goal = models.ForeignKey("reference.SdgGoal", models.PROTECT, related_name="+")
    weight = models.DecimalField(
        _("weight"),
        max_digits=3,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    confirmed = models.BooleanField(_("confirmed by a person"), default=True)
    dismissed = models.BooleanField(
        _("dismissed suggestion"),
        default=False,
        help_text=_("A suggestion the organisation removed; it is not suggested again."),
    )
    evidence = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["goal__number"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "goal"], name="one_entry_per_sdg")
        ]
        indexes = [models.Index(fields=["goal", "confirmed"])]

    def __str__(self) -> str:
        return f"{self.organisation_id}: SDG {self.goal_id}"
