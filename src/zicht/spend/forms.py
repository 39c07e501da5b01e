from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from zicht.registry.models import Organisation

from .ingest import FIELDS, IngestError, resolve_mapping

ALLOWED_SUFFIXES = (".csv", ".txt", ".xlsx")
DEFAULT_MAX_BYTES = 200 * 1024 * 1024


def max_upload_bytes() -> int:
    return int(getattr(settings, "SPEND_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


class UploadForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=None, to_field_name="code", empty_label=None
    )
    source_system = forms.CharField(
        label=_("Source system"),
        max_length=80,
        help_text=_(
            "The finance system the file comes from, e.g. 'Key2Financiën' or 'Exact'. "
            "Zicht remembers your column mapping per source system."
        ),
    )
    file = forms.FileField(
        label=_("File of invoice lines (CSV or XLSX)"),
        help_text=_("One line per invoice line, with a header row."),
    )

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["file"].widget.attrs["accept"] = ",".join(ALLOWED_SUFFIXES)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in ALLOWED_SUFFIXES:
            raise ValidationError(
                _("'%(name)s' is not a CSV or XLSX file; export the invoice lines as CSV or XLSX."),
                params={"name": upload.name},
            )
        limit = max_upload_bytes()
        if upload.size > limit:
            raise ValidationError(
                _("The file is %(size)s; the largest file accepted is %(limit)s."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
        if upload.size == 0:
            raise ValidationError(_("The file is empty."))
        head = upload.read(4096)
        upload.seek(0)
        if suffix == ".xlsx" and not head.startswith(b"PK"):
            raise ValidationError(
                _("'%(name)s' is not a real XLSX file (it may be an old .xls or a renamed file)."),
                params={"name": upload.name},
            )
        if suffix != ".xlsx" and head.startswith((b"PK", b"\xd0\xcf\x11\xe0")):
            raise ValidationError(
                _("'%(name)s' does not look like a text (CSV) file."), params={"name": upload.name}
            )
        return upload


NOT_IN_FILE = ""


class MappingForm(forms.Form):
    """One choice per canonical field: which column of the file feeds it."""

    def __init__(self, *args, headers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = headers
        choices = [(NOT_IN_FILE, _("(not in the file)")), *[(h, h) for h in headers]]
        for f in FIELDS:
            self.fields[f.name] = forms.ChoiceField(
                label=_(f.label), choices=choices, required=False
            )

    def mapping(self) -> dict[str, str]:
        return {
            f.name: self.cleaned_data.get(f.name) for f in FIELDS if self.cleaned_data.get(f.name)
        }

    def clean(self):
        data = super().clean()
        mapping = {f.name: data.get(f.name) for f in FIELDS if data.get(f.name)}
        used: dict[str, str] = {}
        for name, header in mapping.items():
            if header in used:
                self.add_error(
                    name,
                    _("The column '%(header)s' is already used for another field.")
                    % {"header": header},
                )
            used[header] = name
        try:
            resolve_mapping(self.headers, mapping)
        except IngestError as exc:
            raise ValidationError(str(exc)) from exc
        return data


class ImportForm(forms.Form):
    accept_valid = forms.BooleanField(
        label=_("Leave out the rejected rows and import the valid rows"), required=False
    )
    overlap = forms.ChoiceField(
        label=_("The period overlaps earlier imports"),
        choices=[
            ("replace", _("Replace the earlier lines in this period")),
            ("cancel", _("Cancel this import")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, needs_accept: bool, needs_overlap: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_accept, self.needs_overlap = needs_accept, needs_overlap
        if not needs_accept:
            del self.fields["accept_valid"]
        else:
            self.fields["accept_valid"].required = True
        if not needs_overlap:
            del self.fields["overlap"]
        else:
            self.fields["overlap"].required = True


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("confirm", "confirm"), ("reject", "reject"), ("other", "other")],
        widget=forms.HiddenInput,
    )
    kvk = forms.CharField(
        label=_("KvK number of another organisation"), required=False, max_length=8
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == "other":
            kvk = (data.get("kvk") or "").strip()
            org = Organisation.objects.filter(kvk=kvk).first() if kvk else None
            if org is None:
                self.add_error("kvk", _("No organisation in the register has this KvK number."))
            data["organisation"] = org
        return data


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise ValidationError(_("The start date is after the end date."))
        return data
