"""Spend: uploads of invoice-line files, column mappings, suppliers and their links to the
register, remembered link decisions and published report aggregates.

The invoice lines themselves live in the Parquet store (``settings.SPEND_STORE``, see
``zicht.spend.ingest``); these models hold what people see and decide around them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SpendImport(models.Model):
    """One uploaded file on its way through map → validate → import."""

    class State(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        VALIDATING = "validating", _("Being validated")
        VALIDATED = "validated", _("Validated")
        IMPORTING = "importing", _("Being imported")
        IMPORTED = "imported", _("Imported")
        DUPLICATE = "duplicate", _("Already imported (nothing changed)")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    RUNNING = (State.VALIDATING, State.IMPORTING)

    municipality = models.ForeignKey(
        "reference.Municipality", models.PROTECT, related_name="spend_imports",
        verbose_name=_("municipality"),
    )  # fmt: skip
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file = models.FileField(_("file"), upload_to="spend-uploads/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    source_system = models.CharField(
        _("source system"), max_length=80,
        help_text=_("The finance system the file comes from, e.g. 'Key2Financiën'."),
    )  # fmt: skip
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.UPLOADED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.TextField(_("message"), blank=True)
    report = models.JSONField(_("validation report"), default=dict, blank=True)
    stage_id = models.CharField(max_length=32, blank=True)
    engine_import_id = models.CharField(max_length=64, blank=True)
    overlaps = models.JSONField(default=list, blank=True)  # engine import ids
    rows_total = models.PositiveIntegerField(default=0)
    rows_valid = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    period_from = models.DateField(null=True, blank=True)
    period_to = models.DateField(null=True, blank=True)
    total = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    suppliers_linked = models.JSONField(default=dict, blank=True)  # status -> count
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("spend import")
        verbose_name_plural = _("spend imports")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.municipality_id}, {self.state})"

    @property
    def running(self) -> bool:
        return self.state in self.RUNNING


class ColumnMapping(models.Model):
    """The mapping a municipality uses for files from one source system."""

    municipality = models.ForeignKey(
        "reference.Municipality", models.CASCADE, related_name="+",
        verbose_name=_("municipality"),
    )  # fmt: skip
    source_system = models.CharField(_("source system"), max_length=80)
    mapping = models.JSONField(_("column mapping"), default=dict)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "source_system"], name="spend_mapping_unique"
            )
        ]
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.source_system}"


class Supplier(models.Model):
    """A creditor in a municipality's ledger, identified by ``supplier_key`` (the ingest key:
    the supplier number, else ``name:`` and the folded name)."""

    municipality = models.ForeignKey(
        "reference.Municipality", models.CASCADE, related_name="+",
        verbose_name=_("municipality"),
    )  # fmt: skip
    key = models.CharField(_("supplier key"), max_length=255)
    name = models.CharField(_("name"), max_length=255)
    kvk = models.CharField(_("KvK number"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    city = models.CharField(_("place"), max_length=120, blank=True)
    total_spend = models.DecimalField(_("total spend"), max_digits=18, decimal_places=2, default=0)
    lines = models.PositiveIntegerField(_("invoice lines"), default=0)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-total_spend", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="spend_supplier_unique")
        ]
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")

    def __str__(self) -> str:
        return self.name


class LinkStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REVIEW = "review", _("To review")
    REJECTED = "rejected", _("Not in the register")


class SupplierLink(models.Model):
    """What the linkage engine (or a person) says about a supplier: which register
    organisation it is, with the score and the evidence."""

    supplier = models.OneToOneField(Supplier, models.CASCADE, related_name="link")
    organisation = models.ForeignKey(
        "registry.Organisation", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("organisation"),
    )  # fmt: skip
    score = models.FloatField(_("score"), default=0)
    method = models.CharField(_("method"), max_length=20)  # kvk, fuzzy, decision
    status = models.CharField(_("status"), max_length=20, choices=LinkStatus.choices)
    explanation = models.JSONField(_("explanation"), default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("supplier link")
        verbose_name_plural = _("supplier links")
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.supplier} → {self.organisation or '-'} ({self.status})"


class LinkDecision(models.Model):
    """A person's decision about a supplier, reused by every later import: this supplier
    is that organisation, or it is not in the register (``organisation`` empty)."""

    municipality = models.ForeignKey(
        "reference.Municipality", models.CASCADE, related_name="+",
        verbose_name=_("municipality"),
    )  # fmt: skip
    supplier_key = models.CharField(_("supplier key"), max_length=255)
    organisation = models.ForeignKey(
        "registry.Organisation", models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("organisation"),
        help_text=_("Empty: the supplier is not in the register."),
    )  # fmt: skip
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "supplier_key"], name="spend_decision_unique"
            )
        ]
        verbose_name = _("link decision")
        verbose_name_plural = _("link decisions")

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.supplier_key} → {self.organisation or 'rejected'}"

    @property
    def engine_value(self) -> str:
        """What ``linkage.link(decisions=...)`` expects."""
        return str(self.organisation_id) if self.organisation_id else "rejected"


class PublishedReport(models.Model):
    """Aggregates of one period that the municipality chose to publish. The public page
    shows only these (a snapshot taken when publishing), never invoice lines."""

    municipality = models.ForeignKey(
        "reference.Municipality", models.CASCADE, related_name="+",
        verbose_name=_("municipality"),
    )  # fmt: skip
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("to"))
    aggregates = models.JSONField(_("aggregates"), default=dict)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_to", "-period_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "period_from", "period_to"],
                name="spend_published_unique",
            )
        ]
        verbose_name = _("published spend report")
        verbose_name_plural = _("published spend reports")

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.period_from}..{self.period_to}"
