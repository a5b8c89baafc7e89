from catalogue.browse.filters import describe, short_note
from catalogue.browse.search import read_query
from catalogue.models import Trait, TraitType

TRAITS = [
    Trait(slug="websockets", name="WebSockets", type=TraitType.SUPPORT),
    Trait(slug="orm", name="ORM", type=TraitType.SUPPORT),
    Trait(slug="server-sent-events", name="Server-sent events", type=TraitType.SUPPORT),
    Trait(slug="admin", name="Admin interface", type=TraitType.SUPPORT),
    Trait(slug="asgi", name="ASGI", type=TraitType.BOOLEAN),
]


def asked(text):
    wanted = read_query(text, TRAITS)
    return None if wanted is None else [(w.slug, w.level) for w in wanted]


def test_trait_names_slugs_and_synonyms_are_read_as_filters():
    assert asked("websockets orm") == [("websockets", "first-party"), ("orm", "first-party")]
    assert asked("WebSocket, ORM") == asked("websockets orm")
    assert asked("server-sent-events") == [("server-sent-events", "first-party")]
    assert asked("SSE") == asked("server sent events")
    assert asked("admin panel") == [("admin", "first-party")]


def test_native_asks_for_built_in_for_the_trait_it_names():
    assert asked("native websockets and an orm") == [
        ("websockets", "built-in"),
        ("orm", "first-party"),
    ]
    assert asked("an orm and native websockets") == [
        ("orm", "first-party"),
        ("websockets", "built-in"),
    ]


def test_a_level_after_the_last_trait_applies_to_all():
    expected = [("websockets", "built-in"), ("orm", "built-in")]
    assert asked("websockets and ORM built-in") == expected
    assert asked("native websockets and native orm") == expected


def test_a_yes_no_trait_takes_no_level():
    assert asked("native asgi websockets") == [("asgi", None), ("websockets", "built-in")]


def test_anything_else_is_a_text_search():
    assert asked("flask") is None
    assert asked("websockets for teapots") is None
    assert asked("and the") is None
    assert asked("websockets or orm") is None  # "or" is not "and"
    assert asked("native third-party websockets") is None  # two levels: unclear


def test_the_notice_names_the_traits_and_the_level():
    wanted = read_query("native websockets and native orm", TRAITS)
    assert describe(wanted) == "WebSockets and ORM built in"
    wanted = read_query("native websockets and an orm", TRAITS)
    assert describe(wanted) == "WebSockets built in; ORM built in or first-party"
    assert describe(read_query("asgi orm", TRAITS)) == "ASGI; ORM built in or first-party"


def test_a_short_note_is_its_first_clause():
    assert short_note("Channels, maintained under the Django organisation, adds consumers.") == (
        "Channels"
    )
    assert short_note("SQLModel (by FastAPI's author).") == "SQLModel"
    long = "word " * 30
    assert short_note(long).endswith("…") and len(short_note(long)) <= 61
