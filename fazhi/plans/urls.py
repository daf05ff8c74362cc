from django.urls import path

from . import counties_views, edit_views, ledger_views, review_views, views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("import/", views.plan_import, name="plan_import"),
    path("counties/", counties_views.county_comparison, name="county_comparison"),
    path("import/<int:pk>/", views.plan_import_preview, name="plan_import_preview"),
    path("<int:pk>/", ledger_views.plan_detail, name="plan_detail"),
    path("<int:pk>/edit/", edit_views.plan_edit, name="plan_edit"),
    path("<int:pk>/due-dates/", edit_views.bulk_due_dates, name="bulk_due_dates"),
    path("<int:pk>/withdraw/", edit_views.plan_withdraw, name="plan_withdraw"),
    path("tasks/<int:pk>/edit/", edit_views.task_edit, name="task_edit"),
    path("<int:pk>/overview/", views.plan_overview, name="plan_overview"),
    path("<int:pk>/periods/", views.period_list, name="period_list"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/units/", ledger_views.task_units, name="task_units"),
    path("ledger/", ledger_views.assignment_list, name="assignment_list"),
    path("assignments/<int:assignment_pk>/periods/<int:period_pk>/report/", views.report_edit,
         name="report_edit"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/bulk/", review_views.report_bulk, name="report_bulk"),
    path("urge/", review_views.urge, name="urge"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/<str:verb>/", views.report_transition, name="report_transition"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
]
