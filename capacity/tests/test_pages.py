"""Pages load in a fixed, small number of queries whatever the number of staff and trainings."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from capacity.tests.factories import attend, make_certification, make_programme, make_session, make_staff
from orgs.tests.test_url_access import login_verified

pytestmark = pytest.mark.django_db


def grow(sukamaju, dinkes, disdik, start, count):
    programme = make_programme(sukamaju, ["literasi", "keamanan"], title=f"Program {start}")
    session = make_session(programme, timezone.localdate())
    for n in range(start, start + count):
        person = make_staff(dinkes if n % 2 else disdik, f"Pegawai {n}", n, "admin_aplikasi")
        attend(session, person, present=n % 3 != 0)
        if n % 4 == 0:
            make_certification(person, ["data"], expires_on=timezone.localdate())


def counts(client, urls) -> list[int]:
    found = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        found.append(len(queries))
    return found


@pytest.mark.parametrize("persona", ["admin", "operator_dinkes", "verifier"])
def test_query_counts_do_not_grow_with_the_data(client, personas, sukamaju, dinkes, disdik, persona):
    login_verified(client, personas[persona])
    urls = [
        reverse("capacity:coverage", args=[sukamaju.slug]),
        reverse("capacity:unit_coverage", args=[sukamaju.slug, dinkes.pk]),
        reverse("capacity:programme_list", args=[sukamaju.slug]),
    ]
    if persona != "verifier":
        urls += [
            reverse("capacity:staff_list", args=[sukamaju.slug]),
            reverse("capacity:plan", args=[sukamaju.slug]),
        ]
    grow(sukamaju, dinkes, disdik, 1, 6)
    small = counts(client, urls)
    grow(sukamaju, dinkes, disdik, 100, 30)
    assert counts(client, urls) == small
    assert max(small) <= 16
