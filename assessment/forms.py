from django import forms
from django.utils.translation import gettext_lazy as _

from assessment.models import Campaign
from instrument.models import FrameworkVersion, Indicator
from orgs.models import Unit


class DateInput(forms.DateInput):
    input_type = "date"


class CampaignForm(forms.ModelForm):
    units = forms.ModelMultipleChoiceField(
        label=_("Unit peserta"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pilih minimal satu unit peserta.")},
    )
    indicators = forms.TypedMultipleChoiceField(
        label=_("Indikator yang dicek ulang (khusus cek berkala)"),
        help_text=_(
            "Cek berkala hanya menanyakan indikator yang dipilih di sini, kepada unit peserta sesuai "
            "matriks tanggung jawab. Kosongkan untuk penilaian mandiri lengkap."
        ),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Campaign
        fields = [
            "name",
            "year",
            "kind",
            "framework_version",
            "opens_on",
            "unit_deadline",
            "verification_starts_on",
            "verification_ends_on",
            "closes_on",
            "copied_from",
        ]
        widgets = {
            "opens_on": DateInput,
            "verification_starts_on": DateInput,
            "verification_ends_on": DateInput,
            "closes_on": DateInput,
            "unit_deadline": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }
        labels = {"copied_from": _("Salin matriks tanggung jawab dari")}

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.institution = institution
        self.instance.institution = institution
        self.fields["units"].queryset = Unit.objects.filter(institution=institution, is_active=True)
        self.fields["framework_version"].queryset = FrameworkVersion.objects.current().select_related(
            "framework"
        )
        self.fields["copied_from"].queryset = Campaign.objects.filter(institution=institution)
        self.fields["copied_from"].required = False
        self.fields["unit_deadline"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["indicators"].choices = self._indicator_choices()

    def _indicator_choices(self):
        """Indicators of every current framework version, grouped by version."""
        groups: dict[int, tuple[str, list]] = {}
        for version in self.fields["framework_version"].queryset:
            groups[version.pk] = (str(version), [])
        indicators = Indicator.objects.filter(version_id__in=groups).order_by("version_id", "number")
        for indicator in indicators.only("pk", "version_id", "number", "code", "name"):
            groups[indicator.version_id][1].append((indicator.pk, f"{indicator.label} · {indicator.name}"))
        return list(groups.values())

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Campaign.objects.filter(institution=self.institution, name__iexact=name).exists():
            raise forms.ValidationError(_("Periode dengan nama ini sudah ada."))
        return name

    def clean(self):
        data = super().clean()
        order = [
            ("opens_on", _("dibuka")),
            ("unit_deadline", _("batas pengisian unit")),
            ("verification_starts_on", _("verifikasi mulai")),
            ("verification_ends_on", _("verifikasi selesai")),
            ("closes_on", _("ditutup")),
        ]
        previous = None
        for key, label in order:
            value = data.get(key)
            if value is None:
                continue
            day = value.date() if hasattr(value, "date") and callable(value.date) else value
            if previous and day < previous[1]:
                self.add_error(
                    key,
                    _("Tanggal %(this)s tidak boleh sebelum %(prev)s.")
                    % {"this": label, "prev": previous[0]},
                )
            previous = (label, day)
        source = data.get("copied_from")
        version = data.get("framework_version")
        if source and version and source.framework_version.framework_id != version.framework_id:
            self.add_error("copied_from", _("Periode sumber memakai instrumen lain."))
        self._clean_indicators(data, version)
        return data

    def _clean_indicators(self, data, version) -> None:
        """A periodic check names the indicators it re-checks, all of the chosen framework version;
        a full self-assessment asks every indicator, so it names none."""
        chosen = data.get("indicators") or []
        if data.get("kind") != Campaign.PERIODIC:
            if chosen:
                self.add_error(
                    "indicators",
                    _("Pilihan indikator hanya untuk cek berkala; penilaian lengkap memuat semua."),
                )
            data["indicators"] = []
            return
        if not chosen:
            self.add_error("indicators", _("Cek berkala perlu minimal satu indikator yang dicek ulang."))
            return
        if version is None:
            return
        picked = list(Indicator.objects.filter(pk__in=chosen, version=version).order_by("number"))
        if len(picked) != len(set(chosen)):
            self.add_error(
                "indicators",
                _("Indikator yang dipilih harus dari instrumen %(version)s.") % {"version": version},
            )
            return
        data["indicators"] = picked

    def validate_unique(self):
        pass  # the name is checked in clean_name with a clear message


class AnswerForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Level"), coerce=int, required=False, empty_value=None)
    fakta = forms.CharField(label=_("FAKTA"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    analisis = forms.CharField(label=_("ANALISIS"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, level_names: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", _("— pilih level —"))] + [
            (int(k), f"{k} · {v}") for k, v in level_names.items()
        ]
        self.fields["level"].error_messages["invalid_choice"] = _("Level %(value)s tidak ada dalam skala.")


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}))


class ExtendForm(ReasonForm):
    deadline = forms.DateTimeField(
        label=_("Batas baru"),
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
