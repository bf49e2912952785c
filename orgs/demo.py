"""The demo institution. Idempotent: running it again changes nothing that exists."""

from django.contrib.auth import get_user_model
from django.db import transaction

DEMO_PASSWORD = "Swanilai-Demo-2026"  # noqa: S105 - printed by `make run`, demo only

DEMO_USERS = [
    # username, full name, is platform admin
    ("admin", "Admin Platform", True),
    ("demo", "Pengguna Demo", False),
]


@transaction.atomic
def load_demo() -> list[tuple[str, str, str]]:
    """Create the demo accounts; return (username, password, description) for printing."""
    User = get_user_model()
    logins = []
    for username, full_name, is_admin in DEMO_USERS:
        first, _, last = full_name.partition(" ")
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "is_staff": is_admin, "is_superuser": is_admin},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        logins.append((username, DEMO_PASSWORD, full_name))
    return logins
