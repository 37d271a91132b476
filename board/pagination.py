"""Pagination without a COUNT(*): fetch one row more than a page to know if another follows.

Two ways to reach a page, both keeping `page` (the number shown):
- by cursor (`after` / `before` = the public id of the last / first post of the page next to
  it): each page starts where the index scan left off, so page 500 costs what page 1 costs.
  Used for the orderings in `filters.SORTS`, whose columns all run the same direction.
- by offset (`page` alone): for relevance order, and for old links that carry only a number.
"""

import re
from dataclasses import dataclass

from .sql import with_sql

CURSOR = re.compile(r"^[0-9a-z]{1,16}$")
# The query parameters that say which page of a list, as opposed to which list.
PAGING_PARAMETERS = ("page", "after", "before")


@dataclass
class Page:
    object_list: list
    number: int
    has_next: bool
    next_cursor: str | None = None
    previous_cursor: str | None = None
    has_previous_rows: bool | None = None

    @property
    def has_previous(self) -> bool:
        if self.has_previous_rows is not None:
            return self.has_previous_rows
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return max(self.number - 1, 1)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


def page_number_from(value, *, default: int = 1, maximum: int = 10_000) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return min(max(number, 1), maximum)


def without_paging(query):
    """A copy of a QueryDict of list parameters, its paging parameters left out."""
    params = query.copy()
    for name in PAGING_PARAMETERS:
        params.pop(name, None)
    return params


def cursor_from(value) -> str | None:
    """A well-formed cursor or None: anything else is ignored, never an error."""
    return value if isinstance(value, str) and CURSOR.match(value) else None


def paginate(queryset, number: int, per_page: int) -> Page:
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return Page(object_list=rows[:per_page], number=number, has_next=len(rows) > per_page)


def _row_comparison(queryset, ordering: tuple[str, ...], cursor: str, *, forward: bool):
    """Rows strictly past the cursor's post in `ordering`, as one indexable row comparison."""
    meta = queryset.model._meta
    quote = queryset.query.get_compiler(queryset.db).quote_name_unless_alias
    table = quote(meta.db_table)
    descending = ordering[0].startswith("-")
    columns = [meta.get_field(name.lstrip("-")).column for name in ordering]
    mine = ", ".join(f"{table}.{quote(column)}" for column in columns)
    theirs = ", ".join(f"cursor_row.{quote(column)}" for column in columns)
    operator = "<" if descending == forward else ">"
    reference = f"SELECT {{}} FROM {table} cursor_row WHERE cursor_row.{quote('public_id')} = %s"
    first = f"{table}.{quote(columns[0])}"
    first_operator = operator + "="
    return with_sql(
        queryset,
        where=[
            # The leading column alone lets every database start the index scan at the cursor.
            f"{first} {first_operator} ({reference.format('cursor_row.' + quote(columns[0]))})",
            f"({mine}) {operator} ({reference.format(theirs)})",
        ],
        params=[cursor, cursor],
    )


def _reversed(ordering: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name[1:] if name.startswith("-") else f"-{name}" for name in ordering)


def paginate_keyset(
    queryset,
    *,
    ordering: tuple[str, ...],
    number: int,
    per_page: int,
    after: str | None = None,
    before: str | None = None,
) -> Page:
    """The page after (or before) the post whose public id is the cursor; page 1 without one.

    `number` is only what the page is called; without a cursor a number past 1 falls back to
    an offset, so old `?page=N` links keep working.
    """
    if len({name.startswith("-") for name in ordering}) != 1:
        raise ValueError("Cursor pagination needs every ordering column in one direction")
    queryset = queryset.order_by(*ordering)
    if before:
        rows = list(
            _row_comparison(queryset, ordering, before, forward=False).order_by(
                *_reversed(ordering)
            )[: per_page + 1]
        )
        more_before = len(rows) > per_page
        rows = rows[:per_page][::-1]
        return _cursor_page(rows, max(number, 1), has_next=True, has_previous=more_before)
    if after:
        rows = list(_row_comparison(queryset, ordering, after, forward=True)[: per_page + 1])
        number = max(number, 2)
    else:
        rows = list(queryset[(number - 1) * per_page : number * per_page + 1])
    has_next = len(rows) > per_page
    return _cursor_page(rows[:per_page], number, has_next=has_next, has_previous=number > 1)


def _cursor_page(rows, number: int, *, has_next: bool, has_previous: bool) -> Page:
    first, last = (rows[0], rows[-1]) if rows else (None, None)
    return Page(
        object_list=rows,
        number=number,
        has_next=has_next and last is not None,
        next_cursor=last.public_id if last is not None else None,
        # Page 1 needs no cursor: its address is the plain list.
        previous_cursor=first.public_id if first is not None and number > 2 else None,
        has_previous_rows=has_previous,
    )
