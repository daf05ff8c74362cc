from django.urls import path

from . import views
from .major_decision.urls import urlpatterns as major_decision_urls
from .mediation.urls import urlpatterns as mediation_urls
from .rectification.urls import urlpatterns as rectification_urls

app_name = "registers"
urlpatterns = [
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    # Before the per-register patterns, so "disclosure/annual-report/" is never read as a key.
    path("disclosure/annual-report/", views.disclosure_annual_report,
         name="disclosure_annual_report"),
    *major_decision_urls,  # the yearly catalogue's pages, before "<str:key>/…"
    *rectification_urls,  # inspections and risk signals, before "<str:key>/…"
    *mediation_urls,  # committees and mediators, before "<str:key>/…"
    path("<str:key>/", views.case_list, name="case_list"),
    path("<str:key>/new/", views.case_open, name="case_open"),
    path("<str:key>/template.xlsx", views.excel_template, name="excel_template"),
    path("<str:key>/import/", views.excel_import, name="excel_import"),
    path("<str:key>/import/<int:pk>/", views.import_job, name="import_job"),
    path("<str:key>/import/<int:pk>/progress/", views.import_job_progress,
         name="import_job_progress"),
    path("<str:key>/import/<int:pk>/restart/", views.import_job_restart,
         name="import_job_restart"),
    path("<str:key>/<int:pk>/", views.case_detail, name="case_detail"),
    path("<str:key>/<int:pk>/correct/", views.case_correct, name="case_correct"),
    path("<str:key>/<int:pk>/<str:event>/", views.case_event, name="case_event"),
]
