"""The inspections' and the risk signals' pages, included in
fazhi.registers.urls before the per-register patterns (namespace ``registers``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("rectification/inspections/", views.inspection_list, name="rect_inspection_list"),
    path("rectification/inspections/new/", views.inspection_new, name="rect_inspection_new"),
    path("rectification/inspections/<int:pk>/", views.inspection_detail,
         name="rect_inspection_detail"),
    path("rectification/signals/", views.signal_list, name="rect_signal_list"),
    path("rectification/signals/raise/", views.signal_raise, name="rect_signal_raise"),
]
