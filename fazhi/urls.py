from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from fazhi.core import admin_site
from fazhi.core import views as core_views
from fazhi.org import auth as org_auth

admin_site.configure()

urlpatterns = [
    path("", core_views.home, name="home"),
    path("", include("fazhi.core.urls")),  # notifications, search
    path("login/", org_auth.LoginView.as_view(), name="login"),
    path("password/", org_auth.PasswordChangeView.as_view(), name="password_change"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("plans/", include("fazhi.plans.urls")),
    path("org/", include("fazhi.org.urls")),
    path("audit/", include("fazhi.audit.urls")),
    path("registers/", include("fazhi.registers.urls")),
    path("enforcement/", include("fazhi.enforcement.urls")),
    path("analysis/", include("fazhi.analysis.urls")),
    path("indicators/", include("fazhi.indicators.urls")),
    path("reports/", include("fazhi.reports.urls")),
    path("assessment/", include("fazhi.assessment.urls")),
    path("public/", include("fazhi.portal.urls")),  # 公众门户: no login, read-only
    path("admin/", admin.site.urls),
]

# Uploaded files are never served directly: downloads go through scoped views.
