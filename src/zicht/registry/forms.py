"""Forms of the register. Field errors name the rule so people can fix their input."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from zicht.core.widgets import FastSelect, FastSelectMultiple
from zicht.reference.models import CpvCode, LabourMarketRegion, Municipality, Province, SdgGoal

from . import selectors
from .models import (
    Certification,
    Organisation,
    OrganisationKind,
    SocialEnterpriseProfile,
    TargetGroup,
    Tier,
)
from .selectors import DirectoryQuery
from .validators import normalise_postcode, validate_kvk

YES_NO_ANY = [("", _("Any")), ("yes", _("Yes")), ("no", _("No"))]
SORT_CHOICES = [
    ("relevance", _("Relevance")),  # with words only; without, name (selectors.effective_sort)
    ("name", _("Name (A-Z)")),
    ("-updated", _("Recently updated")),
    ("-share", _("Target-group share (high to low)")),
    ("municipality", _("Municipality")),
]
IMPACT_CHOICES = [
    ("work_integration", _("Work integration")),
    ("products", _("Products or services with impact")),
    ("profit_redistribution", _("Profit redistribution")),
]


class DirectoryForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Name, trade name or words from the description."),
    )
    kind = forms.MultipleChoiceField(
        label=_("Kind of organisation"),
        required=False,
        choices=selectors.CHOICES["kind"],
        widget=forms.CheckboxSelectMultiple,
    )
    sdg = forms.TypedMultipleChoiceField(
        label=_("SDG"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    suggested = forms.BooleanField(
        label=_("Also count SDGs suggested by Zicht (not yet confirmed)"), required=False
    )
    cpv = forms.ChoiceField(label=_("Supplies (CPV division)"), required=False, widget=FastSelect)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False, widget=FastSelect)
    region = forms.ChoiceField(label=_("Labour-market region"), required=False, widget=FastSelect)
    province = forms.ChoiceField(label=_("Province"), required=False, widget=FastSelect)
    target_group = forms.MultipleChoiceField(
        label=_("Employs people from target group"),
        required=False,
        choices=[c for c in TargetGroup.choices if c[0] != "none"],
        widget=forms.CheckboxSelectMultiple,
    )
    impact = forms.MultipleChoiceField(
        label=_("Impact model"),
        required=False,
        choices=IMPACT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    tier = forms.MultipleChoiceField(
        label=_("Verification"),
        required=False,
        choices=Tier.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    eligible = forms.ChoiceField(
        label=_("Eligible for art. 2.82 reserved contracts"), required=False, choices=YES_NO_ANY
    )
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=SORT_CHOICES, initial="name"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        raw_sort = self.data.get("sort", "") if self.is_bound else None
        if raw_sort in ("", "relevance"):
            # Show the sort the results get: relevance with words, name without.
            self.data = self.data.copy()
            self.data["sort"] = selectors.effective_sort(self.data.get("q", ""), raw_sort)
        anything = [("", _("Any"))]
        self.fields["sdg"].choices = [(g.number, str(g)) for g in SdgGoal.objects.all()]
        self.fields["cpv"].choices = anything + [
            (c.division, f"{c.division} · {c.label}") for c in selectors.cpv_divisions()
        ]
        self.fields["municipality"].choices = anything + [
            (m.code, m.name) for m in Municipality.objects.only("code", "name")
        ]
        self.fields["region"].choices = anything + [
            (r.code, r.name) for r in LabourMarketRegion.objects.all()
        ]
        self.fields["province"].choices = anything + [
            (p.name, p.name) for p in Province.objects.all()
        ]

    def to_query(self) -> DirectoryQuery:
        d = self.cleaned_data
        return DirectoryQuery(
            q=d.get("q", ""),
            kind=d.get("kind", []),
            sdg=d.get("sdg", []),
            include_suggested_sdgs=bool(d.get("suggested")),
            cpv_division=d.get("cpv", ""),
            municipality=d.get("municipality", ""),
            region=d.get("region", ""),
            province=d.get("province", ""),
            target_group=d.get("target_group", []),
            impact_model=d.get("impact", []),
            tier=d.get("tier", []),
            eligible_2_82={"yes": True, "no": False}.get(d.get("eligible", "")),
            sort=d.get("sort") or "",
        )


class LinesField(forms.CharField):
    """One value per line (trade names)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value


class StartForm(forms.Form):
    kvk = forms.CharField(
        label=_("KvK number"),
        max_length=12,
        help_text=_("8 digits, as on your Chamber of Commerce extract."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=[c for c in OrganisationKind.choices if c[0] != "municipality"],
    )
    legal_name = forms.CharField(
        label=_("Legal name"),
        max_length=200,
        help_text=_("Only needed for a new organisation."),
        required=False,
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality of your address"),
        queryset=Municipality.objects.all(),
        required=False,
        to_field_name="code",
        widget=FastSelect,
        help_text=_("Only needed for a new organisation."),
    )

    def clean_kvk(self):
        kvk = re.sub(r"\s", "", self.cleaned_data["kvk"])
        validate_kvk(kvk)
        return kvk

    def clean(self):
        data = super().clean()
        kvk = data.get("kvk")
        if kvk and not Organisation.objects.filter(kvk=kvk).exists():
            for name in ("legal_name", "municipality"):
                if not data.get(name):
                    self.add_error(
                        name, _("Required for an organisation that is not in the register yet.")
                    )
        return data


class BasicsForm(forms.ModelForm):
    trade_names = LinesField(
        label=_("Trade names"),
        required=False,
        help_text=_("One per line; the first is shown as the name."),
    )

    class Meta:
        model = Organisation
        fields = ["kind", "legal_form", "legal_name", "trade_names", "website"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            c for c in OrganisationKind.choices if c[0] != "municipality"
        ]


class AddressForm(forms.ModelForm):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        to_field_name="code",
        widget=FastSelect,
    )

    class Meta:
        model = Organisation
        fields = [
            "street",
            "house_number",
            "postcode",
            "city",
            "municipality",
            "served_municipalities",
            "served_regions",
            "served_provinces",
            "serves_nationally",
        ]
        widgets = {
            "served_municipalities": FastSelectMultiple,
            "served_regions": forms.CheckboxSelectMultiple,
            "served_provinces": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "served_municipalities": _("Hold Ctrl (Cmd on a Mac) to select more than one."),
        }

    def clean_postcode(self):
        value = self.cleaned_data.get("postcode", "")
        return normalise_postcode(value) if value else value


class ActivitiesForm(forms.ModelForm):
    cpv = forms.CharField(
        label=_("What you supply (CPV codes)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "CPV codes separated by commas or new lines, e.g. 90910000-9 (cleaning services)."
        ),
    )
    sdgs = forms.ModelMultipleChoiceField(
        label=_("SDGs your organisation contributes to"),
        queryset=SdgGoal.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        to_field_name="number",
    )

    dismiss = forms.TypedMultipleChoiceField(
        label=_("Remove these suggestions"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick a suggested SDG above to confirm it, or here to remove it."),
    )

    class Meta:
        model = Organisation
        fields = ["description_nl", "description_en"]
        widgets = {
            "description_nl": forms.Textarea(attrs={"rows": 6}),
            "description_en": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "description_nl": _("Plain text, at most 5,000 characters."),
            "description_en": _("Plain text, at most 5,000 characters."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        suggestions = []
        if self.instance.pk:
            suggestions = self.instance.sdgs.filter(
                confirmed=False, dismissed=False
            ).select_related("goal")
        self.fields["dismiss"].choices = [(s.goal.number, str(s.goal)) for s in suggestions]
        if not suggestions:
            del self.fields["dismiss"]

    def clean_cpv(self):
        raw = [c for c in re.split(r"[\s,;]+", self.cleaned_data.get("cpv", "")) if c]
        codes, unknown = [], []
        for item in raw:
            digits = re.sub(r"\D", "", item)[:8]
            (codes if len(digits) == 8 else unknown).append(digits or item)
        found = {c.code: c for c in CpvCode.objects.filter(code__in=codes)}
        unknown += [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(
                _("Unknown CPV code(s): %(codes)s. Use codes from CPV 2008, e.g. 90910000-9."),
                params={"codes": ", ".join(unknown)},
            )
        return list(found.values())


class WorkforceForm(forms.ModelForm):
    """Aggregate FTE per target group: never data about individual people."""

    class Meta:
        model = SocialEnterpriseProfile
        fields = [
            "impact_work_integration",
            "impact_products",
            "impact_profit_redistribution",
            "revenue_share_trade",
            "total_fte",
            "workforce_year",
        ]

    def __init__(self, *args, figures=None, **kwargs):
        super().__init__(*args, **kwargs)
        figures = figures or {}
        for value, label in TargetGroup.choices:
            self.fields[f"fte_{value}"] = forms.DecimalField(
                label=label,
                required=False,
                min_value=Decimal(0),
                max_digits=9,
                decimal_places=2,
                initial=figures.get(value),
                help_text=_("FTE"),
            )

    def figures(self) -> dict[str, Decimal]:
        return {
            g: self.cleaned_data.get(f"fte_{g}") or Decimal(0) for g, _label in TargetGroup.choices
        }

    def clean(self):
        data = super().clean()
        from django.core.exceptions import ValidationError

        from .services import check_workforce

        try:
            check_workforce(data.get("total_fte"), self.figures())
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return data


ALLOWED_EVIDENCE = {  # content sniffed from the first bytes, not trusted from the name
    b"%PDF": "application/pdf",
    b"\x89PNG": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}


def sniff(file) -> str | None:
    head = file.read(8)
    file.seek(0)
    return next(
        (ctype for magic, ctype in ALLOWED_EVIDENCE.items() if head.startswith(magic)), None
    )


class CertificationForm(forms.ModelForm):
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("PDF, PNG or JPEG, at most %(size)s.")
        % {"size": filesizeformat(settings.EVIDENCE_MAX_BYTES)},
    )
    evidence_description = forms.CharField(
        label=_("What the file shows"), max_length=200, required=False
    )

    class Meta:
        model = Certification
        fields = ["kind", "name", "pso_level", "valid_until"]
        widgets = {"valid_until": forms.DateInput(attrs={"type": "date"})}

    def clean_evidence_file(self):
        file = self.cleaned_data.get("evidence_file")
        if not file:
            return file
        if file.size > settings.EVIDENCE_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s."),
                params={
                    "size": filesizeformat(file.size),
                    "limit": filesizeformat(settings.EVIDENCE_MAX_BYTES),
                },
            )
        ctype = sniff(file)
        if ctype is None:
            raise forms.ValidationError(_("Only PDF, PNG or JPEG files are accepted."))
        file.sniffed_type = ctype
        return file

    def clean(self):
        data = super().clean()
        if data.get("kind") == "pso" and not data.get("pso_level"):
            self.add_error("pso_level", _("Choose the PSO level."))
        if data.get("kind") == "pso" and not data.get("valid_until"):
            self.add_error("valid_until", _("A PSO certificate has an expiry date."))
        if data.get("kind") == "other" and not data.get("name"):
            self.add_error("name", _("Name the registration or certificate."))
        if data.get("evidence_file") and not data.get("evidence_description"):
            self.add_error("evidence_description", _("Say what the file shows."))
        return data


class DecisionForm(forms.Form):
    from .models import VerificationDecision as _VD

    decision = forms.ChoiceField(
        label=_("Decision"), choices=_VD.Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("The organisation reads this. Be specific."),
    )
