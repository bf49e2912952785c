"""Objects for URL × persona tests (here and in orgs/tests/test_url_access.py)."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from insight import services
from instrument.models import Framework, Indicator


def insight_objects(ctx: dict) -> dict:
    """A coaching plan of Dinkes in the campaign with one action and a mentoring session with a
    file (set MEDIA_ROOT to a temporary directory), and an official past result; made once per
    `ctx` (which must hold "personas", "sukamaju", "dinkes" and "campaign")."""
    if "insight" not in ctx:
        admin, verifier = ctx["personas"]["admin"], ctx["personas"]["verifier"]
        campaign = ctx["campaign"]
        plan = services.create_plan(verifier, ctx["dinkes"], campaign, "Pembinaan Dinkes")
        indicator = Indicator.objects.get(version=campaign.framework_version, number=47)
        action = services.add_action(
            verifier,
            plan,
            services.ActionInput(indicator, 4, "Susun SOP layanan", date.today() + timedelta(days=30)),
        )
        session = services.add_session(
            verifier,
            plan,
            date.today(),
            "Tim Koordinasi; Dinkes",
            "Catatan",
            [SimpleUploadedFile("notulen.pdf", b"%PDF-1.4 uji")],
        )
        official = services.save_official_result(
            admin,
            ctx["sukamaju"],
            services.OfficialInput(
                Framework.objects.get(slug="spbe-2020"),
                2024,
                Decimal("4.08"),
                "Sangat Baik",
                {1: Decimal("4.70")},
                {},
            ),
        )
        ctx["insight"] = {"plan": plan, "action": action, "file": session.files.get(), "official": official}
    return ctx["insight"]
