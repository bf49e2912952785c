"""The institution dashboard: numbers equal the engine's to full precision, kinds never mixed,
and a fixed number of queries with 60 units × 47 indicators × 5 campaigns."""

from datetime import date, timedelta
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessment import services as assessment_services
from assessment.models import Answer, Campaign
from insight import dashboards
from insight.tests.conftest import set_levels
from instrument.scoring import format_id
from orgs.models import Unit
from orgs.tests.test_url_access import login_verified

pytestmark = pytest.mark.django_db

LEVELS = {n: 1 + (n * 7) % 5 for n in range(1, 48)}


def url(institution, query=""):
    return f"/instansi/{institution.slug}/dasbor/{query}"


def card(board, kind):
    return next(c for c in board.cards if c.kind == kind)


def test_self_assessed_index_is_the_engines_to_full_precision(
    client, personas, sukamaju, campaign, spbe, no_review
):
    set_levels(campaign, LEVELS, part=Answer.OWNER)
    expected = spbe.engine().score_parsed(LEVELS)
    login_verified(client, personas["verifier"])
    response = client.get(url(sukamaju))
    board = response.context["board"]
    got = card(board, "self").score
    assert got.index == expected.index and got.predicate == expected.predicate
    assert got.aspects == expected.aspects and got.domains == expected.domains
    page = response.content.decode()
    assert format_id(expected.index) in page and expected.predicate in page
    assert not card(board, "verified").available and "Belum tersedia" in page


def test_partial_index_is_labelled_and_has_no_predicate(
    client, personas, sukamaju, campaign, spbe, no_review
):
    set_levels(campaign, {1: 4, 2: 2, 47: 5}, part=Answer.OWNER)
    login_verified(client, personas["koordinator"])
    response = client.get(url(sukamaju))
    self_card = card(response.context["board"], "self")
    assert self_card.score is None
    assert self_card.partial.index == spbe.engine().score_parsed({1: 4, 2: 2, 47: 5}, kind="unit").index
    page = response.content.decode()
    assert "sementara" in page and "3 dari 47 indikator" in page


def test_kinds_are_never_mixed(client, personas, sukamaju, campaign, dinkes, disdik, spbe, fake_review):
    set_levels(campaign, LEVELS, part=Answer.OWNER)
    verified = dict.fromkeys(range(1, 48), 2)
    final = dict.fromkeys(range(1, 48), 4)
    fake_review(
        verified={campaign.pk: (verified, {dinkes.pk: {1: 2, 2: 2}, disdik.pk: {16: 5}})},
        final={campaign.pk: (final, {})},
    )
    login_verified(client, personas["viewer"])
    response = client.get(url(sukamaju))
    board = response.context["board"]
    assert card(board, "self").score.index == spbe.engine().score_parsed(LEVELS).index
    assert card(board, "verified").score.index == 2
    assert card(board, "final").score.index == 4
    page = response.content.decode()
    for kind, shown in (
        ("self", format_id(card(board, "self").score.index)),
        ("verified", "2,00"),
        ("final", "4,00"),
    ):
        section = page.split(f'data-kind="{kind}"')[1].split("</section>")[0]
        assert shown in section
    # the ranking ranks by verified unit index and shows both, each in its own column
    ranked = {row.unit.pk: row for row in board.ranking}
    assert ranked[disdik.pk].scores["verified"].index == 5 and ranked[dinkes.pk].scores["verified"].index == 2
    assert ranked[disdik.pk].rank == 1 and board.heat_kind == "verified"
    assert "indeks unit (tidak resmi)" in page
    # the gaps are computed from the final levels, the highest kind available, and say so
    assert board.gap_kind == "final" and all(g.level == 4 for g in board.gaps)


def test_gaps_are_weight_times_distance(sukamaju, campaign, spbe, no_review):
    set_levels(campaign, {42: 2, 1: 1}, part=Answer.OWNER)
    board = dashboards.build_institution(sukamaju, gap_target=4)
    by_number = {g.indicator.number: g for g in board.gaps}
    assert by_number[42].points == Fraction(3) * 2 / 100  # weight 3,00 %, two levels short
    assert by_number[1].points == Fraction(13, 10) * 3 / 100
    assert [g.indicator.number for g in board.gaps] == [42, 1]


def test_progress_counts(sukamaju, campaign, dinkes_assessment, no_review):
    type(dinkes_assessment).objects.filter(pk=dinkes_assessment.pk).update(status="accepted")
    campaign.assessments.exclude(pk=dinkes_assessment.pk).update(deadline=timezone.now() - timedelta(days=1))
    board = dashboards.build_institution(sukamaju)
    assert (
        board.progress.participants,
        board.progress.submitted,
        board.progress.verified,
        board.progress.overdue,
    ) == (2, 1, 1, 1)


def test_operator_is_sent_to_their_unit_dashboard(client, personas, sukamaju, campaign, dinkes):
    login_verified(client, personas["operator_dinkes"])
    response = client.get(url(sukamaju))
    assert response.status_code == 302 and response.url == url(sukamaju, f"unit/{dinkes.pk}/")


# -- query counts -------------------------------------------------------------------------------------


def big_institution(institution, spbe, admin, units=60, campaigns=5):
    made = [
        Unit(institution=institution, name=f"Unit Uji {n:02}", short_name=f"U{n:02}", kind="dinas")
        for n in range(units)
    ]
    Unit.objects.bulk_create(made)
    made = list(Unit.objects.filter(institution=institution))
    for year in range(2022, 2022 + campaigns):
        draft = Campaign(
            institution=institution,
            framework_version=spbe,
            name=f"PM {year}",
            year=year,
            opens_on=date(year, 3, 1),
            unit_deadline=timezone.now() + timedelta(days=5),
            verification_starts_on=date(year, 4, 1),
            verification_ends_on=date(year, 4, 20),
            closes_on=date(year, 5, 1),
        )
        assessment_services.create_campaign(admin, draft, made)
        assessment_services.open_campaign(admin, draft, notify=False)
        for level in range(1, 6):
            # Ids first: PostgreSQL plans an UPDATE with a joined subquery on fresh, unanalysed
            # tables very badly (minutes); a plain id list is instant on both databases.
            ids = list(
                Answer.objects.filter(
                    assessment__campaign=draft,
                    indicator__number__in=[n for n in range(1, 48) if n % 5 == level - 1],
                ).values_list("id", flat=True)
            )
            Answer.objects.filter(id__in=ids).update(level=level)


def queries_for(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def test_dashboard_queries_do_not_grow_with_units_and_campaigns(
    client, personas, sukamaju, sukamundur, spbe, campaign, django_assert_max_num_queries
):
    login_verified(client, personas["admin"])
    small = queries_for(client, url(sukamaju))
    big_institution(sukamundur, spbe, personas["outsider_admin"])
    login_verified(client, personas["outsider_admin"])
    with django_assert_max_num_queries(15):
        response = client.get(url(sukamundur))
    board = response.context["board"]
    assert len(board.ranking) == 61 and len(board.campaigns) == 5  # 60 + the fixture's Dinkes
    assert card(board, "self").score is not None
    assert len(response.context["trend"].points) >= 5
    assert queries_for(client, url(sukamundur)) == small


@pytest.mark.parametrize(("page", "most"), [("pimpinan/", 16), ("tren/", 10)])
def test_other_pages_queries_are_pinned(
    client, personas, sukamundur, spbe, page, most, django_assert_max_num_queries
):
    big_institution(sukamundur, spbe, personas["outsider_admin"], units=30, campaigns=3)
    login_verified(client, personas["outsider_admin"])
    with django_assert_max_num_queries(most):
        assert client.get(url(sukamundur, page)).status_code == 200


def test_unit_dashboard_queries_are_pinned(client, personas, sukamundur, spbe, django_assert_max_num_queries):
    big_institution(sukamundur, spbe, personas["outsider_admin"], units=30, campaigns=3)
    unit = Unit.objects.filter(institution=sukamundur).order_by("name").first()
    login_verified(client, personas["outsider_admin"])
    with django_assert_max_num_queries(17):
        response = client.get(url(sukamundur, f"unit/{unit.pk}/"))
    assert response.status_code == 200 and response.context["board"].previous is not None
