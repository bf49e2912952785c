from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from accounts.services import remember_enrolment


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        remember_enrolment(request, user)
