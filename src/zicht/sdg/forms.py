from django import forms
from django.utils.translation import gettext_lazy as _

from zicht.reference.models import Municipality, SdgGoal


class MunicipalityChoiceForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.all(), to_field_name="code"
    )


class PolicyTextForm(forms.Form):
    text = forms.CharField(
        label=_("Policy goals"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        help_text=_(
            "Paste or type the goals from your coalition agreement, programme or policy plan."
        ),
    )


class PrioritiesForm(forms.Form):
    goals = forms.ModelMultipleChoiceField(
        label=_("Priority SDGs of the municipality"),
        queryset=SdgGoal.objects.all(),
        to_field_name="number",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
