"""Page-number pagination shared by the list pages and the API lists; every list states its total count."""

from dataclasses import dataclass

from django.core.paginator import EmptyPage, Paginator

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 200


class PageError(ValueError):
    pass


@dataclass
class Page:
    items: list
    count: int
    number: int
    size: int
    num_pages: int

    @property
    def has_next(self):
        return self.number < self.num_pages

    @property
    def has_previous(self):
        return self.number > 1


def paginate(queryset, page: int | str | None = 1, size: int | str | None = None) -> Page:
    try:
        number = int(page or 1)
        size = int(size or DEFAULT_PAGE_SIZE)
    except (TypeError, ValueError) as exc:
        raise PageError("page and page_size must be whole numbers") from exc
    if number < 1 or not 1 <= size <= MAX_PAGE_SIZE:
        raise PageError(f"page must be 1 or more and page_size between 1 and {MAX_PAGE_SIZE}")
    paginator = Paginator(queryset, size)
    try:
        current = paginator.page(number)
    except EmptyPage:
        if number == 1:
            return Page([], 0, 1, size, 1)
        raise PageError(f"page {number} is past the last page ({paginator.num_pages})") from None
    return Page(list(current.object_list), paginator.count, number, size, paginator.num_pages)
