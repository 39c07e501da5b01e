from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in. E-mail is the login name; roles come from memberships."""

    email = models.EmailField(_("e-mail address"), unique=True)
    email_confirmed = models.BooleanField(_("e-mail confirmed"), default=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Membership(models.Model):
    """A user's place in an organisation, and with it their role on the platform."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner (manages members)")
        MEMBER = "member", _("Member")
        STAFF = "staff", _("Municipal staff")
        PROCUREMENT_OFFICER = "procurement_officer", _("Procurement officer")
        POLICY_OFFICER = "policy_officer", _("Policy officer")

    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        PENDING = "pending", _("Claim pending")

    user = models.ForeignKey(User, models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        "registry.Organisation", models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    department = models.CharField(
        _("department or portfolio"),
        max_length=120,
        blank=True,
        help_text=_("For municipal staff, e.g. Inkoop, Werk en Inkomen, Economische Zaken."),
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)

    MUNICIPAL_ROLES = (Role.STAFF, Role.PROCUREMENT_OFFICER, Role.POLICY_OFFICER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"
