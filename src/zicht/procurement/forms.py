"""Forms of the procurement pages. Every bad input is a field error; nothing is stored then."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from zicht.reference.models import Municipality
from zicht.registry.forms import sniff
from zicht.registry.models import Organisation
from zicht.registry.validators import validate_kvk

from .advisor import AdviceError, parse_case
from .models import Contract, Delivery, ProcurementType

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_AMOUNT = Decimal("10000000")  # a single invoice above € 10 million is not plausible here
MAX_HOURS = Decimal("10000")


def advice_error_field(message: str) -> str | None:
    """Which form field an advisor error is about (the engine names its input keys)."""
    low = message.lower()
    for needle, name in (
        ("delivery municipality", "delivery_municipality"),
        ("municipality", "municipality"),
        ("value_eur", "value_eur"),
        ("duration_months", "duration_months"),
        ("cpv", "cpv"),
        ("unknown type", "type"),
        ("date", "date"),
    ):
        if needle in low:
            return name
    return None


class AdviceForm(forms.Form):
    """The planned purchase: the CASE.json fields of the advisor."""

    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        to_field_name="code",
        empty_label=None,
    )
    date = forms.DateField(
        label=_("Planned publication date"), widget=DATE, help_text=_("Decides which rules apply.")
    )
    type = forms.ChoiceField(label=_("Type of purchase"), choices=ProcurementType.choices)
    value_eur = forms.DecimalField(
        label=_("Estimated value excl. VAT (EUR)"),
        decimal_places=2,
        help_text=_("Over the whole term, including options."),
    )
    duration_months = forms.IntegerField(label=_("Duration (months)"))
    cpv = forms.CharField(
        label=_("CPV codes"),
        max_length=200,
        help_text=_("One or more codes with check digit, e.g. 90910000-9, separated by commas."),
    )
    delivery_municipality = forms.CharField(
        label=_("Delivery municipality (CBS code)"),
        required=False,
        max_length=6,
        help_text=_("Where the work is delivered, e.g. GM0344. Empty: the municipality itself."),
    )

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if municipalities is not None:
            self.fields["municipality"].queryset = municipalities

    def case(self) -> dict:
        d = self.cleaned_data
        case = {
            "municipality": d["municipality"].code,
            "date": d["date"].isoformat(),
            "type": d["type"],
            "value_eur": float(d["value_eur"]),
            "duration_months": d["duration_months"],
            "cpv": [c for c in re.split(r"[\s,;]+", d["cpv"]) if c],
        }
        if d.get("delivery_municipality"):
            case["delivery_municipality"] = d["delivery_municipality"].strip().upper()
        return case

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            parse_case(self.case())
        except AdviceError as exc:
            for message in exc.errors:
                name = advice_error_field(message)
                self.add_error(name if name in self.fields else None, message)
        return data


class PlanForm(AdviceForm):
    title = forms.CharField(label=_("Title of the plan"), max_length=200)
    reserved_2_82 = forms.BooleanField(
        label=_("Reserve this contract under art. 2.82"),
        required=False,
        help_text=_("Only when several eligible organisations can compete."),
    )


class ContractForm(forms.ModelForm):
    supplier_kvk = forms.CharField(
        label=_("Supplier's KvK number"),
        max_length=8,
        validators=[validate_kvk],
        help_text=_("8 digits. We look the supplier up in the register."),
    )
    new_supplier_name = forms.CharField(
        label=_("Name of a new supplier"),
        max_length=200,
        required=False,
        help_text=_("Only when the KvK number is not in the register yet: we add it as a draft."),
    )
    new_supplier_kind = forms.ChoiceField(
        label=_("Kind of the new supplier"), required=False, choices=()
    )

    class Meta:
        model = Contract
        fields = ["value_eur", "start", "end", "sroi_obligation_eur", "deadline"]
        widgets = {"start": DATE, "end": DATE, "deadline": DATE}

    def __init__(self, *args, plan=None, **kwargs):
        from .services import SUPPLIER_KINDS

        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["new_supplier_kind"].choices = SUPPLIER_KINDS
        self.supplier = None

    def clean(self):
        data = super().clean()
        kvk = data.get("supplier_kvk")
        if kvk:
            self.supplier = Organisation.objects.filter(kvk=kvk).first()
            if self.supplier is None and not data.get("new_supplier_name"):
                self.add_error(
                    "new_supplier_name",
                    _("KvK %(kvk)s is not in the register: give the supplier's name to add it.")
                    % {"kvk": kvk},
                )
            elif self.supplier is not None and self.supplier.kind == "municipality":
                self.add_error("supplier_kvk", _("A municipality cannot be the supplier."))
        start, end, deadline = data.get("start"), data.get("end"), data.get("deadline")
        if start and end and end < start:
            self.add_error("end", _("The contract cannot end before it starts."))
        if start and deadline and deadline < start:
            self.add_error("deadline", _("The SROI deadline cannot be before the contract starts."))
        value, obligation = data.get("value_eur"), data.get("sroi_obligation_eur")
        if value is not None and value > Decimal("1000000000"):
            self.add_error("value_eur", _("This value is implausibly large."))
        if value is not None and obligation is not None and obligation > value:
            self.add_error(
                "sroi_obligation_eur", _("The SROI obligation cannot exceed the contract value.")
            )
        return data


class PlacementForm(forms.ModelForm):
    ATTRIBUTES = [
        ("50+", _("50 or older")),
        ("55+", _("55 or older")),
        ("statushouder", _("Statushouder")),
    ]
    attributes = forms.MultipleChoiceField(
        label=_("Bonus attributes"),
        choices=ATTRIBUTES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_group = forms.ChoiceField(label=_("Target group"), choices=())

    class Meta:
        model = Delivery
        fields = [
            "reference",
            "target_group",
            "fte",
            "hours_per_week",
            "start",
            "end",
            "contract_type",
            "attributes",
        ]
        widgets = {"start": DATE, "end": DATE}
        help_texts = {"fte": _("Either FTE or hours per week.")}

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_group"].choices = [("", "---------"), *groups]
        for name in ("reference", "start", "end", "contract_type"):
            self.fields[name].required = True

    def clean(self):
        data = super().clean()
        fte, hours = data.get("fte"), data.get("hours_per_week")
        if "fte" not in self.errors and "hours_per_week" not in self.errors:
            if fte is None and hours is None:
                self.add_error("fte", _("Give the FTE or the hours per week."))
            elif fte is not None and hours is not None:
                self.add_error("hours_per_week", _("Give either FTE or hours per week, not both."))
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The placement cannot end before it starts."))
        return data


class PurchaseForm(forms.ModelForm):
    social_enterprise_kvk = forms.CharField(
        label=_("KvK number of the social enterprise"),
        max_length=8,
        validators=[validate_kvk],
        help_text=_("The organisation you bought from, as in the register."),
    )

    class Meta:
        model = Delivery
        fields = ["invoice_ref", "invoice_date", "amount_excl_vat_eur"]
        widgets = {"invoice_date": DATE}

    field_order = ["social_enterprise_kvk", "invoice_ref", "invoice_date", "amount_excl_vat_eur"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("invoice_ref", "invoice_date", "amount_excl_vat_eur"):
            self.fields[name].required = True

    def clean_social_enterprise_kvk(self):
        kvk = self.cleaned_data["social_enterprise_kvk"]
        org = Organisation.objects.filter(kvk=kvk).first()
        if org is None:
            raise forms.ValidationError(_("No organisation with this KvK number in the register."))
        self.cleaned_data["social_enterprise"] = org
        return kvk

    def clean_invoice_ref(self):
        ref = self.cleaned_data["invoice_ref"].strip()
        if not any(ch.isalnum() for ch in ref):
            raise forms.ValidationError(_("Give the invoice number."))
        return ref

    def clean_amount_excl_vat_eur(self):
        amount = self.cleaned_data["amount_excl_vat_eur"]
        if amount <= 0:
            raise forms.ValidationError(_("The amount must be more than € 0."))
        if amount > MAX_AMOUNT:
            raise forms.ValidationError(_("This amount is implausibly large for one invoice."))
        return amount


class OtherEffortForm(forms.ModelForm):
    class Meta:
        model = Delivery
        fields = ["on", "hours", "description"]
        widgets = {"on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].required = True

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if hours <= 0:
            raise forms.ValidationError(_("The hours must be more than 0."))
        if hours > MAX_HOURS:
            raise forms.ValidationError(_("This number of hours is implausibly large."))
        return hours


DELIVERY_FORMS = {
    Delivery.Kind.PLACEMENT: PlacementForm,
    Delivery.Kind.PURCHASE: PurchaseForm,
    Delivery.Kind.OTHER: OtherEffortForm,
}


def delivery_data(form: forms.ModelForm) -> dict:
    """The model-field values of a valid delivery form."""
    data = {k: v for k, v in form.cleaned_data.items() if k in form._meta.fields}
    if isinstance(form, PurchaseForm):
        data["social_enterprise"] = form.cleaned_data["social_enterprise"]
    return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Delivery.State.ACCEPTED, _("Accept")),
            (Delivery.State.REJECTED, _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The supplier reads this."),
    )
    evidence = forms.FileField(
        label=_("Evidence (optional)"),
        required=False,
        help_text=_("PDF, PNG or JPEG, at most %(size)s.")
        % {"size": filesizeformat(settings.EVIDENCE_MAX_BYTES)},
    )

    def clean_evidence(self):
        file = self.cleaned_data.get("evidence")
        if not file:
            return file
        if file.size > settings.EVIDENCE_MAX_BYTES or sniff(file) is None:
            raise forms.ValidationError(
                _("Only PDF, PNG or JPEG files up to %(size)s are accepted.")
                % {"size": filesizeformat(settings.EVIDENCE_MAX_BYTES)}
            )
        return file
