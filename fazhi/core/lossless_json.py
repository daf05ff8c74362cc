"""Django's JSON serializer without its loss of precision, for backups.

``DjangoJSONEncoder`` cuts datetimes and times to milliseconds (ECMA-262's
format). A backup must give back what it took, and its checksum must not
depend on whether a timestamp's microseconds happen to be under 1,000 (then
``.000`` is written and the restored value prints without it). This format
writes full ISO 8601; Django's ordinary JSON deserializer reads it back."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder


class LosslessEncoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            if isinstance(o, datetime.time) and o.utcoffset() is not None:
                raise ValueError("JSON 无法表示带时区的时间。")
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self) -> None:
        super()._init_options()
        self.json_kwargs["cls"] = LosslessEncoder


Deserializer = django_json.Deserializer
