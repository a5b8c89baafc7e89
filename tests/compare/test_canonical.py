from compare.side_by_side.canonical import resolve, spec_for

CURRENT = {"django", "flask", "fastapi", "dash"}
ALIASES = {"plotly-dash": "dash"}


def test_it_lowercases_deduplicates_and_sorts():
    result = resolve("Flask-vs-Django-vs-flask", CURRENT, ALIASES)
    assert result.slugs == ["django", "flask"]
    assert result.spec == "django-vs-flask"


def test_it_resolves_aliases_and_keeps_hyphenated_slugs_whole():
    assert resolve("plotly-dash-vs-flask", CURRENT, ALIASES).slugs == ["dash", "flask"]


def test_the_separator_is_case_insensitive():
    assert resolve("flask-VS-django", CURRENT, ALIASES).slugs == ["django", "flask"]


def test_unknown_parts_are_reported_not_dropped():
    result = resolve("django-vs-djnago-vs-flask", CURRENT, ALIASES)
    assert result.unknown == ["djnago"]


def test_spec_for_is_canonical():
    assert spec_for(["flask", "django", "flask"]) == "django-vs-flask"
