from django.urls import path

from . import officer_views, views

app_name = "enforcement"
urlpatterns = [
    path("officers/", officer_views.officer_list, name="officer_list"),
    path("leniency/", views.leniency_lists, name="leniency_lists"),
    path("leniency/<int:pk>/", views.leniency_detail, name="leniency_detail"),
    path("leniency/<int:pk>/items/", views.leniency_item_add, name="leniency_item_add"),
    path("leniency/<int:pk>/publish/", views.leniency_publish, name="leniency_publish"),
]
