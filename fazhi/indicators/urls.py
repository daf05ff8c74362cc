from django.urls import path

from . import cockpit_views, reported_views, targets, views

app_name = "indicators"
urlpatterns = [
    path("", views.catalogue_list, name="catalogue"),
    path("catalogue/<str:code>/", views.definition_detail, name="definition"),
    path("values/<int:pk>/", views.value_detail, name="value_detail"),
    path("cockpit/", cockpit_views.cockpit_view, name="cockpit"),
    path("cockpit/counties/", cockpit_views.cockpit_compare_view, name="cockpit_compare"),
    path("targets/", targets.target_list, name="targets"),
    path("targets/<int:pk>/", targets.target_list, name="target_edit"),
    path("targets/<int:pk>/delete/", targets.target_delete, name="target_delete"),
    path("recompute/", views.recompute, name="recompute"),
    path("recompute/<int:pk>/", views.recompute_progress, name="recompute_progress"),
    path("reported/", reported_views.reported_list, name="reported_list"),
    path("reported/new/", reported_views.reported_new, name="reported_new"),
    path("reported/<int:pk>/", reported_views.reported_detail, name="reported_detail"),
    path("reported/<int:pk>/edit/", reported_views.reported_edit, name="reported_edit"),
    path("reported/<int:pk>/evidence/", reported_views.reported_evidence,
         name="reported_evidence"),
    path("reported/<int:pk>/<str:verb>/", reported_views.reported_transition,
         name="reported_transition"),
]
