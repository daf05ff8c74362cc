"""Template helpers of the public portal."""

from django import template

from fazhi.org.models import Region
from fazhi.portal import published

register = template.Library()


@register.filter
def region_key(region: Region) -> str:
    """The county's segment of the portal's stable URLs (its 行政区划代码 or id)."""
    return published.region_key(region)
