from django.shortcuts import render

from instrument.models import FrameworkVersion
from orgs.access import signed_in


@signed_in
def home(request):
    versions = FrameworkVersion.objects.current().select_related("framework")
    return render(request, "home.html", {"versions": versions})
