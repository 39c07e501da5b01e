"""Cross-cutting records: dated rules (rules are data) and the audit trail."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DatedRule(models.Model):
    """A rule value that holds from a date, for a region, with its source.

    Subclasses add the value fields. ``in_force`` picks the record valid on a date.
    """

    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    region = models.CharField(
        _("region"), max_length=80, blank=True, help_text=_("Empty means national.")
    )
    source = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source URL"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        abstract = True
        ordering = ["-valid_from"]

    @classmethod
    def in_force(cls, on: dt.date | None = None, **filters):
        on = on or dt.date.today()
        return (
            cls.objects.filter(valid_from__lte=on, **filters)
            .filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=on))
            .order_by("-valid_from")
            .first()
        )


class AuditEntry(models.Model):
    """Who did what, when, to which record, and what changed. Never edited, never deleted."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    organisation = models.ForeignKey(
        "registry.Organisation", models.CASCADE, null=True, blank=True, related_name="audit_entries"
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)  # field -> [old, new]
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class ScheduledRun(models.Model):
    """One slot of a scheduled job (``zicht scheduler``): enqueued or skipped, exactly once.

    The unique (job, slot) pair is what makes several schedulers, or a restarted one,
    enqueue each slot only once.
    """

    ENQUEUED = "enqueued"
    SKIPPED = "skipped"
    STATUSES = [(ENQUEUED, _("enqueued")), (SKIPPED, _("skipped (missed)"))]

    job = models.CharField(_("job"), max_length=60)
    slot = models.DateTimeField(_("scheduled for"))
    status = models.CharField(_("status"), max_length=10, choices=STATUSES)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-slot", "job"]
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="core_scheduledrun_once")
        ]
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")

    def __str__(self) -> str:
        return f"{self.job} {self.slot:%Y-%m-%d %H:%M} {self.status}"
