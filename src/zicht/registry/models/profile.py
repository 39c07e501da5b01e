from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetGroup(models.TextChoices):
    PARTICIPATIEWET = "participatiewet", _("Participatiewet (social assistance)")
    DOELGROEPREGISTER = "doelgroepregister", _("Doelgroepregister / banenafspraak")
    WAJONG = "wajong", _("Wajong")
    WIA_WAO = "wia_wao", _("WIA / WAO")
    WSW = "wsw", _("Wsw (sheltered employment)")
    WW = "ww", _("WW (unemployment benefit)")
    STATUSHOUDER = "statushouder", _("Statushouder (refugee with residence permit)")
    OVER_50 = "over_50", _("50+ with a distance to the labour market")
    NONE = "none", _("No target group")


class SocialEnterpriseProfile(models.Model):
    """What makes an organisation a social enterprise. Aggregates only: never people."""

    organisation = models.OneToOneField(
        "registry.Organisation", models.CASCADE, related_name="se_profile"
    )
    impact_work_integration = models.BooleanField(_("work integration"), default=False)
    impact_products = models.BooleanField(_("products or services with impact"), default=False)
    impact_profit_redistribution = models.BooleanField(_("profit redistribution"), default=False)
    revenue_share_trade = models.DecimalField(
        _("share of revenue from trade (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    total_fte = models.DecimalField(
        _("total workforce (FTE)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    workforce_year = models.PositiveSmallIntegerField(
        _("workforce figures for year"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("social-enterprise profile")
        verbose_name_plural = _("social-enterprise profiles")

    def __str__(self) -> str:
        return f"Profile of {self.organisation}"

    @property
    def impact_models(self) -> list[str]:
        return [
            name
            for name, on in (
                ("work_integration", self.impact_work_integration),
                ("products", self.impact_products),
                ("profit_redistribution", self.impact_profit_redistribution),
            )
            if on
        ]


class WorkforceFigure(models.Model):
    profile = models.ForeignKey(SocialEnterpriseProfile, models.CASCADE, related_name="workforce")
    target_group = models.CharField(_("target group"), max_length=20, choices=TargetGroup.choices)
    fte = models.DecimalField(
        _("FTE"), max_digits=9, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["target_group"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "target_group"], name="one_figure_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.target_group}: {self.fte}"


class CertificationKind(models.TextChoices):
    CODE_SO = "code_so", _("Register Code Sociale Ondernemingen")
    SOCIAL_ENTERPRISE_NL = "sociaal_nl", _("Social Enterprise NL member")
    PSO = "pso", _("PSO (Prestatieladder Socialer Ondernemen)")
    OTHER = "other", _("Other")


class Evidence(models.Model):
    """An uploaded file backing a claim. Visible to the organisation, its reviewers and admins."""

    organisation = models.ForeignKey(
        "registry.Organisation", models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/")
    description = models.CharField(_("what it shows"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.description


class Certification(models.Model):
    class PsoLevel(models.TextChoices):
        ASPIRANT = "aspirant", _("Aspirant")
        BASIS = "basistrede", _("Basistrede")
        TREDE_1 = "trede_1", _("Trede 1")
        TREDE_2 = "trede_2", _("Trede 2")
        TREDE_3 = "trede_3", _("Trede 3")

    organisation = models.ForeignKey(
        "registry.Organisation", models.CASCADE, related_name="certifications"
    )
    kind = models.CharField(
        _("registration or certificate"), max_length=20, choices=CertificationKind.choices
    )
    name = models.CharField(_("name (for other)"), max_length=120, blank=True)
    pso_level = models.CharField(
        _("PSO level"), max_length=20, choices=PsoLevel.choices, blank=True
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    evidence = models.ForeignKey(
        Evidence,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="certifications",
        verbose_name=_("evidence"),
    )
    checked = models.BooleanField(_("checked by a reviewer"), default=False)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("registration or certification")
        verbose_name_plural = _("registrations and certifications")

    def __str__(self) -> str:
        return self.name or self.get_kind_display()
