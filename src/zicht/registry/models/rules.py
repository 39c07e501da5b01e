from django.db import models
from django.utils.translation import gettext_lazy as _

from zicht.core.models import DatedRule


class EligibilityRule(DatedRule):
    """A dated rule deciding who counts as eligible, e.g. art. 2.82's 30% target-group share."""

    key = models.SlugField(_("rule"), max_length=60)
    threshold = models.DecimalField(_("threshold"), max_digits=6, decimal_places=4)
    counted_groups = models.JSONField(
        _("target groups counted"),
        default=list,
        help_text=_("Workforce groups that count towards the share."),
    )

    class Meta(DatedRule.Meta):
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")

    def __str__(self) -> str:
        return f"{self.key} ≥ {self.threshold} from {self.valid_from}"
