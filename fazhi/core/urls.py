"""Site-wide pages of fazhi.core: the notification inbox and the search."""

from django.urls import path

from . import notifications, search

urlpatterns = [
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/<int:pk>/open/", notifications.notification_open, name="notification_open"),
    path("notifications/read-all/", notifications.notification_read_all,
         name="notification_read_all"),
    path("search/", search.search, name="search"),
]
