"""Lay a brief out again from the page where a repair can first change it (issue 24).

`publish.pdf._lay_out` lays a brief out more than once when a footnote must be given room
back (a block starts a new page) or the notes of the colophon's page are set after the text:
on the seed's variants, two layouts a brief on average. The HTML of the second layout is the
first's up to the repaired block, and WeasyPrint lays pages out in order, each from the
state the previous one left (`context.page_maker`: where the page resumes in the box tree,
its counters, its side), so the pages before that block are the same. This module lets the
second layout take those pages from the first and start WeasyPrint's page loop at the first
page that can differ.

It replaces `weasyprint.layout.layout_document` (and the `make_all_pages` loop inside it)
of WeasyPrint 70.0, as `weasyprint.document` calls it, with a copy that:

- when given `Resume` (what an earlier layout kept and the page to start from), seeds the
  page maker with the earlier layout's states up to that page and yields the earlier
  layout's pages before it, as WeasyPrint itself does for pages that are up to date when it
  repaginates;
- records what a later layout needs (`Kept`): the page maker's states, each page before its
  margin boxes were added, and which pages began with nothing carried over (no deferred
  footnote, nothing broken out of flow, no running element), the only ones a layout may
  start from.

Everything else is upstream's code. With another WeasyPrint version the upstream function
runs and nothing is reused. `tests/test_resume.py` compares the PDFs of resumed layouts with
full ones, byte for byte.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

VERSION = "70.0"  # the WeasyPrint whose layout_document this copies


@dataclass
class Kept:
    """What a finished layout leaves for a later one to start from."""

    page_maker: list[Any]
    bare: list[tuple[Any, tuple[Any, ...], list[Any]]]  # (page, its children, its root's)
    clean: dict[int, bool] = field(default_factory=dict)  # page index -> may start there
    html: Any = None  # the HTML tree the pages' boxes come from
    fonts: tuple[Any, ...] = ()  # the font configurations their glyphs live in


@dataclass
class Resume:
    kept: Kept
    page: int  # 0-based: the first page laid out again


_resume: ContextVar[Resume | None] = ContextVar("publish_resume", default=None)
_kept: ContextVar[Kept | None] = ContextVar("publish_kept", default=None)
# (pages to make, the page count to number them by): a layout of the first pages only.
_first: ContextVar[tuple[int, int] | None] = ContextVar("publish_first", default=None)
# True when the layout is no longer wanted (the preview: a newer save waits).
_cancel: ContextVar[Callable[[], bool] | None] = ContextVar("publish_cancel", default=None)
_installed = False


def install() -> bool:
    """Put the copy in place of WeasyPrint's `layout_document` (once; False when the
    installed WeasyPrint is not the version copied)."""
    global _installed
    import weasyprint
    from weasyprint import document

    if weasyprint.__version__ != VERSION:
        return False
    if not _installed:
        document.layout_document = layout_document
        _installed = True
    return True


@contextmanager
def upstream() -> Iterator[None]:
    """WeasyPrint's own `layout_document` for the time of the block: every layout whole
    (the tests and benchmarks compare against it)."""
    from weasyprint import document, layout

    install()
    ours = document.layout_document
    document.layout_document = layout.layout_document
    try:
        yield
    finally:
        document.layout_document = ours


def start_from(kept: Kept, page: int) -> Resume | None:
    """The layout may start at `page` or at the nearest clean page before it (None: at 0)."""
    while page > 0 and not kept.clean.get(page, False):
        page -= 1
    return Resume(kept, page) if page > 0 else None


@contextmanager
def _bound(var: ContextVar[Any], value: Any) -> Iterator[None]:
    """`var` holds `value` for the time of the block (the layouts inside it read it)."""
    token = var.set(value)
    try:
        yield
    finally:
        var.reset(token)


def run(resume: Resume | None) -> AbstractContextManager[None]:
    """The layouts inside the block start as `resume` says."""
    return _bound(_resume, resume)


def first_pages(count: int, total: int) -> AbstractContextManager[None]:
    """The layouts inside the block stop after `count` pages, their running heads and feet
    numbered as if the brief had `total` (a guess: the last layout's count). The live
    preview draws the first page from it while the rest is laid out, by a layout that
    resumes from it (`start_from(kept, count)`)."""
    return _bound(_first, (count, total))


class Cancelled(Exception):
    """A layout stopped before a page because `cancel_when`'s check said so."""


def cancel_when(check: Callable[[], bool] | None) -> AbstractContextManager[None]:
    """The layouts inside the block ask `check()` before each page they make, and stop
    with `Cancelled` when it is true (None: never): the preview drops a layout a newer save
    made stale after one page (~30 ms), not after the whole brief. Nothing a later layout
    reads is left half-made: what a layout keeps is set once its pages are all made."""
    return _bound(_cancel, check)


def take_kept() -> Kept | None:
    """What the last layout of this context kept (once)."""
    kept = _kept.get()
    _kept.set(None)
    return kept


def _reused(bare: tuple[Any, tuple[Any, ...], list[Any]]) -> Any:
    """A copy of an earlier layout's page as it was before its margin boxes, sharing its
    content (never changed by what follows), so that the earlier layout stays whole."""
    page, children, root_children = bare
    root = children[0].copy()
    root.children = list(root_children)
    new = page.copy()
    new.children = (root, *children[1:])
    return new


def _make_all_pages(context: Any, root_box: Any, html: Any, pages: list[Any],
                    clean: dict[int, bool], reused: int,
                    stop: int = 0) -> Iterator[Any]:  # fmt: skip
    """weasyprint.layout.page.make_all_pages (70.0); pages before `reused` are up to date,
    `clean` records which pages began with nothing carried over, and a `stop` makes that
    many pages at most."""
    from weasyprint.layout.page import remake_page
    from weasyprint.logger import PROGRESS_LOGGER

    i = 0
    reported_footnotes = None
    context.rendered_notes = []
    cancelled = _cancel.get()
    while True:
        remake_state = context.page_maker[i][-1]
        if (
            i >= reused
            and (len(pages) == 0 or remake_state["content_changed"] or remake_state["pages_wanted"])
        ) or i >= len(pages):
            if cancelled is not None and cancelled():
                raise Cancelled
            PROGRESS_LOGGER.info("Step 5 - Creating layout - Page %d", i + 1)
            remake_state["content_changed"] = False
            remake_state["pages_wanted"] = False
            remake_state["anchors"] = []
            remake_state["content_lookups"] = []
            clean[i] = not (
                context.reported_footnotes
                or context.broken_out_of_flow
                or any(context.running_elements.values())
            )
            page, resume_at = remake_page(i, context, root_box, html)
            reported_footnotes = context.reported_footnotes
            yield page
        else:
            resume_at = context.page_maker[i + 1][0]
            reported_footnotes = None
            yield pages[i]
        i += 1
        if stop and i >= stop and (resume_at is not None or reported_footnotes):
            clean[i] = not (  # what the loop would record before making page i
                context.reported_footnotes
                or context.broken_out_of_flow
                or any(context.running_elements.values())
            )
            context.page_maker = context.page_maker[: i + 1]
            return
        if resume_at is None and not reported_footnotes:
            context.page_maker = context.page_maker[: i + 1]
            context.broken_out_of_flow.clear()
            context.reported_footnotes.clear()
            return


def layout_document(html: Any, root_box: Any, context: Any, max_loops: int = 8) -> Iterator[Any]:
    """weasyprint.layout.layout_document (70.0), starting where `_resume` says and keeping
    what a later layout needs in `_kept`."""
    from weasyprint.layout import initialize_page_maker, layout_fixed_boxes
    from weasyprint.layout.background import layout_backgrounds
    from weasyprint.layout.page import make_margin_boxes, set_page_type_computed_styles

    resume = _resume.get()
    stop = _first.get()
    initialize_page_maker(context, root_box)
    pages: list[Any] = []
    reused = 0
    clean: dict[int, bool] = {}
    if resume is not None:
        kept = resume.kept
        reused = resume.page
        # The earlier layout's states up to the first page laid out again: the same HTML
        # up to there gives the same states (where each page resumes, counters, sides).
        context.page_maker = copy.deepcopy(kept.page_maker[: reused + 1])
        context.page_maker[reused][-1]["content_changed"] = True
        pages = [_reused(bare) for bare in kept.bare[:reused]]
        for page in pages:  # their margin boxes are made below, from this cascade
            set_page_type_computed_styles(page.page_type, html, context.style_for)
            if not hasattr(page, "_publish_html"):  # reused twice: still the first tree's
                page._publish_html = kept.html
        clean.update((i, kept.clean.get(i, False)) for i in range(reused))
    original_footnotes: list[Any] = []
    actual_total_pages = 0

    for loop in range(max_loops):
        if loop > 0:
            context.footnotes = original_footnotes.copy()
            reused = 0  # a repagination is upstream's own
        initial_total_pages = actual_total_pages
        if loop == 0:
            original_footnotes = context.footnotes.copy()
        made = _make_all_pages(
            context, root_box, html, pages, clean, reused, stop[0] if stop else 0
        )
        pages = list(made)
        actual_total_pages = stop[1] if stop else len(pages)

        reloop_content = False
        reloop_pages = False
        for page_data in context.page_maker:
            _, _, _, page_state, remake_state = page_data
            page_counter_values = page_state[1]
            page_counter_values["pages"] = [actual_total_pages]
            if remake_state["content_changed"]:
                reloop_content = True
            if remake_state["pages_wanted"]:
                reloop_pages = initial_total_pages != actual_total_pages
        if stop or (not reloop_content and not reloop_pages):
            break  # the first pages only: as they first came, numbered by the guess

    watch_elements: list[Any] = []
    watch_elements_before: list[Any] = []
    watch_elements_after: list[Any] = []
    for i, page in enumerate(pages):
        _, _, _, page_state, _ = context.page_maker[i + 1]
        page_counter_values = page_state[1]
        for child in page.descendants():
            if child.bookmark_label:
                if child.element_tag.endswith("::before"):
                    checklist = watch_elements_before
                elif child.element_tag.endswith("::after"):
                    checklist = watch_elements_after
                else:
                    checklist = watch_elements
                if child.element in checklist:
                    child.bookmark_label = ""
                else:
                    checklist.append(child.element)
            if child.missing_link:
                for (box, css_token), item in context.target_collector.counter_lookup_items.items():
                    if child.missing_link == box and css_token != "content":
                        if css_token == "bookmark-label" and not child.bookmark_label:
                            continue
                        item.parse_again(page_counter_values)
                        if css_token == "bookmark-label":
                            child.bookmark_label = box.bookmark_label
            string_sets = child.string_set
            if string_sets and string_sets != "none":
                for string_set in string_sets:
                    string_name, text = string_set
                    context.string_set[string_name][i + 1].append(text)

    # Kept before the margin boxes replace the pages' children (the page maker is not
    # changed after this point).
    bare = [(page, page.children, list(page.children[0].children)) for page in pages]
    _kept.set(Kept(context.page_maker, bare, clean, html))

    for i, page in enumerate(pages):
        root_children: list[Any] = []
        root, footnote_area, note_area = page.children
        root_children.extend(layout_fixed_boxes(context, pages[:i], page))
        root_children.extend(root.children)
        root_children.extend(layout_fixed_boxes(context, pages[i + 1 :], page))
        root.children = root_children
        context.current_page = i + 1
        state = context.page_maker[context.current_page][3]
        children = [root]
        if footnote_area.children:
            children.append(footnote_area)
        if note_area.children:
            children.append(note_area)
        children.extend(make_margin_boxes(context, page, state))
        page.children = tuple(children)
        layout_backgrounds(page, context.get_image_from_uri)
        yield page


_ID = re.compile(r'\sid="([^"]*)"')


def start_page(old_html: str, new_html: str, order: list[str], pages: dict[str, int]) -> int:
    """The first page (0-based) a layout of `new_html` can lay out differently from one of
    `old_html` whose anchors are on `pages`: the page before the one where the last block
    (of `order`) begun before the first difference starts. That block's first lines may
    have been tried at the foot of the previous page and pushed on (a footnote, orphans),
    so that page's end can change; no earlier page ever saw it. 0: from the start."""
    limit = min(len(old_html), len(new_html))
    low, high = 0, limit  # the length of the common prefix, by halves
    while low < high:
        mid = (low + high + 1) // 2
        if old_html[:mid] == new_html[:mid]:
            low = mid
        else:
            high = mid - 1
    blocks = set(order)
    last = None
    for match in _ID.finditer(old_html, 0, low):
        if match.group(1) in blocks:
            last = match.group(1)
    if last is None or last not in pages:
        return 0
    return max(0, pages[last] - 1)


def element_indices(html: Any) -> dict[int, int]:
    """id(element) -> its index in document order, the same in two trees up to their first
    difference."""
    return {id(element): n for n, element in enumerate(html.etree_element.iter())}


def links_across(rendered: Any, page: int) -> bool:
    """True when a link's element has boxes on both sides of the break before `page` in a
    resumed layout: they would come from two HTML trees and be tagged as two links."""
    if not 0 < page < len(rendered.pages):
        return False
    before = rendered.pages[page - 1]._page_box
    html = getattr(before, "_publish_html", None)
    if html is None:
        return False
    old = element_indices(html)
    new = element_indices(rendered._html)

    def links(box: Any, index: dict[int, int]) -> set[int]:
        return {
            index[id(b.element)] for b in box.descendants()
            if getattr(b, "element_tag", None) == "a" and id(b.element) in index
        }  # fmt: skip

    return bool(links(before, old) & links(rendered.pages[page]._page_box, new))
