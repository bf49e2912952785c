"""Password rules beyond Django's own (length, common, numeric, similar to the user)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class LettersAndDigitsValidator:
    """A password must contain at least one letter and at least one digit."""

    def validate(self, password, user=None):
        if not (any(c.isalpha() for c in password) and any(c.isdigit() for c in password)):
            raise ValidationError(
                _("Kata sandi harus memuat huruf dan angka."), code="password_letters_digits"
            )

    def get_help_text(self):
        return _("Kata sandi Anda harus memuat huruf dan angka.")
