import json

from django import forms
from django.http import HttpResponseBadRequest, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST


# lab:start hello-json
@require_GET
def hello(request):
    return JsonResponse({"message": "Hello, World!"})
# lab:end hello-json


# lab:start params
class ItemQuery(forms.Form):
    limit = forms.IntegerField(min_value=1, max_value=100, required=False)


@require_GET
def read_item(request, item_id):
    query = ItemQuery(request.GET)
    if not query.is_valid():
        return JsonResponse({"errors": query.errors}, status=400)
    return JsonResponse({"item_id": item_id, "limit": query.cleaned_data["limit"] or 10})
# lab:end params


# lab:start template
@require_GET
def greet(request):
    return render(request, "greet.html", {"name": request.GET.get("name", "World")})
# lab:end template


# lab:start json-body
class ItemForm(forms.Form):
    name = forms.CharField()
    price = forms.FloatField(min_value=0)


@csrf_exempt  # a JSON API called by programs, not by a browser form
@require_POST
def create_item(request):
    try:
        data = json.loads(request.body)
    except ValueError:
        return HttpResponseBadRequest("The body must be JSON.")
    if not isinstance(data, dict):
        return HttpResponseBadRequest("The body must be a JSON object.")
    form = ItemForm(data)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=422)
    return JsonResponse(form.cleaned_data, status=201)
# lab:end json-body


# lab:start csrf-form
class ContactForm(forms.Form):
    name = forms.CharField(max_length=100)


@require_http_methods(["GET", "POST"])
def contact(request):
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return render(request, "thanks.html", {"name": form.cleaned_data["name"]})
    return render(request, "form.html", {"form": form})
# lab:end csrf-form


# lab:start streaming
@require_GET
def stream(request):
    def generate():
        for i in range(5):
            yield f"chunk {i}\n"

    return StreamingHttpResponse(generate(), content_type="text/plain")
# lab:end streaming
