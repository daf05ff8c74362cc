"""The committees' pages, included in fazhi.registers.urls before the
per-register patterns (namespace ``registers``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("mediation/committees/", views.committee_list, name="med_committee_list"),
    path("mediation/committees/new/", views.committee_new, name="med_committee_new"),
    path("mediation/committees/<int:pk>/", views.committee_detail, name="med_committee_detail"),
    path("mediation/committees/<int:pk>/mediators/", views.mediator_add, name="med_mediator_add"),
]
