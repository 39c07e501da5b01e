from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Tier(models.TextChoices):
    SELF_DECLARED = "self_declared", _("Self-declared")
    VERIFIED = "verified", _("Verified")
    CERTIFIED = "certified", _("Certified")


class VerificationDecision(models.Model):
    """A reviewer's decision on a submitted profile. Kept forever, newest first."""

    class Decision(models.TextChoices):
        VERIFY = "verify", _("Verify")
        CERTIFY = "certify", _("Verify as certified")
        REQUEST_CHANGES = "request_changes", _("Ask for changes")
        REJECT = "reject", _("Reject")

    organisation = models.ForeignKey(
        "registry.Organisation", models.CASCADE, related_name="decisions"
    )
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    reason = models.TextField(_("reason"), max_length=4000)
    tier_granted = models.CharField(max_length=20, choices=Tier.choices, blank=True)
    expires = models.DateField(_("valid until"), null=True, blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("verification decision")
        verbose_name_plural = _("verification decisions")

    def __str__(self) -> str:
        return f"{self.get_decision_display()} ({self.decided_at:%Y-%m-%d})"
