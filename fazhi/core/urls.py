"""Site-wide pages of fazhi.core: the notification inbox, the search, background exports."""

from django.urls import path

from . import exports, notifications, search

urlpatterns = [
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/<int:pk>/open/", notifications.notification_open, name="notification_open"),
    path("notifications/read-all/", notifications.notification_read_all,
         name="notification_read_all"),
    path("search/", search.search, name="search"),
    path("exports/<int:pk>/", exports.export_job, name="export_job"),
    path("exports/<int:pk>/restart/", exports.export_restart, name="export_restart"),
    path("exports/<int:pk>/download/", exports.export_download, name="export_download"),
]
