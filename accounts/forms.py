from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

User = get_user_model()


class CodeField(forms.CharField):
    """Six digits; spaces are ignored (many apps show the code as "123 456")."""

    def to_python(self, value):
        return "".join(super().to_python(value).split())


class CodeForm(forms.Form):
    code = CodeField(
        label=_("Kode 6 angka"),
        validators=[RegexValidator(r"^\d{6}$", _("Masukkan 6 angka dari aplikasi autentikator."))],
        error_messages={"required": _("Masukkan kode dari aplikasi autentikator.")},
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "maxlength": 7,
                "style": "max-width:10rem",
            }
        ),
    )


class ResetForm(PasswordResetForm):
    """Also reaches invited people who never set a password (their invitation link may have
    expired); the page never says whether an address is registered."""

    email = forms.EmailField(
        label=_("Alamat e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def get_users(self, email):
        return User._default_manager.filter(email__iexact=email.strip(), is_active=True)
