"""Reference data in the database, loaded from the shipped files (see data/SOURCES.md)."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    name = models.CharField(_("name"), max_length=40, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name


class LabourMarketRegion(models.Model):
    code = models.CharField(_("code"), max_length=4, unique=True)  # AM01..AM35
    name = models.CharField(_("name"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("labour-market region")
        verbose_name_plural = _("labour-market regions")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    code = models.CharField(_("CBS code"), max_length=6, unique=True)  # GM0363
    name = models.CharField(_("name"), max_length=80)
    province = models.ForeignKey(Province, models.PROTECT, related_name="municipalities")
    region = models.ForeignKey(LabourMarketRegion, models.PROTECT, related_name="municipalities")
    lat = models.FloatField()
    lon = models.FloatField()

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class SdgGoal(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    short_title_en = models.CharField(max_length=80)
    title_en = models.CharField(max_length=300)
    short_title_nl = models.CharField(max_length=80)
    title_nl = models.CharField(max_length=300)
    colour = models.CharField(max_length=7)

    class Meta:
        ordering = ["number"]
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")

    def __str__(self) -> str:
        return f"{self.number}. {self.short_title}"

    @property
    def short_title(self) -> str:
        return (
            self.short_title_nl
            if (get_language() or "nl").startswith("nl")
            else self.short_title_en
        )


class SdgTarget(models.Model):
    code = models.CharField(max_length=6, unique=True)  # "8.5", "1.a"
    goal = models.ForeignKey(SdgGoal, models.CASCADE, related_name="targets")
    text_en = models.TextField()
    text_nl = models.TextField()

    class Meta:
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self) -> str:
        return self.code


class CpvCode(models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True)  # 8 digits, no check digit
    check_digit = models.CharField(max_length=1)
    label_en = models.CharField(max_length=300)
    label_nl = models.CharField(max_length=300, blank=True)
    level = models.CharField(max_length=10)  # division / group / class / category

    class Meta:
        ordering = ["code"]
        verbose_name = _("CPV code")
        verbose_name_plural = _("CPV codes")

    def __str__(self) -> str:
        return f"{self.full_code} {self.label}"

    @property
    def full_code(self) -> str:
        return f"{self.code}-{self.check_digit}"

    @property
    def division(self) -> str:
        return self.code[:2]

    @property
    def label(self) -> str:
        lang = get_language() or "nl"
        return self.label_nl if lang.startswith("nl") and self.label_nl else self.label_en
