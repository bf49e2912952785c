from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from orgs.models import UNIT_ROLES, Institution, Role, Unit

LOGO_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}
LOGO_MAX_BYTES = 1024 * 1024


class InstitutionForm(forms.ModelForm):
    class Meta:
        model = Institution
        fields = [
            "name",
            "slug",
            "kind",
            "region_code",
            "time_zone",
            "require_2fa",
            "evidence_max_mb",
            "logo",
        ]
        error_messages = {
            "name": {"unique": _("Instansi dengan nama ini sudah ada.")},
            "slug": {"unique": _("Kode singkat ini sudah dipakai instansi lain.")},
        }
        help_texts = {"logo": _("PNG, JPEG atau WebP, paling besar 1 MB; dipakai sebagai kop Berita Acara.")}

    def clean_evidence_max_mb(self):
        value = self.cleaned_data["evidence_max_mb"]
        ceiling = settings.EVIDENCE_MAX_MB
        if value > ceiling:
            raise forms.ValidationError(
                _("Batas ukuran paling besar %(max)s MB (ketentuan platform).") % {"max": ceiling}
            )
        return value

    def clean_logo(self):
        """Checked by content, not by name; SVG is refused (it can carry scripts)."""
        logo = self.cleaned_data.get("logo")
        if not logo or not hasattr(logo, "content_type"):
            return logo  # unchanged or cleared
        import magic

        if logo.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("Logo terlalu besar (paling besar 1 MB)."))
        head = logo.read(2048)
        logo.seek(0)
        detected = magic.from_buffer(head, mime=True)
        if detected not in LOGO_TYPES:
            raise forms.ValidationError(
                _("Logo harus gambar PNG, JPEG atau WebP (terdeteksi: %(type)s).") % {"type": detected}
            )
        logo.name = f"logo.{LOGO_TYPES[detected]}"
        return logo


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "kind", "parent", "head_name", "is_active"]

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.institution = institution
        self.instance.institution = institution
        parents = Unit.objects.filter(institution=institution)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].required = False

    def clean(self):
        data = super().clean()
        others = Unit.objects.filter(institution=self.institution).exclude(pk=self.instance.pk)
        if data.get("name") and others.filter(name__iexact=data["name"].strip()).exists():
            self.add_error("name", _("Unit dengan nama ini sudah ada di instansi ini."))
        if data.get("short_name") and others.filter(short_name__iexact=data["short_name"].strip()).exists():
            self.add_error("short_name", _("Nama singkat ini sudah dipakai unit lain."))
        parent = data.get("parent")
        while parent is not None and self.instance.pk:
            if parent.pk == self.instance.pk:
                self.add_error("parent", _("Unit induk tidak boleh unit itu sendiri atau bawahannya."))
                break
            parent = parent.parent
        return data

    def validate_unique(self):
        pass  # checked in clean() with a clear message; the database constraint stays the guard


INSTITUTION_ROLES = [(r.value, r.label) for r in Role if r not in UNIT_ROLES]


class RolesForm(forms.Form):
    """A person's roles in one institution: institution-wide roles and units per unit role."""

    roles = forms.MultipleChoiceField(
        label=_("Peran di tingkat instansi"),
        choices=INSTITUTION_ROLES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    operator_units = forms.ModelMultipleChoiceField(
        label=_("Operator unit untuk"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    head_units = forms.ModelMultipleChoiceField(
        label=_("Kepala unit untuk"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(institution=institution, is_active=True)
        self.fields["operator_units"].queryset = units
        self.fields["head_units"].queryset = units

    def role_list(self) -> list[tuple[str, Unit | None]]:
        data = self.cleaned_data
        roles = [(role, None) for role in data["roles"]]
        roles += [(Role.UNIT_OPERATOR, unit) for unit in data["operator_units"]]
        roles += [(Role.UNIT_HEAD, unit) for unit in data["head_units"]]
        return roles

    def clean(self):
        data = super().clean()
        if not (data.get("roles") or data.get("operator_units") or data.get("head_units")):
            raise forms.ValidationError(_("Pilih minimal satu peran."))
        return data

    @classmethod
    def initial_for(cls, user, institution) -> dict:
        memberships = user.memberships.filter(institution=institution)
        return {
            "roles": [m.role for m in memberships if m.unit_id is None],
            "operator_units": [m.unit_id for m in memberships if m.role == Role.UNIT_OPERATOR],
            "head_units": [m.unit_id for m in memberships if m.role == Role.UNIT_HEAD],
        }


class InviteForm(RolesForm):
    email = forms.EmailField(label=_("Alamat e-mail"))
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=200)
    field_order = ["email", "full_name", "roles", "operator_units", "head_units"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        User = get_user_model()
        if (
            User.objects.filter(email__iexact=email).exists()
            or User.objects.filter(username__iexact=email).exists()
        ):
            raise forms.ValidationError(
                _("Alamat e-mail ini sudah terdaftar. Ubah peran orang itu dari halaman Orang.")
            )
        return email
