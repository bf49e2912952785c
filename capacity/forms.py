from django import forms
from django.utils.translation import gettext_lazy as _

from capacity.catalogue import catalogue
from capacity.models import Certification, Programme, Staff, TrainingSession
from capacity.nip import SEPARATORS
from orgs.models import Unit


class DateInput(forms.DateInput):
    input_type = "date"


def area_field():
    return forms.MultipleChoiceField(
        label=_("Bidang kompetensi"),
        choices=lambda: [(a.code, a.name) for a in catalogue().areas],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pilih minimal satu bidang kompetensi.")},
    )


def apply_error(form, exc) -> None:
    """Show a service refusal on its field when the form has that field, above the form otherwise."""
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))


class UnitScopedForm(forms.ModelForm):
    """A form whose `unit` choices are the units the user may edit (`unit_ids`, None = all)."""

    def __init__(self, *args, institution, unit_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.institution, self.unit_ids = institution, unit_ids
        units = Unit.objects.filter(institution=institution, is_active=True)
        if unit_ids is not None:
            units = units.filter(pk__in=unit_ids)
        self.fields["unit"].queryset = units
        if unit_ids is not None and len(unit_ids) == 1 and not self.instance.pk:
            self.fields["unit"].initial = next(iter(unit_ids))

    def validate_unique(self):
        pass  # services check uniqueness with a clear message; the database constraint stays the guard


class StaffForm(UnitScopedForm):
    # Typed as people write it ("19850312 201001 1 003"); the services keep the 18 digits.
    nip = forms.CharField(
        label=_("NIP"),
        max_length=40,
        required=False,
        help_text=_("18 digit; kosong untuk non-ASN"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Staff
        fields = ["name", "nip", "employment", "position", "unit", "digital_role", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.institution = self.institution

    def clean_nip(self):
        return "".join(ch for ch in self.cleaned_data["nip"] if ch not in SEPARATORS)


class ProgrammeForm(UnitScopedForm):
    areas = area_field()

    class Meta:
        model = Programme
        fields = ["title", "organiser", "areas", "unit", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.institution = self.institution
        # Unit people run programmes of their own unit; only the admin runs institution-wide ones.
        self.fields["unit"].required = self.unit_ids is not None


class SessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["title", "starts_on", "ends_on", "hours", "mode", "location"]
        widgets = {"starts_on": DateInput, "ends_on": DateInput}


class CertificationForm(forms.ModelForm):
    areas = area_field()
    upload = forms.FileField(label=_("Berkas sertifikat (PDF atau gambar)"), required=False)

    class Meta:
        model = Certification
        fields = ["name", "issuer", "number", "areas", "issued_on", "expires_on"]
        widgets = {"issued_on": DateInput, "expires_on": DateInput}


class FileForm(forms.Form):
    file = forms.FileField(label=_("Berkas"), error_messages={"required": _("Pilih berkas untuk diunggah.")})
