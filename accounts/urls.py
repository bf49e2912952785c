from django.urls import path

from accounts import sso, views

urlpatterns = [
    path("", views.account, name="account"),
    path("ubah-sandi/", views.password_change, name="password_change"),
    path("atur-sandi/<uidb64>/<token>/", views.password_set, name="password_set"),
    path("lupa-sandi/", views.password_reset, name="password_reset"),
    path("lupa-sandi/terkirim/", views.password_reset_done, name="password_reset_done"),
    path("2fa/", views.twofactor_setup, name="twofactor_setup"),
    path("2fa/verifikasi/", views.twofactor_verify, name="twofactor_verify"),
    path("2fa/nonaktifkan/", views.twofactor_disable, name="twofactor_disable"),
]

# Included at "oidc/" by swanilai/urls.py; the views answer 404 unless OIDC is configured.
oidc_urlpatterns = [
    path("authenticate/", sso.authenticate_view, name="oidc_authentication_init"),
    path("callback/", sso.callback_view, name="oidc_authentication_callback"),
]
