"""公众门户 (/public/): no login, read-only, stable URLs.

A county is named by its 行政区划代码 (its id when it has none): the URL of a
published report does not change when other reports are added or edited."""

from django.urls import path

from . import enforcement_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<str:region>/<int:year>/", views.report_detail, name="report_detail"),
    path("reports/<str:region>/<int:year>/docx/", views.report_docx, name="report_docx"),
    path("disclosure/", views.disclosure_list, name="disclosure_list"),
    path("disclosure/<str:region>/<int:year>/", views.disclosure_detail, name="disclosure_detail"),
    path("normative/", views.normative_list, name="normative_list"),
    path("enforcement/", enforcement_views.decisions, name="enforcement_decisions"),
    path("enforcement/bodies/", enforcement_views.bodies, name="enforcement_bodies"),
    path("enforcement/inspections/", enforcement_views.inspections, name="inspection_results"),
]
