from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SdgPriority(models.Model):
    """An SDG a municipality has confirmed as a priority (recommendation 4 of the study)."""

    municipality = models.ForeignKey(
        "reference.Municipality", models.CASCADE, related_name="sdg_priorities"
    )
    goal = models.ForeignKey("reference.SdgGoal", models.PROTECT, related_name="+")
    targets = models.JSONField(_("targets"), default=list, blank=True)
    evidence = models.JSONField(default=list, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["goal__number"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "goal"], name="one_priority_per_goal")
        ]
        verbose_name = _("SDG priority")
        verbose_name_plural = _("SDG priorities")

    def __str__(self) -> str:
        return f"{self.municipality}: SDG {self.goal.number}"


class PolicyText(models.Model):
    """The policy goals staff pasted, kept so the suggestion can be explained later."""

    municipality = models.ForeignKey("reference.Municipality", models.CASCADE, related_name="+")
    text = models.TextField(_("policy goals"), max_length=20000)
    result = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.municipality} {self.created_at:%Y-%m-%d}"
