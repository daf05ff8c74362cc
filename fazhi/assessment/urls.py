from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("", views.scheme_list, name="scheme_list"),
    path("new/", views.scheme_create, name="scheme_create"),
    path("<int:pk>/", views.scheme_detail, name="scheme_detail"),
    path("<int:pk>/edit/", views.scheme_edit, name="scheme_edit"),
    path("<int:pk>/items/new/", views.item_create, name="item_create"),
    path("<int:pk>/scores/", views.scores, name="scores"),
    path("<int:pk>/units/<int:unit_pk>/", views.unit_detail, name="unit_detail"),
    path("<int:pk>/<str:verb>/", views.scheme_transition, name="scheme_transition"),
    path("items/<int:pk>/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/delete/", views.item_delete, name="item_delete"),
    path("items/<int:item_pk>/units/<int:unit_pk>/score/", views.manual_entry,
         name="manual_entry"),
    path("items/<int:item_pk>/units/<int:unit_pk>/objection/", views.objection_create,
         name="objection_create"),
    path("evidence/<int:pk>/", views.manual_evidence, name="manual_evidence"),
    path("objections/<int:pk>/", views.objection_rule, name="objection_rule"),
]
