"""Who may curate the catalogue."""

EDITORS_GROUP = "Editors"

# Editors curate every catalogue model, and nothing else (not users, not groups).
EDITOR_MODELS = (
    "framework",
    "frameworkalias",
    "axis",
    "trait",
    "traitvalue",
    "scenario",
    "scenarioweight",
)
EDITOR_ACTIONS = ("add", "change", "delete", "view")


def editor_codenames() -> list[str]:
    return [f"{action}_{model}" for model in EDITOR_MODELS for action in EDITOR_ACTIONS]
