import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from hypothesis import settings as hypothesis_settings

from catalogue.content import load_catalogue
from catalogue.permissions import EDITORS_GROUP

# Property tests check results, not speed: a loaded CI machine must not fail them on
# hypothesis's per-example deadline (timing targets live in bin/bench).
hypothesis_settings.register_profile("framewise", deadline=None)
hypothesis_settings.load_profile("framewise")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the curated catalogue the product ships with."""
    with django_db_blocker.unblock():
        load_catalogue()


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("edna", password="pw-edna-123", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


@pytest.fixture
def other_staff(db):
    """Staff who may log in to the admin but were given only user management."""
    user = get_user_model().objects.create_user("otto", password="pw-otto-123", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_user"]))
    return user


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", password="pw-root-123")


@pytest.fixture(autouse=True)
def empty_cache():
    """Revision numbers roll back with each test's transaction, so a cached page
    from one test must not be served in the next."""
    from django.core.cache import cache

    from catalogue.scoring.matrix import forget_current

    cache.clear()
    forget_current()
    yield
    cache.clear()
    forget_current()
