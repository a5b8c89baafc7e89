"""The editors' admin: frameworks with their values grouped by axis, traits,
scenarios with their weights."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget, AutocompleteSelect
from django.db import models
from django.db.models import Count, QuerySet, Value
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from catalogue.admin import views as admin_views
from catalogue.admin.forms import (
    OptimisticLockForm,
    TraitValueAdminForm,
    TraitValueForm,
    fetched_label,
)
from catalogue.models import (
    Axis,
    Framework,
    FrameworkAlias,
    Origin,
    Scenario,
    ScenarioWeight,
    Status,
    Trait,
    TraitValue,
    known_value_q,
)
from catalogue.revision import changes as revision
from catalogue.stale_values import stale_value_ids
from catalogue.tasks import refresh_registry_task

admin.site.site_header = "Framewise editors"
admin.site.site_title = "Framewise admin"
admin.site.index_title = "Curate the catalogue"


class DateWidget(AdminDateWidget):
    """Django's admin date box points aria-describedby at a time-zone warning that
    its JavaScript only creates for date-times, so on a plain date the reference
    dangles (axe flags every row). Keep only what the field itself asked for."""

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        described = (attrs or {}).get("aria-describedby")
        if described:
            context["widget"]["attrs"]["aria-describedby"] = described
        else:
            context["widget"]["attrs"].pop("aria-describedby", None)
        return context


DATE_WIDGET = {models.DateField: {"widget": DateWidget}}


class LabelledAutocompleteSelect(AutocompleteSelect):
    """Django renders the empty choice of an optional autocomplete as an empty
    <option>, and a required one with its selected choice first: both invalid HTML.
    Start every one with an empty choice that has a label (the search box shows
    none, and the search never offers it)."""

    def optgroups(self, name: str, value: Any, attr: dict | None = None) -> list:
        groups = super().optgroups(name, value, attr)
        options = groups[0][1]  # one group: the empty choice if optional, the selected one
        if not options or options[0]["value"] != "":
            options.insert(0, self.create_option(name, "", "", False, 0))
        options[0]["attrs"]["label"] = "(choose)" if self.is_required else "(none)"
        return groups


class LabelledAutocompletes:
    """The admin's autocompletes render as valid HTML."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any):
        if db_field.name in self.autocomplete_fields:  # type: ignore[attr-defined]
            kwargs["widget"] = LabelledAutocompleteSelect(
                db_field,
                self.admin_site,  # type: ignore[attr-defined]
                using=kwargs.get("using"),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


class LabelledFormSet(BaseInlineFormSet):
    """Tabular inline rows have column headings but no <label>s: give every box an
    accessible name (row and column) so screen readers can tell them apart."""

    def add_fields(self, form: Any, index: int | None) -> None:
        super().add_fields(form, index)
        row = getattr(form, "subject", None) or (
            f"Row {index + 1}" if index is not None else "New row"
        )
        for name, field in form.fields.items():
            if field.widget.is_hidden:
                continue  # nothing to name: aria-* on a hidden input is invalid HTML
            label = "Delete" if name == "DELETE" else (field.label or name)
            # Related fields are wrapped (the +/✎ links): name the <select> inside.
            widget = getattr(field.widget, "widget", field.widget)
            widget.attrs.setdefault("aria-label", f"{row}: {label}")
            if field.help_text:
                # A tabular row shows help only in its column heading, so Django's
                # aria-describedby="…_helptext" would point at nothing; the title
                # carries the same description to the field itself.
                widget.attrs.setdefault("title", str(field.help_text))
                field.help_text = ""
        if getattr(form, "is_fetched", False) and "DELETE" in form.fields:
            form.fields["DELETE"].disabled = True  # the refresh owns it; it is never deleted


class AxisValueInline(admin.TabularInline):
    """The values of one axis's traits. The framework page shows one of these per
    axis, so an editor works through a few short groups instead of one long list."""

    model = TraitValue
    form = TraitValueForm
    formset = LabelledFormSet
    fields = ("trait", "value", "note", "source_url", "applies_to_version", "verified_on")
    extra = 0
    classes = ("axis-values",)
    formfield_overrides = DATE_WIDGET

    def __init__(self, parent_model: Any, admin_site: Any, axis: Axis, traits: list[Trait]):
        self.axis = axis
        self.axis_traits = traits
        self.verbose_name = f"{axis.name} value"
        self.verbose_name_plural = f"{axis.name}: {len(traits)} traits"
        super().__init__(parent_model, admin_site)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .filter(trait__axis=self.axis)
            .select_related("trait", "trait__axis")
            .order_by("trait__order")
        )

    def missing_traits(self, obj: Framework | None) -> list[Trait]:
        if obj is None or obj.pk is None:  # the add page passes an unsaved framework
            return self.axis_traits
        present = {v.trait_id for v in obj.values.all() if v.trait.axis_id == self.axis.pk}
        return [t for t in self.axis_traits if t.pk not in present]

    def get_extra(self, request: HttpRequest, obj: Framework | None = None, **kwargs: Any) -> int:
        return len(self.missing_traits(obj))

    def get_formset(self, request: HttpRequest, obj: Framework | None = None, **kwargs: Any):
        formset = super().get_formset(request, obj, **kwargs)
        trait_field = formset.form.base_fields["trait"]
        trait_field.queryset = Trait.objects.filter(axis=self.axis).select_related("axis")
        return formset


class OneRevisionPerSave:
    """An admin save (the object and all its inlines) is one catalogue revision."""

    def changeform_view(self, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        with revision.batch():
            return super().changeform_view(*args, **kwargs)

    def changelist_view(self, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        with revision.batch():
            return super().changelist_view(*args, **kwargs)


class PublishingActions:
    """Publish and unpublish from the list; every change keeps its history."""

    actions = ("publish", "unpublish")

    @admin.action(description="Publish selected", permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._set_status(request, queryset, Status.PUBLISHED, "published")

    @admin.action(description="Make selected drafts (hide from the public)", permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._set_status(request, queryset, Status.DRAFT, "made drafts")

    def _set_status(self, request: HttpRequest, queryset: QuerySet, status: str, verb: str):
        changed = 0
        for obj in queryset.exclude(status=status):
            obj.status = status
            obj.save()  # one by one, so history and the revision see each change
            changed += 1
        self.message_user(request, f"{changed} {verb}.", messages.SUCCESS)


class FrameworkForm(OptimisticLockForm):
    related = ("values", "aliases")

    class Meta:
        model = Framework
        fields = "__all__"


@admin.register(Framework)
class FrameworkAdmin(OneRevisionPerSave, PublishingActions, SimpleHistoryAdmin):
    form = FrameworkForm
    formfield_overrides = DATE_WIDGET
    list_display = (
        "name",
        "slug",
        "kind",
        "interfaces_column",
        "status",
        "known_count",
        "unknown_count",
        "missing_count",
        "latest_version",
    )
    list_filter = ("status", "kind", "wsgi", "asgi")
    search_fields = ("name", "slug", "summary", "aliases__slug")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("updated_at",)
    fieldsets = (
        (
            None,
            {"fields": ("name", "slug", "status", "kind", "summary", "description", "loaded_at")},
        ),
        ("Server interface", {"fields": (("wsgi", "asgi", "own_server"),)}),
        (
            "Links and releases",
            {
                "fields": (
                    ("homepage", "docs_url"),
                    ("repository_url", "package_name"),
                    ("licence", "first_release_year"),
                    ("latest_version", "latest_release"),
                    "updated_at",
                ),
            },
        ),
    )

    actions = (*PublishingActions.actions, "refresh_from_index")

    @admin.action(description="Refresh now from the package index", permissions=["change"])
    def refresh_from_index(self, request: HttpRequest, queryset: QuerySet) -> None:
        slugs = sorted(queryset.published().exclude(package_name="").values_list("slug", flat=True))
        if not slugs:
            self.message_user(
                request,
                "Only published frameworks with a package can be refreshed.",
                messages.WARNING,
            )
            return
        result = refresh_registry_task.enqueue(slugs=slugs, trigger="admin")
        health = reverse("admin:catalogue_health")
        if result.is_finished:
            summary = result.return_value or {}
            failed = summary.get("failed") or []
            self.message_user(
                request,
                format_html(
                    "Refreshed {} package(s): {} change(s), {} failed. Outcomes are on the "
                    '<a href="{}">catalogue health page</a>.',
                    len(slugs),
                    summary.get("changed", 0),
                    len(failed),
                    health,
                ),
                messages.WARNING if failed else messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                format_html(
                    "Refresh of {} package(s) queued; the worker runs it shortly. Outcomes "
                    'appear on the <a href="{}">catalogue health page</a>.',
                    len(slugs),
                    health,
                ),
                messages.SUCCESS,
            )

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                _known=Count("values", filter=known_value_q("values__"), distinct=True),
                _values=Count("values", distinct=True),
                _traits=Value(Trait.objects.count()),
            )
        )

    def get_inline_instances(self, request: HttpRequest, obj: Framework | None = None):
        traits = list(Trait.objects.select_related("axis"))
        instances: list[Any] = [FrameworkAliasInline(self.model, self.admin_site)]
        for axis in Axis.objects.all():
            axis_traits = [t for t in traits if t.axis_id == axis.pk]
            inline = AxisValueInline(self.model, self.admin_site, axis, axis_traits)
            if inline.has_view_or_change_permission(request, obj) or inline.has_add_permission(
                request, obj
            ):
                instances.append(inline)
        return instances

    def get_formset_kwargs(self, request: HttpRequest, obj: Any, inline: Any, prefix: str):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, AxisValueInline):
            # Empty rows for the traits that have no value yet, ready to fill in.
            kwargs["initial"] = [{"trait": t.pk} for t in inline.missing_traits(obj)]
        return kwargs

    def get_view_on_site_url(self, obj: Framework | None = None) -> str | None:
        # Editors see the real public page, drafts included, marked as a preview.
        return reverse("catalogue:framework_preview", args=[obj.slug]) if obj else None

    def get_urls(self):  # type: ignore[no-untyped-def]
        view = self.admin_site.admin_view
        return [
            path("health/", view(admin_views.catalogue_health), name="catalogue_health"),
            path(
                "<int:pk>/changes/",
                view(admin_views.framework_changes),
                name="catalogue_framework_changes",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="Interface")
    def interfaces_column(self, obj: Framework) -> str:
        return ", ".join(obj.interfaces) or "—"

    @admin.display(description="Known", ordering="_known")
    def known_count(self, obj: Framework) -> int:
        return obj._known

    @admin.display(description="Unknown")
    def unknown_count(self, obj: Framework) -> int:
        return obj._values - obj._known

    @admin.display(description="Missing")
    def missing_count(self, obj: Framework) -> str:
        missing = obj._traits - obj._values
        if missing:
            return format_html('<strong class="errornote-inline">{}</strong>', missing)
        return "0"


class FrameworkAliasInline(admin.TabularInline):
    model = FrameworkAlias
    formset = LabelledFormSet
    extra = 0
    verbose_name_plural = "Aliases (old or alternative slugs that redirect here)"


class FrameworkAliasForm(OptimisticLockForm):
    class Meta:
        model = FrameworkAlias
        fields = "__all__"


@admin.register(FrameworkAlias)
class FrameworkAliasAdmin(LabelledAutocompletes, admin.ModelAdmin):
    form = FrameworkAliasForm
    fields = ("slug", "framework", "loaded_at")
    list_display = ("slug", "framework")
    list_select_related = ("framework",)
    search_fields = ("slug", "framework__name")
    autocomplete_fields = ("framework",)


class AxisForm(OptimisticLockForm):
    class Meta:
        model = Axis
        fields = "__all__"


@admin.register(Axis)
class AxisAdmin(SimpleHistoryAdmin):
    form = AxisForm  # its fields come from the form: loaded_at included
    list_display = ("name", "slug", "order", "trait_count")
    search_fields = ("name", "slug")
    ordering = ("order",)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(_traits=Count("traits"))

    @admin.display(description="Traits", ordering="_traits")
    def trait_count(self, obj: Axis) -> int:
        return obj._traits


class KnownFilter(admin.SimpleListFilter):
    title = "value"
    parameter_name = "known"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Known"), ("no", "Unknown")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(known_value_q())
        if self.value() == "no":
            return queryset.exclude(known_value_q())
        return queryset


class StaleFilter(admin.SimpleListFilter):
    title = "freshness"
    parameter_name = "stale"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Stale values"), ("no", "Fresh values")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(pk__in=stale_value_ids())
        if self.value() == "no":
            return queryset.exclude(pk__in=stale_value_ids())
        return queryset


class TraitForm(OptimisticLockForm):
    class Meta:
        model = Trait
        fields = "__all__"


@admin.register(Trait)
class TraitAdmin(LabelledAutocompletes, SimpleHistoryAdmin):
    form = TraitForm  # its fields come from the form: loaded_at included
    list_display = ("name", "slug", "axis", "type", "unit", "direction", "is_key", "value_count")
    list_filter = ("axis", "type", "is_key")
    list_select_related = ("axis",)
    search_fields = ("name", "slug", "description")
    autocomplete_fields = ("axis",)
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(_values=Count("values"))

    def get_urls(self):  # type: ignore[no-untyped-def]
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/values/",
                view(admin_views.edit_trait_column),
                name="catalogue_trait_column",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="Values", ordering="_values")
    def value_count(self, obj: Trait) -> str:
        url = reverse("admin:catalogue_trait_column", args=[obj.pk])
        return format_html('{} · <a href="{}">edit all</a>', obj._values, url)


@admin.register(TraitValue)
class TraitValueAdmin(LabelledAutocompletes, OneRevisionPerSave, SimpleHistoryAdmin):
    form = TraitValueAdminForm
    formfield_overrides = DATE_WIDGET
    list_display = (
        "framework",
        "trait",
        "value_column",
        "applies_to_version",
        "verified_on",
        "origin",
        "source_link",
    )
    list_filter = (KnownFilter, StaleFilter, "origin", "trait__axis", "trait__type", "framework")
    list_select_related = ("framework", "trait", "trait__axis")
    search_fields = ("framework__name", "trait__name", "note", "text_value", "source_url")
    autocomplete_fields = ("framework", "trait")
    date_hierarchy = "verified_on"
    fields = (
        "framework",
        "trait",
        "value",
        "note",
        "source_url",
        "applies_to_version",
        "verified_on",
        "inherited",
        "loaded_at",
    )

    fetched_fields = (
        "framework",
        "trait",
        "current_value",
        "fetched",
        "note",
        "source_url",
        "applies_to_version",
    )

    def get_fields(self, request: HttpRequest, obj: TraitValue | None = None):  # type: ignore[no-untyped-def]
        if obj is not None and obj.origin == Origin.FETCHED:
            return self.fetched_fields
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: TraitValue | None = None):  # type: ignore[no-untyped-def]
        if obj is not None and obj.origin == Origin.FETCHED:
            return self.fetched_fields
        return super().get_readonly_fields(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: TraitValue | None = None) -> bool:
        # Fetched values are written by refresh_registry only: editors see them read-only.
        if obj is not None and obj.origin == Origin.FETCHED:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: TraitValue | None = None) -> bool:
        if obj is not None and obj.origin == Origin.FETCHED:
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        fetched = queryset.filter(origin=Origin.FETCHED).count()
        if fetched:
            self.message_user(
                request,
                f"{fetched} fetched value(s) kept: the package index owns them.",
                messages.WARNING,
            )
        super().delete_queryset(request, queryset.exclude(origin=Origin.FETCHED))

    @admin.display(description="Value")
    def current_value(self, obj: TraitValue) -> str:
        return obj.display

    @admin.display(description="Fetched")
    def fetched(self, obj: TraitValue) -> str:
        return fetched_label(obj)

    def get_changelist_instance(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        self._stale = set(stale_value_ids())
        return super().get_changelist_instance(request)

    @admin.display(description="Value")
    def value_column(self, obj: TraitValue) -> str:
        if not obj.is_known:
            return format_html('<em title="{}">Unknown</em>', obj.note)
        if obj.pk in getattr(self, "_stale", ()):
            return format_html(
                '{} <strong title="Not verified recently">(stale)</strong>', obj.display
            )
        return obj.display

    @admin.display(description="Source")
    def source_link(self, obj: TraitValue) -> str:
        if not obj.source_url:
            return "—"
        return format_html('<a href="{}" rel="noopener noreferrer">source</a>', obj.source_url)


class ScenarioWeightInline(LabelledAutocompletes, admin.TabularInline):
    model = ScenarioWeight
    formset = LabelledFormSet
    extra = 1
    autocomplete_fields = ("axis", "trait")
    verbose_name_plural = "Weights (0–10, on an axis or on one trait)"


class ScenarioForm(OptimisticLockForm):
    related = ("weights",)  # the inline rows; must_haves changes are saves of the scenario

    class Meta:
        model = Scenario
        fields = "__all__"


@admin.register(Scenario)
class ScenarioAdmin(OneRevisionPerSave, PublishingActions, SimpleHistoryAdmin):
    form = ScenarioForm  # its fields come from the form: loaded_at included
    list_display = ("name", "slug", "status", "must_have_list", "order")
    list_filter = ("status",)
    search_fields = ("name", "slug", "summary", "rationale")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("must_haves",)
    inlines = (ScenarioWeightInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("must_haves")

    def get_view_on_site_url(self, obj: Scenario | None = None) -> str | None:
        return reverse("catalogue:scenario_preview", args=[obj.slug]) if obj else None

    @admin.display(description="Must-haves")
    def must_have_list(self, obj: Scenario) -> str:
        return ", ".join(t.name for t in obj.must_haves.all()) or "—"
