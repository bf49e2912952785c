from datetime import date

from cryptography import x509
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orgs.models import Unit
from portfolio import classification
from portfolio.access import can_manage, editable_units
from portfolio.flags import GRADE_ORDER
from portfolio.models import Application, Disposition, OverlapGroup, PortfolioSettings, Service
from portfolio.netguard import check_url, parse_networks

MIN_PROBE_MINUTES, MAX_PROBE_MINUTES = 5, 7 * 24 * 60


def national_choices() -> list:
    return [("", "—")] + [(a.code, f"{a.name} ({a.owner})") for a in classification.national_apps()]


def validate_url(value: str) -> str:
    value = value.strip()
    problem = check_url(value) if value else None
    if problem:
        raise forms.ValidationError(problem)
    return value


class ApplicationForm(forms.ModelForm):
    raa_code = forms.ChoiceField(label=gettext_lazy("Klasifikasi aplikasi (RAA)"), required=False)
    ral_code = forms.ChoiceField(label=gettext_lazy("Area layanan (RAL)"), required=False)

    class Meta:
        model = Application
        fields = [
            "name",
            "purpose",
            "owner_unit",
            "user_units",
            "url",
            "other_urls",
            "raa_code",
            "ral_code",
            "services",
            "lifecycle",
            "hosting",
            "integration",
            "personal_data",
            "developer",
            "year_built",
            "last_updated",
            "contact",
            "probe_enabled",
            "probe_minutes",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "other_urls": forms.Textarea(attrs={"rows": 2}),
            "services": forms.Textarea(attrs={"rows": 2}),
            "user_units": forms.SelectMultiple(attrs={"size": 6}),
            "last_updated": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, institution, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.institution = institution
        self.fields["raa_code"].choices = classification.raa_choices()
        self.fields["ral_code"].choices = classification.ral_choices()
        self.fields["owner_unit"].queryset = editable_units(user, institution)
        # Only the admin may leave an application without owner (it is then flagged).
        self.fields["owner_unit"].required = not can_manage(user, institution)
        self.fields["user_units"].queryset = Unit.objects.filter(institution=institution, is_active=True)
        self.fields["user_units"].required = False

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        taken = Application.objects.filter(institution=self.institution, name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Nama aplikasi ini sudah dipakai di instansi ini."))
        return name

    def clean_url(self):
        return validate_url(self.cleaned_data["url"])

    def clean_other_urls(self):
        lines = [line.strip() for line in self.cleaned_data["other_urls"].splitlines() if line.strip()]
        for line in lines:
            validate_url(line)
        return "\n".join(lines)

    def clean_year_built(self):
        year = self.cleaned_data["year_built"]
        if year is not None and not 1970 <= year <= date.today().year:
            raise forms.ValidationError(_("Tahun harus antara 1970 dan tahun ini."))
        return year

    def clean_probe_minutes(self):
        minutes = self.cleaned_data["probe_minutes"]
        if not MIN_PROBE_MINUTES <= minutes <= MAX_PROBE_MINUTES:
            raise forms.ValidationError(
                _("Jadwal probe antara %(min)d menit dan %(max)d menit (seminggu).")
                % {"min": MIN_PROBE_MINUTES, "max": MAX_PROBE_MINUTES}
            )
        return minutes

    def save(self, commit=False):
        application = super().save(commit=False)
        application.institution = self.institution
        return application


class SettingsForm(forms.ModelForm):
    min_grade = forms.ChoiceField(
        label=gettext_lazy("Nilai header minimal"), choices=[(g, g) for g in GRADE_ORDER]
    )

    class Meta:
        model = PortfolioSettings
        fields = [
            "allowed_networks",
            "trusted_ca_pem",
            "default_probe_minutes",
            "unreachable_days",
            "stale_months",
            "cert_warning_days",
            "min_grade",
        ]
        widgets = {
            "allowed_networks": forms.Textarea(attrs={"rows": 3}),
            "trusted_ca_pem": forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        }

    def clean_allowed_networks(self):
        text = self.cleaned_data["allowed_networks"]
        try:
            networks = parse_networks(text)
        except ValueError as exc:
            raise forms.ValidationError(_("Jaringan tidak sah: %(error)s") % {"error": exc})
        too_wide = [str(n) for n in networks if n.prefixlen < (8 if n.version == 4 else 16)]
        if too_wide:
            raise forms.ValidationError(
                _("Jaringan terlalu luas: %(nets)s. Izinkan hanya jaringan internal instansi.")
                % {"nets": ", ".join(too_wide)}
            )
        return "\n".join(str(n) for n in networks)

    def clean_trusted_ca_pem(self):
        text = self.cleaned_data["trusted_ca_pem"].strip()
        if not text:
            return ""
        try:
            certificates = x509.load_pem_x509_certificates(text.encode())
        except ValueError:
            raise forms.ValidationError(_("Bukan sertifikat PEM (-----BEGIN CERTIFICATE-----) yang sah."))
        for cert in certificates:
            try:
                is_ca = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
            except x509.ExtensionNotFound:
                is_ca = False
            if not is_ca:
                raise forms.ValidationError(
                    _("Sertifikat %(subject)s bukan sertifikat CA.")
                    % {"subject": cert.subject.rfc4514_string()}
                )
        return text + "\n"


class DispositionForm(forms.ModelForm):
    national_code = forms.ChoiceField(label=gettext_lazy("Aplikasi nasional pengganti"), required=False)

    class Meta:
        model = Disposition
        fields = ["decision", "national_code", "rationale", "target_date", "status", "completed_on"]
        widgets = {
            "rationale": forms.Textarea(attrs={"rows": 3}),
            "target_date": forms.DateInput(attrs={"type": "date"}),
            "completed_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["national_code"].choices = national_choices()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == Disposition.REPLACE and not cleaned.get("national_code"):
            self.add_error("national_code", _("Pilih aplikasi nasional penggantinya."))
        return cleaned


class ServiceForm(forms.ModelForm):
    link = forms.URLField(label=gettext_lazy("Tautan layanan"), max_length=500, assume_scheme="https")

    class Meta:
        model = Service
        fields = [
            "name",
            "slug",
            "category",
            "owner_unit",
            "application",
            "link",
            "description",
            "requirements",
            "sso",
            "sort_order",
            "internal_notes",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "requirements": forms.Textarea(attrs={"rows": 3}),
            "internal_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, institution, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.institution = institution
        self.fields["owner_unit"].queryset = editable_units(user, institution)
        self.fields["application"].queryset = Application.objects.for_institution(institution)
        self.fields["application"].required = False

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        taken = Service.objects.filter(institution=self.institution, slug=slug)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Kode ini sudah dipakai layanan lain."))
        return slug

    def save(self, commit=False):
        service = super().save(commit=False)
        service.institution = self.institution
        return service


class OverlapDecisionForm(forms.Form):
    status = forms.ChoiceField(choices=OverlapGroup.STATUSES)
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
