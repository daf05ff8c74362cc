from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("contributions/", views.contribution_list, name="contribution_list"),
    path("contributions/<int:pk>/", views.contribution_edit, name="contribution_edit"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/sections/new/", views.section_edit, name="section_add"),
    path("<int:pk>/sections/<int:section_pk>/", views.section_edit, name="section_edit"),
    path("<int:pk>/sections/<int:section_pk>/delete/", views.section_delete,
         name="section_delete"),
    path("<int:pk>/refresh/", views.refresh_figures, name="refresh_figures"),
    path("<int:pk>/versions/", views.versions, name="versions"),
    path("<int:pk>/sign-off/", views.sign_off, name="sign_off"),
    path("<int:pk>/contribution/", views.contribution_request, name="contribution_request"),
    path("<int:pk>/export.<str:fmt>", views.export, name="export"),
    path("<int:pk>/<str:verb>/", views.transition, name="transition"),
]
