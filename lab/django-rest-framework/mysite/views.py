from django.http import StreamingHttpResponse
from rest_framework import serializers, status
from rest_framework.decorators import api_view, renderer_classes
from rest_framework.renderers import TemplateHTMLRenderer
from rest_framework.response import Response


# lab:start hello-json
@api_view(["GET"])
def hello(request):
    return Response({"message": "Hello, World!"})
# lab:end hello-json


# lab:start params
class ItemQuerySerializer(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, max_value=100, default=10)


@api_view(["GET"])
def read_item(request, item_id):
    query = ItemQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return Response({"item_id": item_id, "limit": query.validated_data["limit"]})
# lab:end params


# lab:start template
@api_view(["GET"])
@renderer_classes([TemplateHTMLRenderer])
def greet(request):
    return Response({"name": request.query_params.get("name", "World")},
                    template_name="greet.html")
# lab:end template


# lab:start json-body
class ItemSerializer(serializers.Serializer):
    name = serializers.CharField()
    price = serializers.FloatField(min_value=0)


@api_view(["POST"])
def create_item(request):
    serializer = ItemSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    return Response(serializer.data, status=status.HTTP_201_CREATED)
# lab:end json-body


# lab:start streaming
# REST framework has no streaming response; a view returns Django's own, which it passes on.
@api_view(["GET"])
def stream(request):
    def generate():
        for i in range(5):
            yield f"chunk {i}\n"

    return StreamingHttpResponse(generate(), content_type="text/plain")
# lab:end streaming
