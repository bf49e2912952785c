from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Akun dan keamanan masuk"

    def ready(self):
        from accounts import signals  # noqa: F401 - remembers at login whether a second factor is set up
