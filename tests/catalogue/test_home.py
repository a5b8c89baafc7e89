import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import Framework, Trait, TraitValue
from tests.factories import make_many_frameworks

pytestmark = pytest.mark.django_db


def test_home_has_search_scenarios_comparisons_counts_and_a_data_stamp(client):
    response = client.get("/")
    content = response.content.decode()
    assert response.status_code == 200
    assert 'action="/frameworks/"' in content and 'name="q"' in content
    assert f"<strong>{Framework.objects.published().count()}</strong> frameworks" in content
    assert f"<strong>{Trait.objects.count()}</strong> traits" in content
    assert 'href="/compare/django-vs-fastapi-vs-flask/"' in content
    assert 'href="/scenarios/chat-service/"' in content
    latest = max(v.verified_on for v in TraitValue.objects.exclude(verified_on=None))
    assert f'datetime="{latest:%Y-%m-%d}"' in content


def test_home_makes_the_same_queries_at_any_size(client):
    with CaptureQueriesContext(connection) as small:
        client.get("/")
    make_many_frameworks(100)
    with CaptureQueriesContext(connection) as large:
        client.get("/")
    assert len(small.captured_queries) == len(large.captured_queries)
