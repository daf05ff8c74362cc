from django.urls import path

from . import views, views_corrections

app_name = "analysis"
urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("upload/", views.upload, name="upload"),
    path("batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/progress/", views.batch_progress, name="batch_progress"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/status/", views.report_status, name="report_status"),
    path("reports/<int:pk>/file/", views.report_file, name="report_file"),
    path("reports/<int:pk>/reread/", views.report_reread, name="report_reread"),
    path("reports/<int:pk>/facts/add/", views_corrections.fact_add, name="fact_add"),
    path("facts/<int:pk>/correct/", views_corrections.fact_correct, name="fact_correct"),
    path("compare/", views.compare, name="compare"),
]
