from django.http import HttpRequest, HttpResponse


def home(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Framewise")


framework_list = framework_detail = scenario_list = scenario_detail = home
