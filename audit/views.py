from datetime import datetime, time

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from audit.models import AuditEntry
from orgs.access import institution_view, platform_admin
from orgs.models import Role


def filtered(entries, params):
    """Filters from the query string: tindakan, pelaku, objek, dari, sampai (YYYY-MM-DD)."""
    action = params.get("tindakan", "").strip()
    actor = params.get("pelaku", "").strip()
    obj = params.get("objek", "").strip()
    if action:
        entries = entries.filter(action__startswith=action)
    if actor:
        entries = entries.filter(actor_label__icontains=actor)
    if obj:
        entries = entries.filter(object_label__icontains=obj)
    zone = timezone.get_current_timezone()
    for key, lookup, at in (("dari", "at__gte", time.min), ("sampai", "at__lte", time.max)):
        try:
            day = datetime.strptime(params.get(key, ""), "%Y-%m-%d").date()
        except ValueError:
            continue
        entries = entries.filter(**{lookup: datetime.combine(day, at, tzinfo=zone)})
    return entries


def render_log(request, entries, institution=None):
    entries = filtered(entries.select_related("institution"), request.GET)
    page = Paginator(entries.order_by("-id"), 100).get_page(request.GET.get("halaman"))
    actions = AuditEntry.objects.order_by().values_list("action", flat=True).distinct()
    if institution is not None:
        actions = actions.filter(institution=institution)
    query = request.GET.copy()
    query.pop("halaman", None)
    context = {
        "page": page,
        "institution": institution,
        "params": request.GET,
        "actions": sorted(actions),
        "query": query.urlencode(),
    }
    return render(request, "audit/log.html", context)


@platform_admin
def platform_log(request):
    return render_log(request, AuditEntry.objects.all())


@institution_view(Role.INSTITUTION_ADMIN)
def institution_log(request):
    return render_log(request, AuditEntry.objects.for_institution(request.institution), request.institution)
