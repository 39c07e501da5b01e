"""Procurement plans, contracts with an SROI obligation, deliveries, bouwblokken tables.

The figures are computed by the framework-free engines (``advisor``, ``sroi``, ``ocds``);
these models store the case, the advice snapshot, the contract and each delivery with the
valuation the engine gave it (value and explanation), so a page can show how every euro
was computed.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zicht.core.models import DatedRule


class ProcurementType(models.TextChoices):
    WORKS = "works", _("Works")
    SUPPLIES = "supplies", _("Supplies")
    SERVICES = "services", _("Services")
    SOCIAL_SERVICES = "social_services", _("Social and other specific services")


class BouwblokTable(DatedRule):
    """A region's bouwblokken table added by an administrator (shipped tables are files).

    ``values`` holds the table body as in ``rules/bouwblokken/*.json``: ``conventions``,
    ``placements``, ``bonuses``, ``purchases`` and ``other_efforts``. ``region`` lists the
    labour-market region codes (AMxx), municipality codes (GMxxxx) or province names it
    applies to, separated by commas.
    """

    name = models.CharField(_("name"), max_length=120)
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    values = models.JSONField(
        _("values"),
        help_text=_(
            "JSON with conventions, placements, bonuses, purchases and other_efforts, "
            "as in the shipped tables (rules/bouwblokken/*.json)."
        ),
    )

    class Meta(DatedRule.Meta):
        verbose_name = _("bouwblokken table")
        verbose_name_plural = _("bouwblokken tables")

    def __str__(self) -> str:
        return f"{self.name} ({self.region}) from {self.valid_from}"

    @property
    def regions(self) -> list[str]:
        return [r.strip() for r in self.region.split(",") if r.strip()]

    def as_document(self) -> dict:
        body = dict(self.values or {}) if isinstance(self.values, dict) else {}
        return {
            **body,
            "id": f"db-{self.pk or 'new'}",
            "name": self.name,
            "region": self.regions,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "source": self.source,
            "source_url": self.source_url,
            "licence": self.licence,
            "status": "administrator",
            "note": self.note,
        }

    def as_engine(self):
        from .sroi import BouwblokkenTable

        return BouwblokkenTable.from_dict(self.as_document())

    def clean(self):
        from .sroi import TableError

        if not self.regions:
            raise ValidationError({"region": _("Name at least one region (e.g. AM13).")})
        if not isinstance(self.values, dict):
            raise ValidationError({"values": _("The values must be a JSON object.")})
        try:
            self.as_engine()
        except (TableError, ValueError, TypeError, KeyError) as exc:
            raise ValidationError({"values": str(exc)}) from exc


class ProcurementPlan(models.Model):
    """A planned purchase with the advice it got (a snapshot: rules may change later)."""

    municipality = models.ForeignKey(
        "reference.Municipality",
        models.PROTECT,
        related_name="procurement_plans",
        verbose_name=_("municipality"),
    )
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("planned publication date"))
    type = models.CharField(_("type"), max_length=20, choices=ProcurementType.choices)
    value_eur = models.DecimalField(
        _("estimated value excl. VAT (EUR)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    duration_months = models.PositiveIntegerField(
        _("duration (months)"), validators=[MinValueValidator(1)]
    )
    cpv = models.JSONField(_("CPV codes"), default=list)
    delivery_municipality = models.CharField(_("delivery municipality (CBS code)"), max_length=6)
    reserved_2_82 = models.BooleanField(_("reserved under art. 2.82"), default=False)
    advice = models.JSONField(_("advice (snapshot)"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("procurement plan")
        verbose_name_plural = _("procurement plans")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("procurement:plan", kwargs={"pk": self.pk})

    def case(self) -> dict:
        """The plan as a CASE.json dict (the advisor's input)."""
        return {
            "municipality": self.municipality.code,
            "date": self.date.isoformat(),
            "type": self.type,
            "value_eur": float(self.value_eur),
            "duration_months": self.duration_months,
            "cpv": list(self.cpv),
            "delivery_municipality": self.delivery_municipality,
        }

    @property
    def sroi_obligation_eur(self) -> float | None:
        return (self.advice.get("sroi") or {}).get("obligation_eur")

    @property
    def recommended_procedure(self) -> str | None:
        for proc in self.advice.get("procedures") or []:
            if proc.get("status") == "recommended":
                return proc.get("procedure")
        return None


class Contract(models.Model):
    """A plan awarded to a supplier, with an SROI obligation in euros and a deadline."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    plan = models.ForeignKey(
        ProcurementPlan, models.PROTECT, related_name="contracts", verbose_name=_("plan")
    )
    supplier = models.ForeignKey(
        "registry.Organisation",
        models.PROTECT,
        related_name="sroi_contracts",
        verbose_name=_("supplier"),
    )
    value_eur = models.DecimalField(
        _("contract value excl. VAT (EUR)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    sroi_obligation_eur = models.DecimalField(
        _("SROI obligation (EUR)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    deadline = models.DateField(_("SROI deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    last_reminder_on = models.DateField(_("last reminder sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="contract_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.title} — {self.supplier}"

    def get_absolute_url(self) -> str:
        return reverse("procurement:contract", kwargs={"pk": self.pk})

    @property
    def municipality(self):
        return self.plan.municipality

    def engine_contract(self):
        from .sroi import Contract as EngineContract

        return EngineContract(
            id=f"C-{self.pk}",
            start=self.start,
            end=self.end,
            region=self.plan.delivery_municipality,
            obligation_eur=float(self.sroi_obligation_eur),
        )


class Delivery(models.Model):
    """An SROI delivery logged by the supplier; municipal staff accept or reject it."""

    class Kind(models.TextChoices):
        PLACEMENT = "placement", _("Placement")
        PURCHASE = "purchase", _("Purchase from a social enterprise")
        OTHER = "other_effort", _("Other effort")

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    class ContractType(models.TextChoices):
        TEMPORARY = "temporary", _("Temporary contract")
        PERMANENT = "permanent", _("Permanent contract")

    contract = models.ForeignKey(Contract, models.CASCADE, related_name="deliveries")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # placement
    reference = models.CharField(
        _("pseudonymous reference"),
        max_length=40,
        blank=True,
        help_text=_("A code such as KAND-0012. Never a name, BSN or date of birth."),
    )
    target_group = models.CharField(_("target group"), max_length=60, blank=True)
    fte = models.DecimalField(
        _("FTE"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1"))],
    )
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("60"))],
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    contract_type = models.CharField(
        _("employment contract"), max_length=10, choices=ContractType.choices, blank=True
    )
    attributes = models.JSONField(_("bonus attributes"), default=list, blank=True)
    # purchase
    social_enterprise = models.ForeignKey(
        "registry.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="sroi_invoices",
        verbose_name=_("social enterprise"),
    )
    invoice_ref = models.CharField(_("invoice reference"), max_length=60, blank=True)
    invoice_key = models.CharField(max_length=60, blank=True, editable=False)
    invoice_date = models.DateField(_("invoice date"), null=True, blank=True)
    amount_excl_vat_eur = models.DecimalField(
        _("amount excl. VAT (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # other effort
    on = models.DateField(_("date"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=2, null=True, blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    # valuation by the engine
    value_eur = models.DecimalField(_("effort value (EUR)"), max_digits=14, decimal_places=2)
    valuation = models.JSONField(_("valuation"), default=dict)
    # review
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.SUBMITTED
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason"), max_length=4000, blank=True)
    evidence = models.FileField(_("evidence"), upload_to="sroi/%Y/%m/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("SROI delivery")
        verbose_name_plural = _("SROI deliveries")
        constraints = [
            # An invoice of a social enterprise counts once across all obligations.
            models.UniqueConstraint(
                fields=["social_enterprise", "invoice_key"],
                condition=Q(kind="purchase") & ~Q(state="rejected"),
                name="sroi_invoice_counted_once",
            ),
        ]
        indexes = [models.Index(fields=["contract", "state"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_state_display()})"

    def engine_valuation(self):
        from datetime import date

        from .sroi import Valuation

        v = self.valuation or {}
        key = v.get("key")
        return Valuation(
            kind=v.get("kind", self.kind),
            value_eur=float(self.value_eur),
            date=date.fromisoformat(v["date"]) if v.get("date") else self.created_at.date(),
            parts=list(v.get("parts") or []),
            table=dict(v.get("table") or {}),
            notes=list(v.get("notes") or []),
            key=tuple(key) if key else None,
        )

    @property
    def summary(self) -> str:
        if self.kind == self.Kind.PLACEMENT:
            amount = f"{self.fte} FTE" if self.fte is not None else f"{self.hours_per_week} h/wk"
            return f"{self.reference} · {self.target_group} · {amount} · {self.start}–{self.end}"
        if self.kind == self.Kind.PURCHASE:
            return f"{self.invoice_ref} · {self.social_enterprise} · € {self.amount_excl_vat_eur}"
        return f"{self.on} · {self.hours} h · {self.description[:60]}"
