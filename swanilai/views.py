from django.shortcuts import render

from instrument.models import FrameworkVersion


def home(request):
    versions = FrameworkVersion.objects.current().select_related("framework")
    return render(request, "home.html", {"versions": versions})
