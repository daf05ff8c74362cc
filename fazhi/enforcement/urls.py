from django.urls import path

from . import draw_views, officer_views, plan_views, views

app_name = "enforcement"
urlpatterns = [
    path("draws/", draw_views.draw_list, name="draw_list"),
    path("draws/plan/", plan_views.draw_plan, name="draw_plan"),
    path("draws/<int:pk>/", draw_views.draw_detail, name="draw_detail"),
    path("draws/<int:pk>/record.json", draw_views.draw_record, name="draw_record"),
    path("draws/targets/<int:pk>/result/", draw_views.target_result, name="target_result"),
    path("officers/", officer_views.officer_list, name="officer_list"),
    path("leniency/", views.leniency_lists, name="leniency_lists"),
    path("leniency/<int:pk>/", views.leniency_detail, name="leniency_detail"),
    path("leniency/<int:pk>/items/", views.leniency_item_add, name="leniency_item_add"),
    path("leniency/<int:pk>/publish/", views.leniency_publish, name="leniency_publish"),
]
