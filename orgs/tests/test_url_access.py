"""Every URL of the project × every persona: the guard of deny-by-default.

A URL pattern that is not listed in EXPECTED makes this test fail, so nothing ships without
saying who may open it. Codes: 200 ok, 302 redirect (login for anonymous), 403, 404, 405.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "operator_dinkes",
    "operator_disdik",
    "head_dinkes",
    "head_disdik",
    "verifier",
    "koordinator",
    "viewer",
    "admin",
    "outsider_admin",
    "platform_admin",
]
SIGNED_IN = PERSONAS[1:]
MEMBERS = [
    "operator_dinkes",
    "operator_disdik",
    "head_dinkes",
    "head_disdik",
    "verifier",
    "koordinator",
    "viewer",
    "admin",
]


def expect(default, anonymous=302, **overrides):
    """Expected status per persona: `default` for the signed-in, `anonymous`, then overrides."""
    table = dict.fromkeys(SIGNED_IN, default) | {"anonymous": anonymous}
    table.update(overrides)
    return table


def only(allowed, *, members_denied=403, outsider=404, **extra):
    """For institution pages: `allowed` personas get 200, other members 403, the outsider 404."""
    table = {p: (200 if p in allowed else members_denied) for p in MEMBERS}
    table |= {"anonymous": 302, "outsider_admin": outsider, "platform_admin": 200}
    table.update(extra)
    return table


INST = lambda ctx: {"inst": ctx["sukamaju"].slug}  # noqa: E731
UNIT = lambda ctx: {"inst": ctx["sukamaju"].slug, "pk": ctx["dinkes"].pk}  # noqa: E731
PERSON = lambda ctx: {"inst": ctx["sukamaju"].slug, "user_id": ctx["personas"]["operator_dinkes"].pk}  # noqa: E731
SLUG = lambda ctx: {"slug": "spbe-2020"}  # noqa: E731
CAMPAIGN = lambda ctx: {"inst": ctx["sukamaju"].slug, "pk": ctx["campaign"].pk}  # noqa: E731
ASSESSMENT = lambda ctx: {"inst": ctx["sukamaju"].slug, "pk": ctx["assessment"].pk}  # noqa: E731
ANSWER = lambda ctx: {"inst": ctx["sukamaju"].slug, "pk": ctx["assessment"].answers.first().pk}  # noqa: E731
PSET = lambda ctx: {"uidb64": "MQ", "token": "abc-def"}  # noqa: E731
DINKES_READERS = ["admin", "verifier", "koordinator", "viewer", "operator_dinkes", "head_dinkes"]
POST_ONLY_MEMBERS = only(MEMBERS) | dict.fromkeys(MEMBERS, 405) | {"platform_admin": 405}
POST_ONLY_ADMIN = only(["admin"]) | {"admin": 405, "platform_admin": 405}

from capacity.tests.factories import capacity_objects  # noqa: E402
from insight.tests.factories import insight_objects  # noqa: E402

INSIGHT = lambda name: lambda ctx: {"inst": ctx["sukamaju"].slug, "pk": insight_objects(ctx)[name].pk}  # noqa: E731
INSIGHT_READERS = ["admin", "verifier", "koordinator", "viewer"]
COACHES = ["admin", "verifier"]
UNIT_PEOPLE = ["operator_dinkes", "operator_disdik", "head_dinkes", "head_disdik"]
POST_ONLY_COACHES = only(COACHES) | dict.fromkeys(COACHES, 405) | {"platform_admin": 405}

INDICATOR = lambda ctx: {"inst": ctx["sukamaju"].slug, "pk": ctx["campaign"].pk, "number": 1}  # noqa: E731
FINDING = lambda ctx: {"inst": ctx["sukamaju"].slug, "pk": 1}  # noqa: E731 - POST-only: 405 before lookup
REVIEWERS = ["verifier", "koordinator", "admin"]
post_only = lambda allowed: only(allowed) | dict.fromkeys(allowed, 405) | {"platform_admin": 405}  # noqa: E731

CAPACITY = lambda name: lambda ctx: {"inst": ctx["sukamaju"].slug, "pk": capacity_objects(ctx)[name].pk}  # noqa: E731
SDM_PEOPLE = ["admin", "operator_dinkes", "operator_disdik", "head_dinkes", "head_disdik"]
DINKES_PEOPLE = ["admin", "operator_dinkes", "head_dinkes"]
NOT_DISDIK = {"operator_disdik": 404, "head_disdik": 404}
POST_ONLY_PEOPLE = only(SDM_PEOPLE) | dict.fromkeys(SDM_PEOPLE, 405) | {"platform_admin": 405}

EXPECTED = {
    "home": (None, expect(200)),
    "login": (None, expect(302, anonymous=200)),
    "logout": (None, expect(405)),
    "set_language": (None, expect(302, anonymous=302)),
    "instrument:framework_list": (None, expect(200)),
    "instrument:framework_detail": (SLUG, expect(200)),
    "instrument:framework_version": (lambda ctx: {"slug": "spbe-2020", "number": 1}, expect(200)),
    "instrument:simulator": (SLUG, expect(200)),
    "orgs:institution_list": (None, expect(302, platform_admin=200)),
    "orgs:institution_create": (None, expect(403, platform_admin=200)),
    "orgs:institution_home": (INST, only(MEMBERS)),
    "orgs:institution_settings": (INST, only(["admin"])),
    "orgs:unit_list": (INST, only(MEMBERS)),
    "orgs:unit_create": (INST, only(["admin"])),
    "orgs:unit_import": (INST, only(["admin"])),
    "orgs:unit_detail": (
        UNIT,
        only(
            ["admin", "verifier", "koordinator", "viewer", "operator_dinkes", "head_dinkes"],
            operator_disdik=404,
            head_disdik=404,
        ),
    ),
    "orgs:unit_edit": (UNIT, only(["admin"])),
    "orgs:people_list": (INST, only(["admin"])),
    "orgs:person_invite": (INST, only(["admin"])),
    "orgs:person_detail": (PERSON, only(["admin"])),
    "audit:platform_log": (None, expect(403, platform_admin=200)),
    "assessment:campaign_list": (INST, only(MEMBERS)),
    "assessment:campaign_create": (INST, only(["admin"])),
    "assessment:campaign_detail": (CAMPAIGN, only(MEMBERS)),
    "assessment:matrix": (CAMPAIGN, only(["admin"])),
    "assessment:campaign_open": (CAMPAIGN, POST_ONLY_ADMIN),
    "assessment:workspace": (ASSESSMENT, only(DINKES_READERS, operator_disdik=404, head_disdik=404)),
    "assessment:submit": (ASSESSMENT, POST_ONLY_MEMBERS),
    "assessment:reopen": (ASSESSMENT, POST_ONLY_ADMIN),
    "assessment:extend": (ASSESSMENT, POST_ONLY_ADMIN),
    "assessment:answer": (ANSWER, only(DINKES_READERS, operator_disdik=404, head_disdik=404)),
    "assessment:answer_save": (ANSWER, POST_ONLY_MEMBERS),
    "assessment:evidence_upload": (ANSWER, POST_ONLY_MEMBERS),
    "assessment:evidence_link": (ANSWER, POST_ONLY_MEMBERS),
    "assessment:evidence_attach": (ANSWER, POST_ONLY_MEMBERS),
    "assessment:evidence_detach": (lambda ctx: ANSWER(ctx) | {"attachment_id": 1}, POST_ONLY_MEMBERS),
    "assessment:evidence_download": (
        lambda ctx: {"inst": ctx["sukamaju"].slug, "pk": ctx["evidence"].pk},
        only(DINKES_READERS, operator_disdik=404, head_disdik=404),
    ),
    "assessment:excel_download": (ASSESSMENT, only(DINKES_READERS, operator_disdik=404, head_disdik=404)),
    "assessment:excel_upload": (
        ASSESSMENT,
        only(["operator_dinkes", "head_dinkes"], operator_disdik=404, head_disdik=404, platform_admin=403),
    ),
    "notices": (None, expect(200)),
    "api:api-root": (None, expect(404, anonymous=404)),  # no operation at the root
    "api:openapi-json": (None, expect(200, anonymous=200)),  # the public API's contract
    "api:openapi-view": (None, expect(200, anonymous=200)),
    "insight:dashboard": (INST, only(INSIGHT_READERS) | dict.fromkeys(UNIT_PEOPLE, 302)),
    "insight:leadership": (INST, only(INSIGHT_READERS)),
    "insight:trends": (INST, only(INSIGHT_READERS)),
    "insight:unit_dashboard": (UNIT, only(DINKES_READERS, **NOT_DISDIK)),
    "insight:planner": (INST, only(INSIGHT_READERS)),
    "insight:efforts": (INST, only(["admin"])),
    "insight:official_results": (INST, only(["admin"])),
    "insight:official_import": (INST, POST_ONLY_ADMIN),
    "insight:official_delete": (INSIGHT("official"), POST_ONLY_ADMIN),
    "insight:plan_list": (INST, only(MEMBERS)),
    "insight:plan_create": (INST, only(COACHES)),
    "insight:plan_from_planner": (INST, POST_ONLY_COACHES),
    "insight:plan_detail": (INSIGHT("plan"), only(DINKES_READERS, **NOT_DISDIK)),
    "insight:action_add": (INSIGHT("plan"), POST_ONLY_COACHES),
    "insight:session_add": (INSIGHT("plan"), POST_ONLY_COACHES),
    "insight:action_edit": (
        INSIGHT("action"),
        only([*COACHES, "operator_dinkes", "head_dinkes"], **NOT_DISDIK),
    ),
    "insight:action_progress": (INSIGHT("action"), POST_ONLY_MEMBERS),
    "insight:session_file": (INSIGHT("file"), only(DINKES_READERS, **NOT_DISDIK)),
    "insight:check_create": (INST, only(COACHES)),
    "insight:check_results": (CAMPAIGN, only(MEMBERS)),
    "review:queue": (CAMPAIGN, only(REVIEWERS)),
    "review:findings": (CAMPAIGN, only(REVIEWERS)),
    "review:export_csv": (CAMPAIGN, only(REVIEWERS)),
    "review:export_xlsx": (CAMPAIGN, only(REVIEWERS)),
    "review:result": (CAMPAIGN, only(REVIEWERS + ["viewer"])),
    "review:berita_acara": (
        CAMPAIGN,
        only(REVIEWERS + ["viewer"]) | dict.fromkeys(REVIEWERS + ["viewer", "platform_admin"], 302),
    ),  # until approved
    "review:bulk_accept": (CAMPAIGN, post_only(["verifier"])),
    "review:run_checks": (CAMPAIGN, post_only(["verifier", "admin"])),
    "review:approve": (CAMPAIGN, post_only(["koordinator"])),
    "review:reopen_result": (CAMPAIGN, post_only(["admin"])),
    "review:indicator": (INDICATOR, only(REVIEWERS)),
    "review:settle": (INDICATOR, post_only(["verifier"])),
    "review:note_add": (INDICATOR, post_only(["verifier"])),
    "review:assessment": (ASSESSMENT, only(DINKES_READERS, operator_disdik=404, head_disdik=404)),
    "review:changes": (ASSESSMENT, only(DINKES_READERS, operator_disdik=404, head_disdik=404)),
    "review:return": (ASSESSMENT, post_only(["verifier"])),
    "review:accept_assessment": (ASSESSMENT, post_only(["verifier"])),
    "review:answer": (ANSWER, only(REVIEWERS)),
    "review:verdict": (ANSWER, post_only(["verifier"])),
    "review:item_verdicts": (ANSWER, post_only(["verifier"])),
    "review:finding_dismiss": (FINDING, post_only(["verifier"])),
    "capacity:coverage": (INST, only(MEMBERS)),
    "capacity:coverage_excel": (INST, only(MEMBERS)),
    "capacity:report_pdf": (INST, only(MEMBERS)),
    "capacity:unit_coverage": (UNIT, only(DINKES_READERS, **NOT_DISDIK)),
    "capacity:unit_report_pdf": (UNIT, only(DINKES_READERS, **NOT_DISDIK)),
    "capacity:attach_report": (INST, POST_ONLY_MEMBERS),
    "capacity:plan": (INST, only(SDM_PEOPLE)),
    "capacity:staff_list": (INST, only(SDM_PEOPLE)),
    "capacity:staff_create": (INST, only(SDM_PEOPLE)),
    "capacity:staff_import": (INST, only(SDM_PEOPLE)),
    "capacity:staff_detail": (CAPACITY("staff"), only(DINKES_PEOPLE, **NOT_DISDIK)),
    "capacity:certification_create": (CAPACITY("staff"), only(DINKES_PEOPLE, **NOT_DISDIK)),
    "capacity:certification_edit": (CAPACITY("certification"), only(DINKES_PEOPLE, **NOT_DISDIK)),
    "capacity:certification_file": (CAPACITY("certification"), only(DINKES_PEOPLE, **NOT_DISDIK)),
    "capacity:programme_list": (INST, only(MEMBERS)),
    "capacity:programme_create": (INST, only(SDM_PEOPLE)),
    "capacity:programme_detail": (CAPACITY("programme"), only(MEMBERS)),
    "capacity:programme_edit": (CAPACITY("programme"), only(["admin"])),
    "capacity:session_create": (CAPACITY("programme"), only(["admin"])),
    "capacity:programme_enrol": (CAPACITY("programme"), only(SDM_PEOPLE)),
    "capacity:session_attendance": (CAPACITY("session"), only(["admin"])),
    "capacity:enrolment_update": (CAPACITY("enrolment"), POST_ONLY_PEOPLE),
    "capacity:certificate_download": (CAPACITY("enrolment"), only(DINKES_PEOPLE, **NOT_DISDIK)),
    "account": (None, expect(200)),
    "password_change": (None, expect(200)),
    "password_set": (PSET, expect(200, anonymous=200)),  # an invalid link shows its message
    "password_reset": (None, expect(200, anonymous=200)),
    "password_reset_done": (None, expect(200, anonymous=200)),
    "twofactor_setup": (None, expect(302)),  # already verified: sent on
    "twofactor_verify": (None, expect(302)),
    "twofactor_disable": (None, expect(405)),  # POST only
    "oidc_authentication_init": (None, expect(404, anonymous=404)),  # 404 unless SSO is configured
    "oidc_authentication_callback": (None, expect(404, anonymous=404)),
    "audit:institution_log": (INST, only(["admin"])),
}


def walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), (namespace + pattern.name) if pattern.name else None


def project_urls():
    """Every named URL of the project except Django's own admin and the API docs it serves."""
    return {
        name: route for route, name in walk(get_resolver().url_patterns) if not route.startswith("admin/")
    }


def test_every_url_is_declared():
    urls = project_urls()
    unnamed = [route for name, route in urls.items() if name is None]
    assert not unnamed, f"URL tanpa nama: {unnamed}"
    from portfolio.tests.test_access import EXPECTED as PORTFOLIO  # the portfolio's own table

    undeclared = sorted(set(urls) - set(EXPECTED) - set(PORTFOLIO))
    assert not undeclared, f"URL belum dinyatakan di EXPECTED (siapa boleh membukanya?): {undeclared}"
    stale = sorted((set(EXPECTED) | set(PORTFOLIO)) - set(urls))
    assert not stale, f"EXPECTED menyebut URL yang tidak ada: {stale}"


def login_verified(client, user):
    """Sign in, with a verified second factor for those who must have one."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="uji", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def dinkes_file_evidence(personas, assessment, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assessment import evidence

    settings.MEDIA_ROOT = tmp_path
    answer = assessment.answers.select_related("assessment__campaign__framework_version", "indicator").first()
    upload = SimpleUploadedFile(
        "sk.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n", content_type="application/pdf"
    )
    return evidence.add_file(personas["operator_dinkes"], answer, upload, title="SK").evidence


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_url_by_persona(
    name, client, personas, sukamaju, dinkes, campaign, dinkes_assessment, settings, tmp_path
):
    builder, table = EXPECTED[name]
    ctx = {
        "personas": personas,
        "sukamaju": sukamaju,
        "dinkes": dinkes,
        "campaign": campaign,
        "assessment": dinkes_assessment,
    }
    if name.startswith(("capacity:", "insight:")):
        settings.MEDIA_ROOT = tmp_path  # the capacity builders store a certificate file
    if name == "assessment:evidence_download":
        ctx["evidence"] = dinkes_file_evidence(personas, dinkes_assessment, settings, tmp_path)
    url = reverse(name, kwargs=builder(ctx) if builder else None)
    results = {}
    for persona in PERSONAS:
        client.logout()
        if persona != "anonymous":
            login_verified(client, personas[persona])
        response = client.get(url)
        results[persona] = response.status_code
        if (
            persona == "anonymous"
            and response.status_code == 302
            and table["anonymous"] == 302
            and name not in ("login", "set_language")
        ):
            assert response.url.startswith(reverse("login")), f"{name}: anonim dialihkan ke {response.url}"
    assert results == table, f"{name} ({url})"
