"""Attaches the request's access policy (see fazhi.org.policy)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject


class PolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from fazhi.org.policy import Policy

        request.policy = SimpleLazyObject(lambda: Policy.for_user(request.user))
        return self.get_response(request)
