"""Writing a register import in bulk (issue 10, items 8 and 10).

The rows are replayed through ``Register.import_row`` with a staging active
(fazhi.core.staging): the same forms, actions, gates and clocks as the web
pages, but the new records stay in memory. This module gives a staged import
its case numbers and writes a staged batch: one ``bulk_create`` per model,
the case numbers taken from the row-locked counter as a range, and the audit
entries appended to the hash chain in order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.db import models

from fazhi.audit import service as audit
from fazhi.core import staging
from fazhi.core.numbering import peek, take_range

from .models import Case

if TYPE_CHECKING:
    from fazhi.org.models import Region

    from .base import Register


@contextmanager
def staged_writes() -> Iterator[staging.Staging]:
    """Run write-path actions (OpenCase, RecordEvent …) in memory and write
    what they made in bulk at the end, inside the caller's transaction: the
    same forms, gates, clocks and audit entries as one by one, for the demo's
    thousands of cases. A caller that refuses a record part-way rolls it back
    with ``st.rollback(st.mark())`` as an import does for a row."""
    st = staging.Staging()
    with st.activate():
        yield st
    objects, entries = st.take()
    numbers = {(key[1], key[2]): value for key, value in st.cache.items()
               if isinstance(key, tuple) and key[0] == "case-numbers"}
    if objects or entries:
        register = next((o.register for o in objects if isinstance(o, Case)), "")
        write_batch(objects, entries, numbers, register)


def case_numbers(reg: Register, region: Region) -> CaseNumbers:
    """The import's numbering of (register, county), kept by the staging."""
    return staging.memo(("case-numbers", reg.key, region.pk), lambda: CaseNumbers(reg, region))


class CaseNumbers:
    """Case numbers of one register and county during an import.

    Checking the file, each new case without a number gets a provisional one
    from the counter's current value, as the row-by-row path would; a number
    typed in a row is refused when the county already has it or an earlier
    row has it. Writing, the real numbers are taken from the counter under
    its row lock, a range per year, skipping the numbers in the database and
    every number typed in the file."""

    def __init__(self, reg: Register, region: Region) -> None:
        self.reg, self.region = reg, region
        self.existing = self._stored()
        self.staged: set[str] = set()  # numbers of this import's cases so far
        self.typed: set[str] = set()  # of those, typed in the file
        self.last: dict[int, int] = {}  # year → last provisional value
        # A counter created by the import starts, as row by row, at the cases of
        # its year already saved: those in the database and the file's rows of
        # that year before its first row without a number.
        self.in_year: dict[int, int] = defaultdict(int)  # the file's cases per year so far
        self.before_auto: dict[int, int] = {}  # year → the file's cases before its first auto
        self.stored_in_year: dict[int, int] = {}  # year → database count when writing began
        self.writing = False

    def _stored(self) -> set[str]:
        return set(Case.objects.filter(register=self.reg.key, region=self.region)
                   .values_list("number", flat=True))

    def text(self, year: int, n: int) -> str:
        return f"{self.region.name}{self.reg.number_prefix}〔{year}〕{n}号"

    @property
    def kind(self) -> str:
        return f"case:{self.reg.key}"

    def _start(self, year: int) -> int:
        return Case.objects.filter(register=self.reg.key, region=self.region,
                                   started_on__year=year).count()

    def taken(self, number: str) -> bool:
        return number in self.existing or number in self.staged

    def provisional(self, year: int) -> str:
        value = self.last.get(year)
        if value is None:
            value = peek(self.kind, self.region.pk, year,
                         start=lambda: self._start(year) + self.in_year[year])
        value += 1
        while self.taken(self.text(year, value)):
            value += 1
        self.last[year] = value
        return self.text(year, value)

    def add(self, case: Case, *, auto: bool) -> None:
        case._auto_number = auto  # type: ignore[attr-defined]
        year = case.started_on.year
        if auto and year not in self.before_auto:
            self.before_auto[year] = self.in_year[year]
        self.in_year[year] += 1
        self.staged.add(case.number)
        if not auto:
            self.typed.add(case.number)

    def assign(self, cases: list[Case]) -> None:
        """Real numbers for the batch's auto-numbered cases (in a transaction)."""
        if not self.writing:  # the first batch: what the database holds now
            self.writing = True
            self.existing = self._stored()
            self.stored_in_year = {y: self._start(y) for y in self.before_auto}
        by_year: dict[int, list[Case]] = defaultdict(list)
        for case in cases:
            if getattr(case, "_auto_number", False):
                by_year[case.started_on.year].append(case)
        for year, group in by_year.items():
            values = take_range(
                self.kind, self.region.pk, year, len(group),
                start=lambda y=year: self.stored_in_year.get(y, 0) + self.before_auto.get(y, 0),
                taken=lambda n, y=year: (self.text(y, n) in self.existing
                                         or self.text(y, n) in self.typed))
            for case, value in zip(group, values, strict=True):
                case.number = self.text(year, value)
        self.existing.update(c.number for c in cases)


def write_batch(objects: list[models.Model], entries: list[dict[str, Any]],
                numbers: dict[tuple[str, int], CaseNumbers], register: str) -> int:
    """Write one staged batch inside the caller's transaction; the number of
    cases of ``register`` written (a row may open cases of another register,
    e.g. a legality review)."""
    from .base import get_register

    cases = [o for o in objects if isinstance(o, Case)]
    groups: dict[tuple[str, int], list[Case]] = defaultdict(list)
    for case in cases:
        groups[(case.register, case.region_id)].append(case)
    for key, group in groups.items():
        if key not in numbers:
            numbers[key] = CaseNumbers(get_register(key[0]), group[0].region)
        numbers[key].assign(group)
    staging.write(objects)
    # bulk_create sends no post_save: ask for the figures the cases' saves would have.
    from django.db.models.signals import post_save

    for case in {(c.region_id, c.started_on.year, c.closed_on and c.closed_on.year): c
                 for c in cases}.values():
        post_save.send(sender=Case, instance=case, created=True, raw=False,
                       using="default", update_fields=None)
    prepared = []
    for spec in entries:
        obj, fields = spec["obj"], spec["fields"]
        fields["object_id"] = str(obj.pk)[:64]
        fields["object_repr"] = str(obj)[:300]
        if spec.get("created"):  # the id (and a taken number) known only now
            after = dict(spec["after"], id=obj.pk)
            if isinstance(obj, Case):
                after["number"] = obj.number
            fields["changes"] = audit.labelled_changes(obj, None, after)
        prepared.append(fields)
    audit.append_many(prepared)
    return sum(1 for c in cases if c.register == register)
