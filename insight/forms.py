from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insight.models import Action, MentoringSession
from insight.sources import KIND_LABELS, KINDS
from instrument.models import Framework, Indicator
from orgs.models import Role


class DateInput(forms.DateInput):
    """The browser's date picker, which takes and gives ISO dates whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 - Django's argument name
        super().__init__(attrs, format=format)


def parse_decimal(text) -> Decimal:
    """A number as Indonesians write it (4,08) or with a dot (4.08)."""
    try:
        value = Decimal(str(text).strip().replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise forms.ValidationError(_("Bukan angka: %(v)s") % {"v": text}) from None
    if not value.is_finite():
        raise forms.ValidationError(_("Bukan angka: %(v)s") % {"v": text})
    return value


def parse_series(text: str) -> dict[int, Decimal]:
    """'3,50 / 2,70 / 2,27 / 3,89' -> {1: 3.50, 2: 2.70, ...}, in the order published."""
    parts = [p for p in (text or "").replace(";", "/").split("/") if p.strip()]
    return {n: parse_decimal(p) for n, p in enumerate(parts, start=1)}


class PlannerForm(forms.Form):
    """The planner's question, sent by GET (a plan changes nothing)."""

    periode = forms.TypedChoiceField(label=_("Periode"), coerce=int)
    dasar = forms.ChoiceField(label=_("Dari level"), choices=[(k, KIND_LABELS[k]) for k in KINDS])
    predikat = forms.ChoiceField(label=_("Target predikat"), required=False)
    nilai = forms.CharField(
        label=_("atau target indeks"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )
    usaha = forms.BooleanField(label=_("Minimalkan perkiraan usaha (bukan jumlah langkah)"), required=False)

    def __init__(self, data, campaigns, predicates):
        super().__init__(data)
        self.fields["periode"].choices = [
            (c.pk, f"{c.name} ({c.framework_version.short_title})") for c in campaigns
        ]
        self.fields["predikat"].choices = [("", "—")] + [(p, p) for p in predicates]

    def clean(self):
        data = super().clean()
        if data.get("nilai"):
            data["target"] = parse_decimal(data["nilai"])
        elif data.get("predikat"):
            data["target"] = data["predikat"]
        else:
            raise forms.ValidationError(_("Pilih predikat atau isi nilai indeks target."))
        return data


class EffortForm(forms.Form):
    def __init__(self, *args, indicators, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            self.fields[f"e{indicator.number}"] = forms.IntegerField(
                label=f"{indicator.label} {indicator.short_name}",
                required=False,
                min_value=0,
                max_value=100000,
                initial=current.get(indicator.number),
                widget=forms.NumberInput(attrs={"size": 5}),
            )

    def efforts(self) -> dict[int, int | None]:
        return {i.number: self.cleaned_data.get(f"e{i.number}") for i in self.indicators}

    def rows(self):
        return [(i, self[f"e{i.number}"]) for i in self.indicators]


class OfficialResultForm(forms.Form):
    framework = forms.ModelChoiceField(label=_("Instrumen"), queryset=Framework.objects.all())
    year = forms.IntegerField(label=_("Tahun"), min_value=2015, max_value=2100)
    index = forms.CharField(label=_("Indeks (seperti diterbitkan)"), max_length=10)
    predicate = forms.CharField(label=_("Predikat (seperti diterbitkan)"), max_length=40)
    domains = forms.CharField(
        label=_("Nilai domain, berurutan"),
        required=False,
        max_length=200,
        help_text=_("Mis. 4,70 / 3,50 / 3,09 / 4,57"),
    )
    aspects = forms.CharField(label=_("Nilai aspek, berurutan"), required=False, max_length=300)
    source = forms.CharField(label=_("Sumber"), required=False, max_length=300)

    def clean_index(self):
        value = parse_decimal(self.cleaned_data["index"])
        if not Decimal(0) < value <= Decimal(5):
            raise forms.ValidationError(_("Indeks harus antara 0 dan 5."))
        return value

    def clean_domains(self):
        return parse_series(self.cleaned_data["domains"])

    def clean_aspects(self):
        return parse_series(self.cleaned_data["aspects"])


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas CSV atau Excel (.xlsx)"))


class PlanForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    campaign = forms.ModelChoiceField(label=_("Periode asal"), queryset=None)
    title = forms.CharField(label=_("Judul"), max_length=200)
    target = forms.CharField(label=_("Sasaran"), max_length=200, required=False)

    def __init__(self, *args, units, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["campaign"].queryset = campaigns


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["indicator", "target_level", "title", "description", "owner", "due_on"]
        widgets = {"due_on": DateInput, "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        version = plan.campaign.framework_version
        self.fields["indicator"].queryset = Indicator.objects.filter(version=version).self_assessed()
        self.fields["target_level"] = forms.TypedChoiceField(
            label=_("Level sasaran"), coerce=int, choices=[(n, n) for n in version.level_range]
        )
        self.fields["owner"].queryset = (
            get_user_model()
            .objects.filter(
                memberships__unit=plan.unit, memberships__role__in=[Role.UNIT_OPERATOR, Role.UNIT_HEAD]
            )
            .distinct()
        )
        self.fields["owner"].required = False
        if not self.initial.get("due_on") and not self.instance.pk:
            self.initial["due_on"] = timezone.localdate() + timedelta(days=30)


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Action.STATUSES)
    progress_note = forms.CharField(
        label=_("Catatan kemajuan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class SessionForm(forms.ModelForm):
    files = MultipleFileField(label=_("Berkas (notulen, daftar hadir, foto)"), required=False)

    class Meta:
        model = MentoringSession
        fields = ["held_on", "attendees", "notes"]
        widgets = {
            "held_on": DateInput,
            "attendees": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class FromPlanForm(forms.Form):
    """Turn chosen planner steps into actions. A step is sent as '<indicator number>:<level>:<unit id>'."""

    steps = forms.MultipleChoiceField(label=_("Langkah"), widget=forms.CheckboxSelectMultiple)
    due_on = forms.DateField(label=_("Tenggat aksi"), widget=DateInput)
    target = forms.CharField(label=_("Sasaran rencana"), required=False, max_length=200)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["steps"].choices = choices
        self.initial.setdefault("due_on", timezone.localdate() + timedelta(days=60))


class PeriodicCheckForm(forms.Form):
    actions = forms.MultipleChoiceField(label=_("Aksi yang dicek ulang"), widget=forms.CheckboxSelectMultiple)
    name = forms.CharField(label=_("Nama cek berkala"), max_length=200)
    unit_deadline = forms.DateTimeField(
        label=_("Batas pengisian unit"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions"].choices = [(a.pk, str(a.pk)) for a in actions]
        today = timezone.localdate()
        self.initial.setdefault("name", _("Cek berkala %(date)s") % {"date": today.strftime("%d-%m-%Y")})
        self.initial.setdefault(
            "unit_deadline", (timezone.localtime() + timedelta(days=14)).strftime("%Y-%m-%dT16:00")
        )
