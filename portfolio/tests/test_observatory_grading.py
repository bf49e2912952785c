"""The Observatory grade as a whole: every outcome covered and explained, the bonus rule, the
grade bands, the status gate and the JSON shape. Pure: no database, no network."""

import pytest

from portfolio import observatory as obs
from portfolio.observatory_text import EXPLANATIONS, WARNINGS, explain_error
from portfolio.tests.test_observatory import (
    COOKIE_CASES,
    CORS_CASES,
    CSP_CASES,
    HOST,
    HSTS,
    HSTS_CASES,
    REDIRECTION_CASES,
    REFERRER_CASES,
    SIMPLE_CASES,
    SRI,
    SRI_CASES,
    site,
)

# -- every outcome is covered and explained ----------------------------------------------------------

# In the scanner's score table but never produced: jsdom parses any text, and the universal-access
# check compares against a request header the scanner cannot read (see the specification).
UNREACHABLE = {"html-not-parseable", "cross-origin-resource-sharing-implemented-with-universal-access"}
CASE_RESULTS = (
    {c[1] for c in CSP_CASES}
    | {c[2] for c in COOKIE_CASES}
    | {c[1] for c in CORS_CASES}
    | {c[2] for c in REDIRECTION_CASES}
    | {c[2] for c in REFERRER_CASES}
    | {c[1] for c in HSTS_CASES}
    | {c[2] for c in SRI_CASES}
    | {c[2] for c in SIMPLE_CASES}
)


def test_every_outcome_has_a_case_and_an_indonesian_explanation():
    assert set(obs.MODIFIERS) - UNREACHABLE == CASE_RESULTS
    assert set(EXPLANATIONS) == set(obs.MODIFIERS)
    assert all(EXPLANATIONS[outcome].strip() for outcome in obs.MODIFIERS)


def test_every_warning_and_error_is_explained_in_indonesian():
    assert set(WARNINGS) == {"cors-origin-echoed-with-credentials", "certificate-invalid"}
    for error in ("site-down", "status-500", "scan-failed"):
        assert explain_error(error) != error


# -- score and grade ------------------------------------------------------------------------------

GRADE_BANDS = [
    (145, "A+"),
    (100, "A+"),
    (99, "A"),
    (90, "A"),
    (89, "A-"),
    (85, "A-"),
    (84, "B+"),
    (80, "B+"),
    (79, "B"),
    (70, "B"),
    (69, "B-"),
    (65, "B-"),
    (64, "C+"),
    (60, "C+"),
    (59, "C"),
    (50, "C"),
    (49, "C-"),
    (45, "C-"),
    (44, "D+"),
    (40, "D+"),
    (39, "D"),
    (30, "D"),
    (29, "D-"),
    (25, "D-"),
    (24, "F"),
    (0, "F"),
    (-10, "F"),
]


@pytest.mark.parametrize(("score", "letter"), GRADE_BANDS)
def test_grade_bands(score, letter):
    assert obs.grade_for(score) == letter


@pytest.mark.parametrize(
    ("modifiers", "score"),
    [
        ([-10, 10, 5], 105),  # penalties leave 90: bonuses count
        ([-15, 10, 5], 85),  # penalties leave 85: bonuses thrown away
        ([-5, -5, 10], 100),
        ([10, 5, 5, 5, 5, 5, 10], 145),  # the highest possible score
        ([-25, -40, -50, -20, -20], 0),  # floor
    ],
)
def test_bonus_rule_and_floor(modifiers, score):
    assert obs.final_score(modifiers) == score


def best_site():
    headers = [
        ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
        ("Set-Cookie", "sessionid=1; Secure; HttpOnly; SameSite=Strict"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Content-Type-Options", "nosniff"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
    ]
    body = f'<script src="/app.js" {SRI}></script>'
    return site(headers, body, preloaded=(HOST,))


def test_best_possible_site_scores_145():
    result = obs.grade(best_site())
    assert (result.score, result.grade, result.tests_passed, result.tests_failed) == (145, "A+", 10, 0)


def test_bare_site_and_self_signed_certificate_cost():
    bare = obs.grade(site(https=False, http="plain"))
    # CSP −25, redirection −20, HSTS −20, XCTO −5, XFO −20 = 10
    assert (bare.score, bare.grade, bare.tests_passed) == (10, "F", 5)
    good = obs.grade(site([HSTS]))
    bad_cert = obs.grade(site([HSTS], verified=False))
    assert good.score - bad_cert.score == 40
    assert "certificate-invalid" in bad_cert.warnings


@pytest.mark.parametrize(
    ("status", "error"),
    [(404, "status-404"), (500, "status-500"), (401, None), (403, None), (302, None), (204, None)],
)
def test_status_gate(status, error):
    result = obs.grade(site(status=status))
    assert result.error == error
    assert (result.score is None) == (error is not None)


def test_site_down_has_no_grade():
    result = obs.grade(site(https=False, http="none"))
    assert result.error == "site-down" and result.grade is None


def test_primary_is_https_else_http():
    scan = site(https=False, http="plain", headers=[("X-Content-Type-Options", "nosniff")])
    assert scan.primary.url.startswith("http://")
    assert obs.run_tests(scan)["x-content-type-options"].passed


def test_as_dict_shape():
    data = obs.as_dict(obs.grade(best_site()))
    assert set(data) == {"score", "grade", "tests"}
    assert list(data["tests"]) == obs.TEST_NAMES
    assert data["tests"]["strict-transport-security"] == {
        "pass": True,
        "result": "hsts-preloaded",
        "modifier": 5,
    }
    assert obs.as_dict(obs.grade(site(status=500))) == {"error": "status-500"}
