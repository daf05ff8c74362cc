from django.urls import path

from . import views

app_name = "analysis"
urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("upload/", views.upload, name="upload"),
    path("batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/progress/", views.batch_progress, name="batch_progress"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/file/", views.report_file, name="report_file"),
    path("reports/<int:pk>/reread/", views.report_reread, name="report_reread"),
    path("compare/", views.compare, name="compare"),
]
