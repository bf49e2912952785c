"""The super-app service catalogue: internal pages, and the public page (published services only)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from orgs.access import institution_view, public
from orgs.models import Institution, Role
from portfolio import services
from portfolio.access import can_create, can_edit_owned, can_manage, get_service_for_user
from portfolio.api import service_out
from portfolio.forms import ServiceForm
from portfolio.models import Service, ServiceCategory


@institution_view()
def service_list(request):
    institution = request.institution
    items = Service.objects.filter(institution=institution).select_related(
        "owner_unit", "application__last_probe"
    )
    category = request.GET.get("kategori", "")
    if category in ServiceCategory.values:
        items = items.filter(category=category)
    rows = [
        {
            "service": s,
            "health": service_out(s)["health"]["status"],
            "can_edit": can_edit_owned(request.user, institution, s.owner_unit_id),
        }
        for s in items
    ]
    context = {
        "institution": institution,
        "rows": rows,
        "category": category,
        "categories": ServiceCategory.choices,
        "can_manage": can_manage(request.user, institution),
        "can_create": can_create(request.user, institution),
    }
    return render(request, "portfolio/service_list.html", context)


@institution_view()
@require_http_methods(["GET", "POST"])
def service_create(request):
    institution = request.institution
    if not can_create(request.user, institution):
        raise PermissionDenied
    form = ServiceForm(request.POST or None, institution=institution, user=request.user)
    if request.method == "POST" and form.is_valid():
        service = services.save_service(request.user, form.save(), request=request)
        messages.success(
            request, _("Layanan %(name)s ditambahkan (belum diterbitkan).") % {"name": service.name}
        )
        return redirect("portfolio:service_list", institution.slug)
    return render(request, "portfolio/service_form.html", {"form": form, "institution": institution})


@institution_view()
@require_http_methods(["GET", "POST"])
def service_edit(request, pk):
    institution = request.institution
    service = get_service_for_user(request.user, institution, pk, write=True)
    form = ServiceForm(request.POST or None, instance=service, institution=institution, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.save_service(request.user, form.save(), request=request)
        messages.success(request, _("Layanan disimpan."))
        return redirect("portfolio:service_list", institution.slug)
    context = {"form": form, "institution": institution, "service": service}
    return render(request, "portfolio/service_form.html", context)


@institution_view(Role.INSTITUTION_ADMIN)
@require_POST
def service_publish(request, pk):
    institution = request.institution
    service = get_service_for_user(request.user, institution, pk)
    publish = request.POST.get("published") == "1"
    services.set_published(request.user, service, publish, request=request)
    messages.success(
        request, _("Layanan diterbitkan.") if publish else _("Layanan ditarik dari katalog publik.")
    )
    return redirect("portfolio:service_list", institution.slug)


@public
def public_catalogue(request, inst):
    """The public catalogue page: published services by category, nothing internal."""
    institution = get_object_or_404(Institution, slug=inst)
    items = (
        Service.objects.published()
        .filter(institution=institution)
        .select_related("owner_unit", "application__last_probe")
        .order_by("sort_order", "name")
    )
    category = request.GET.get("kategori", "")
    if category in ServiceCategory.values:
        items = items.filter(category=category)
    grouped: dict[str, list] = {}
    for service in items:
        grouped.setdefault(service.category, []).append(service_out(service))
    sections = [(code, label, grouped[code]) for code, label in ServiceCategory.choices if code in grouped]
    context = {
        "institution": institution,
        "sections": sections,
        "category": category,
        "categories": ServiceCategory.choices,
    }
    return render(request, "portfolio/public_catalogue.html", context)
