from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("", views.catalogue_list, name="catalogue"),
    path("catalogue/<str:code>/", views.definition_detail, name="definition"),
    path("values/<int:pk>/", views.value_detail, name="value_detail"),
    path("recompute/", views.recompute, name="recompute"),
    path("recompute/<int:pk>/", views.recompute_progress, name="recompute_progress"),
]
