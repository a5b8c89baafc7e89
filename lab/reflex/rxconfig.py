import reflex as rx

config = rx.Config(
    app_name="labapp",
    telemetry_enabled=False,
    # No sitemap, Tailwind or Radix themes: the sample has one plain page.
    plugins=[],
    disable_plugins=["reflex.plugins.sitemap.SitemapPlugin"],
)
