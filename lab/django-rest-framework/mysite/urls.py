from django.urls import path

from mysite import views

urlpatterns = [
    # lab:start hello-json
    path("hello", views.hello),
    # lab:end hello-json
    # lab:start params
    path("items/<int:item_id>", views.read_item),
    # lab:end params
    # lab:start template
    path("greet", views.greet),
    # lab:end template
    # lab:start json-body
    path("items", views.create_item),
    # lab:end json-body
    # lab:start streaming
    path("stream", views.stream),
    # lab:end streaming
]
