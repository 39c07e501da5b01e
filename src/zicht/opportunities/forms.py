from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zicht.reference.models import CpvCode, LabourMarketRegion, Municipality, SdgGoal
from zicht.registry.models import CertificationKind, TargetGroup

from .models import DigestPreference, Frequency, Kind, Opportunity, State

SDG_CHOICES_QS = SdgGoal.objects.all()


def parse_cpv(text: str) -> tuple[list[CpvCode], list[str]]:
    """(known codes, unknown entries) from CPV codes separated by commas, spaces or lines."""
    raw = [c for c in re.split(r"[\s,;]+", text or "") if c]
    codes, unknown = [], []
    for item in raw:
        digits = re.sub(r"\D", "", item)[:8]
        (codes if len(digits) == 8 else unknown).append(digits or item)
    found = {c.code: c for c in CpvCode.objects.filter(code__in=codes)}
    unknown += [c for c in codes if c not in found]
    return list(found.values()), unknown


class OpportunityForm(forms.ModelForm):
    cpv = forms.CharField(
        label=_("CPV codes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "What is to be supplied, as CPV codes separated by commas, e.g. 77310000-6 "
            "(green maintenance). Without CPV codes the matching uses the other parts only."
        ),
    )
    sdgs = forms.ModelMultipleChoiceField(
        label=_("SDGs this opportunity contributes to"),
        queryset=SDG_CHOICES_QS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        to_field_name="number",
        help_text=_("Use “Suggest SDGs from the text” to let the SDG engine propose goals."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Place of delivery (municipality)"),
        queryset=Municipality.objects.all(),
        to_field_name="code",
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups the work should involve"),
        choices=[c for c in TargetGroup.choices if c[0] != TargetGroup.NONE],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    certifications = forms.MultipleChoiceField(
        label=_("Required registrations or certificates"),
        choices=[c for c in CertificationKind.choices if c[0] != CertificationKind.OTHER],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only organisations with every ticked one qualify."),
    )

    class Meta:
        model = Opportunity
        fields = [
            "owner",
            "kind",
            "title",
            "description",
            "municipality",
            "value_eur",
            "deadline",
            "reserved_2_82",
            "min_tier",
            "target_groups",
            "certifications",
            "contact_name",
            "contact_email",
            "visibility",
            "state",
            "procurement_plan",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "visibility": forms.RadioSelect,
            "state": forms.RadioSelect,
        }
        help_texts = {
            "reserved_2_82": _(
                # xgettext:no-python-format
                "Only organisations with at least 30% of staff from the target groups "
                "(art. 2.82 Aanbestedingswet) qualify."
            ),
            "min_tier": _("Leave empty to match every organisation in the register."),
            "value_eur": _("Leave empty when unknown; size fit is then left out."),
        }

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        plans = plans_of(owners)
        if plans.exists() or self.instance.procurement_plan_id:
            field = self.fields["procurement_plan"]
            field.queryset = plans
            field.required = False
            field.label = _("Procurement plan")
            field.help_text = _(
                "For a municipal tender: the saved plan this opportunity announces."
            )
        else:
            del self.fields["procurement_plan"]
        self.fields["owner"].label = _("On behalf of")
        self.fields["owner"].empty_label = None
        self.fields["min_tier"].choices = [("", _("Any tier"))] + list(
            self.fields["min_tier"].choices
        )[1:]
        if self.instance.pk:
            del self.fields["state"]  # state changes go through the publish/close buttons
            self.initial.setdefault(
                "cpv", ", ".join(c.full_code for c in self.instance.cpv_codes.all())
            )
            self.initial.setdefault("sdgs", self.instance.sdg_numbers)
        else:
            self.fields["state"].choices = [
                (State.DRAFT, _("Save as draft")),
                (State.PUBLISHED, _("Publish now")),
            ]
            self.fields["state"].label = _("Publish")
            self.initial.setdefault("state", State.PUBLISHED)
        self.fields["kind"].choices = Kind.choices
        self.order_fields(
            [
                "owner",
                "kind",
                "title",
                "description",
                "cpv",
                "sdgs",
                "municipality",
                "value_eur",
                "deadline",
            ]
        )

    def clean(self):
        data = super().clean()
        plan = data.get("procurement_plan")
        owner = data.get("owner")
        if plan is not None and owner is not None and owner.municipality_id != plan.municipality_id:
            self.add_error("procurement_plan", _("Choose a plan of the owner's municipality."))
        return data

    def clean_cpv(self):
        found, unknown = parse_cpv(self.cleaned_data.get("cpv", ""))
        if unknown:
            raise forms.ValidationError(
                _("Unknown CPV code(s): %(codes)s. Use codes from CPV 2008, e.g. 90910000-9."),
                params={"codes": ", ".join(unknown)},
            )
        return found

    def clean_deadline(self):
        deadline = self.cleaned_data.get("deadline")
        changed = not self.instance.pk or deadline != self.instance.deadline
        if deadline and changed and deadline < timezone.localdate():
            raise forms.ValidationError(
                _("The deadline lies in the past. Choose today or a later date.")
            )
        return deadline

    def save(self, commit=True):
        opp = super().save(commit=False)
        opp.sdgs = {str(g.number): 1.0 for g in self.cleaned_data.get("sdgs") or []}
        return opp


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    cpv = forms.ChoiceField(label=_("CPV division"), required=False)
    region = forms.ChoiceField(label=_("Labour-market region"), required=False)
    sdg = forms.TypedChoiceField(label=_("SDG"), required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(label=_("State"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", _("All"))]
        self.fields["kind"].choices = anything + list(Kind.choices)
        self.fields["cpv"].choices = anything + [
            (c.division, f"{c.division} · {c.label}")
            for c in CpvCode.objects.filter(level="division")
        ]
        self.fields["region"].choices = anything + [
            (r.code, r.name) for r in LabourMarketRegion.objects.all()
        ]
        self.fields["sdg"].choices = anything + [(g.number, str(g)) for g in SdgGoal.objects.all()]
        self.fields["state"].choices = [
            ("", _("Open (published)")),
            ("all", _("All states")),
            (State.CLOSED, _("Closed")),
            (State.AWARDED, _("Awarded")),
        ]


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = DigestPreference
        fields = ["frequency"]
        widgets = {"frequency": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["frequency"].choices = Frequency.choices


def plans_of(owners):
    """Procurement plans of the municipalities among the owners (municipal staff only)."""
    from zicht.procurement.models import ProcurementPlan

    if owners is None:
        return ProcurementPlan.objects.none()
    municipalities = owners.filter(kind="municipality").values("municipality_id")
    return ProcurementPlan.objects.filter(municipality_id__in=municipalities).order_by(
        "-created_at"
    )
