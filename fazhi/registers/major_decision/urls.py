"""The catalogue's pages, included in fazhi.registers.urls before the
per-register patterns (namespace ``registers``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("major_decision/catalogues/", views.catalogue_list, name="md_catalogue_list"),
    path("major_decision/catalogues/new/", views.catalogue_new, name="md_catalogue_new"),
    path("major_decision/catalogues/<int:pk>/", views.catalogue_detail, name="md_catalogue_detail"),
    path("major_decision/catalogues/<int:pk>/approve/", views.catalogue_approve,
         name="md_catalogue_approve"),
    path("major_decision/catalogues/<int:pk>/publish/", views.catalogue_publish,
         name="md_catalogue_publish"),
]
