"""Signing in, passwords, the second factor and one's own account page."""

import math
from base64 import b32encode

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services, sso
from accounts.forms import CodeForm, ResetForm
from accounts.middleware import second_factor_url
from audit.services import record
from orgs.access import access_for, public, signed_in


def _next_url(request) -> str | None:
    """The `next` parameter, if it stays on this site."""
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


# -- signing in -----------------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_provider"] = sso.provider_name() if sso.enabled() else None
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        if services.must_verify(self.request):
            return redirect(second_factor_url(self.request.user, response.url))
        return response


login_view = public(LoginView.as_view())


def locked_out(request, original_response=None, credentials=None):
    """The page django-axes shows instead of the login form while a login is locked."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    return render(
        request, "accounts/locked_out.html", {"minutes": minutes}, status=settings.AXES_HTTP_RESPONSE_CODE
    )


# -- passwords ------------------------------------------------------------------------------------


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """The link in an invitation or a "lupa kata sandi" e-mail."""

    template_name = "accounts/password_set.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            record("auth.password_set", actor=form.user, obj=form.user, request=self.request)
        messages.success(
            self.request,
            _("Kata sandi tersimpan. Silakan masuk dengan nama pengguna %(username)s.")
            % {"username": form.user.get_username()},
        )
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            record("auth.password_change", actor=form.user, obj=form.user, request=self.request)
        messages.success(self.request, _("Kata sandi Anda telah diubah."))
        return response


password_set = public(PasswordSetView.as_view())
password_change = signed_in(PasswordChangeView.as_view())
password_reset = public(
    auth_views.PasswordResetView.as_view(
        form_class=ResetForm,
        template_name="accounts/password_reset.html",
        email_template_name="accounts/email/password_reset.txt",
        subject_template_name="accounts/email/password_reset_subject.txt",
        success_url=reverse_lazy("password_reset_done"),
    )
)
password_reset_done = public(
    auth_views.PasswordResetDoneView.as_view(
        template_name="accounts/password_reset_done.html",
    )
)


# -- second factor --------------------------------------------------------------------------------


def _qr_svg(data: str) -> str:
    import qrcode  # here, not at import: qrcode pulls in Pillow and lxml, needed only at enrolment
    import qrcode.image.svg

    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=15, border=2)
    return image.to_string(encoding="unicode")


def _secret_text(device) -> str:
    """The key in base32, in groups of four, for typing into the app by hand."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@signed_in
@require_http_methods(["GET", "POST"])
def twofactor_setup(request):
    user = request.user
    next_url = _next_url(request)
    if services.confirmed_device(user):
        if not user.is_verified():
            return redirect(second_factor_url(user, next_url))
        messages.info(request, _("Verifikasi dua langkah sudah aktif."))
        return redirect("account")
    device = services.pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enable_2fa(request, device, form.cleaned_data["code"])
        except services.TwoFactorError as exc:
            form.add_error("code", str(exc))
        else:
            messages.success(
                request,
                _(
                    "Verifikasi dua langkah aktif. Setiap kali masuk, Swanilai akan meminta "
                    "kode dari aplikasi autentikator Anda."
                ),
            )
            return redirect(next_url or "account")
    return render(
        request,
        "accounts/twofactor_setup.html",
        {
            "form": form,
            "next": next_url,
            "forced": access_for(user).needs_2fa(),
            "qr_svg": _qr_svg(device.config_url),
            "secret": _secret_text(device),
        },
    )


@signed_in
@require_http_methods(["GET", "POST"])
def twofactor_verify(request):
    user = request.user
    next_url = _next_url(request)
    if user.is_verified():
        return redirect(next_url or "home")
    if services.confirmed_device(user) is None:
        if access_for(user).needs_2fa():
            return redirect(second_factor_url(user, next_url))
        request.session[services.ENROLLED_SESSION_KEY] = False
        return redirect(next_url or "home")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.verify_second_factor(request, form.cleaned_data["code"])
        except services.TwoFactorError as exc:
            form.add_error("code", str(exc))
        else:
            return redirect(next_url or "home")
    return render(request, "accounts/twofactor_verify.html", {"form": form, "next": next_url})


# -- own account ----------------------------------------------------------------------------------


def _account_page(request, disable_form=None):
    user = request.user
    access = access_for(user)
    memberships = sorted(access.memberships, key=lambda m: (m.institution.name, m.role, str(m.unit or "")))
    return render(
        request,
        "accounts/account.html",
        {
            "memberships": memberships,
            "is_platform_admin": access.is_platform_admin,
            "has_2fa": services.confirmed_device(user) is not None,
            "forced": access.needs_2fa(),
            "disable_form": disable_form or CodeForm(auto_id="disable_%s"),
        },
    )


@signed_in
def account(request):
    return _account_page(request)


@signed_in
@require_POST
def twofactor_disable(request):
    form = CodeForm(request.POST, auto_id="disable_%s")
    if form.is_valid():
        try:
            services.disable_2fa(request, form.cleaned_data["code"])
        except services.TwoFactorError as exc:
            form.add_error("code", str(exc))
        else:
            messages.success(request, _("Verifikasi dua langkah dimatikan."))
            return redirect("account")
    return _account_page(request, disable_form=form)
