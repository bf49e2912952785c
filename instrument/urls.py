from django.urls import path

from instrument import views

app_name = "instrument"
urlpatterns = [
    path("", views.framework_list, name="framework_list"),
    path("<slug:slug>/", views.framework_detail, name="framework_detail"),
    path("<slug:slug>/versi/<int:number>/", views.framework_detail, name="framework_version"),
    path("<slug:slug>/simulasi/", views.simulator, name="simulator"),
]
