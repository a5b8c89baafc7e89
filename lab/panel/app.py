import panel as pn
import plotly.graph_objects as go

pn.extension("plotly")

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
RAINFALL_MM = {
    "Montréal": [77, 62, 71, 82, 83, 92, 92, 93, 88, 90, 96, 86],
    "Lisbon": [100, 94, 64, 64, 50, 16, 6, 6, 34, 93, 134, 120],
    "Oslo": [49, 36, 47, 41, 53, 65, 81, 89, 90, 84, 73, 55],
}


def draw(city):
    figure = go.Figure(go.Bar(x=MONTHS, y=RAINFALL_MM[city]))
    figure.update_layout(title_text=city, yaxis_title="mm")
    return figure


city = pn.widgets.Select(name="City", options=list(RAINFALL_MM))
pn.Column(
    "# Rainfall by month",
    city,
    pn.pane.Plotly(pn.bind(draw, city)),
).servable(title="Rainfall by month")
