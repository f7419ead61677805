"""From what a reader found in the source (a RawBrief) to the validated Document.

Both source formats (plain text, Markdown) produce a RawBrief; everything after that is
shared: ids, note cross-checks, pull-quote links, quotation repair, language, slug.
"""

from __future__ import annotations

from pathlib import Path

from .. import images
from ..document import (
    Block,
    Colophon,
    Diagnostic,
    Document,
    Meta,
    Note,
    Style,
    block_inline_runs,
    list_items,
)
from ..i18n import language_notes
from . import meta as metamod
from .header import leading_facts
from .inlines import LOOSE_CALL, merge_text, parse_inlines, plain_text
from .language import resolve_language
from .layers import Layer, merge_layers
from .notelists import check_heading_levels, check_notes, take_text_notes
from .pullquotes import find_source, is_candidate
from .raw import Explanation, RawBlock, RawBrief
from .titles import fallback_title, series_and_number, split_series
from .typography import repair_double_quotes, unbalanced_opening


def build_document(raw: RawBrief, layers: list[Layer] | None = None) -> Document:
    """The Document for what a reader found, with metadata layered over `layers`.

    `layers` are the file layers (house profile, sidecar); front matter and what the
    text itself says come after them and win.
    """
    diags = list(raw.diagnostics)

    def report(level: str, line: int, message: str) -> None:
        diags.append(Diagnostic(level, line, message, raw.name))  # type: ignore[arg-type]

    stated = [(raw.language_by, {"language": raw.language})] if raw.language else []
    declared = [*(layers or []), *stated, ("front matter", raw.front_matter)]
    take_text_notes(raw, report)
    check_heading_levels(raw, report)
    title_rules(raw, declared, report)
    check_notes(raw, report)
    blocks, call_lines = _blocks(raw, report)
    for block in blocks:
        if raw.call_form == "[{}]" and (loose := LOOSE_CALL.search(block.text)):
            # Never a literal `[^3]` in an edition: plain text writes calls as [3].
            message = f"“{loose.group()}” is a Markdown note call; in plain text write [n]"
            report("error", block.line, message)
    notes = _notes(raw, report)
    _cross_check(blocks, notes, report, call_lines, raw.call_form)

    body_text = " ".join(b.text for b in blocks if b.type == "paragraph")
    # A declared language is never overridden by the text (issue 10): the last layer that
    # declares one wins, and the text may only warn that it looks like something else.
    declared_by, declared_language = next(
        ((name, data["language"]) for name, data in reversed(declared) if data.get("language")),
        (None, None),
    )
    language, said = resolve_language(body_text, declared_language, declared_by)
    if said:
        line = next((b.line for b in blocks if b.type == "paragraph"), 1)
        report(said[0], line, said[1])
    found = {
        "title": raw.title or None,
        "subtitle": raw.subtitle,
        "series": raw.series,
        "number": raw.number,
        "date": raw.date,
        "authors": raw.authors or None,
        "publisher": metamod.organisation_in(raw.disclaimer) if raw.disclaimer else None,
        "disclaimer": raw.disclaimer,
        "notices": raw.notices or None,
    }
    merged, conflicts = merge_layers([*declared, ("the text", found)], raw.name)
    merged["language"] = language
    diags += conflicts
    if not merged.get("publisher") and merged.get("disclaimer"):
        merged["publisher"] = metamod.organisation_in(merged["disclaimer"])

    merged.pop("series_names", None)
    merged.pop("lint", None)  # the lint's ignores (publish/lint/ignores.py), not the brief's
    # The release's Crossref settings, not the brief's: only the prefix reaches it, as its DOI.
    doi_prefix = merged.pop("doi_prefix", None)
    merged.pop("depositor_name", None)
    merged.pop("depositor_email", None)
    if len(merged.get("title") or "") > 200:
        report(
            "warning",
            raw.title_line or 1,
            f"title is {len(merged['title']):,} characters long; is it really the title?",
        )
    if not merged.get("date"):
        report("warning", 1, "no date found: expected a date line such as “June 16, 2025”")
    if not any(b.type == "paragraph" for b in blocks):
        report("error", 1, "no body paragraphs found")

    _check_images(blocks, Path(raw.name).parent, merged.get("paper") or "a4", report)

    disclaimer = merged.pop("disclaimer", None)
    notices = merged.pop("notices", [])
    title = merged.pop("title", "")
    style = Style(**merged.pop("style", {}))
    meta = Meta(
        style=style,
        title=title,
        language=merged.pop("language"),
        slug=merged.pop("slug", None) or metamod.slugify(title or Path(raw.name).stem),
        **merged,
    )
    if doi_prefix and not meta.doi:
        meta.doi = f"{doi_prefix}/{meta.slug}"
    colophon = Colophon(
        disclaimer=disclaimer,
        disclaimer_inlines=(
            raw.disclaimer_inlines
            if raw.disclaimer_inlines is not None
            else parse_inlines(disclaimer, calls=False)
            if disclaimer
            else []
        ),
        notices=list(notices),
    )
    # Labels in English or no hyphenation for the brief's language: say so (publish.i18n).
    diags += [Diagnostic("info", 0, n, raw.name) for n in language_notes(meta.language)]
    diags.sort(key=lambda d: (d.line, {"error": 0, "warning": 1, "info": 2}[d.level]))
    return Document(
        meta=meta, blocks=blocks, notes=notes, colophon=colophon, diagnostics=diags,
        source=raw.name,
    )  # fmt: skip


def title_rules(raw: RawBrief, declared: list[Layer], report) -> None:
    """The shared title rules: a series designation split off, else a title found."""
    known = [
        name
        for _, data in declared
        for name in [data.get("series") or "", *(data.get("series_names") or [])]
        if name
    ]
    if not raw.title and not any(data.get("title") for _, data in declared):
        fallback_title(raw, report)
    leading_facts(raw)
    if raw.title and raw.series is None:
        series, title = split_series(raw.title, known)
        if series:
            raw.series, raw.title = series, title
            why = "shared title rule: `Series: Title`, the part before the colon names a series"
            if raw.number is None:
                raw.series, raw.number = series_and_number(series)
                why += f"; brief number {raw.number}" if raw.number is not None else ""
            line = raw.title_line
            said = next(
                (e for e in raw.explanations if e.first == line and e.what == "title"), None
            )
            if said is not None:
                said.what, said.why = "series and title", f"{said.why}; {why}"
            else:
                raw.explanations.append(Explanation(line, line, "series and title", why))
    raw.explanations.sort(key=lambda e: (e.first, e.last))


PREFIX = {"heading": "sec", "paragraph": "p", "pullquote": "pq", "figure": "fig",
          "table": "tbl", "list": "list", "blockquote": "bq"}  # fmt: skip


def _merge_lists(raw_blocks: list[RawBlock], report) -> list[RawBlock]:
    """Adjacent lists of one kind become one list.

    Markdown cannot write two such lists one after the other (Python-Markdown reads them
    back as one), so every reader gives the one form the round trip keeps.
    """
    out: list[RawBlock] = []
    for block in raw_blocks:
        before = out[-1] if out else None
        if (
            block.type == "list"
            and before is not None
            and before.type == "list"
            and before.fields["ordered"] == block.fields["ordered"]
        ):
            if block.fields["ordered"]:
                expected = before.fields["start"] + len(before.fields["items"])
                if block.fields["start"] != expected:
                    report("info", block.line,
                           f"numbered list restarting at {block.fields['start']} joined to the "
                           f"list above (numbered on from {expected})")  # fmt: skip
            before.call_lines = before.call_lines + block.call_lines
            before.fields = {
                **before.fields,
                "items": before.fields["items"] + block.fields["items"],
            }
            continue
        out.append(block)
    return out


def _blocks(raw: RawBrief, report) -> tuple[list[Block], dict[str, list[int]]]:
    """The blocks, and for each block id the source line of each of its calls."""
    counters = dict.fromkeys(PREFIX, 0)
    blocks: list[Block] = []
    call_lines: dict[str, list[int]] = {}
    for raw_block in _merge_lists(raw.blocks, report):
        counters[raw_block.type] += 1
        inlines = merge_text(raw_block.inlines)
        block = Block(
            type=raw_block.type,  # type: ignore[arg-type]
            id=f"{PREFIX[raw_block.type]}{counters[raw_block.type]}",
            text="",
            inlines=inlines,
            line=raw_block.line,
            **raw_block.fields,
        )
        _tidy(block)
        if block.type in ("figure", "table"):
            block.number = counters[block.type]  # Figure 1, Table 1, in reading order
        runs = block_inline_runs(block)
        if block.type in ("figure", "table"):
            block.text = plain_text(block.caption).strip()
        else:
            block.text = " ".join(t for t in (plain_text(r).strip() for r in runs) if t)
        if block.type == "heading":
            block.level = 2
        if block.type not in ("heading", "pullquote"):
            refs = [r for run in runs for r in run if r.type == "noteref"]
            block.notes = [r.number for r in refs if r.number]
            if len(raw_block.call_lines) == len(refs):
                call_lines[block.id] = [
                    line for r, line in zip(refs, raw_block.call_lines, strict=True) if r.number
                ]
        if block.type == "figure" and block.alt == "":
            report("warning", block.line, f"figure {block.number} has no alt text: "
                   "marked decorative, so screen readers skip it")  # fmt: skip
        if block.type == "table" and not block.head and not block.rows:
            report("warning", block.line, f"table {block.number} is empty")
        blocks.append(block)
    # Every format links quotes to sources by the same rule, so that a brief and its
    # Markdown round trip agree.
    sources = [
        (b.id, b.text)
        for b in blocks
        if b.type == "paragraph" and not is_candidate(b.text, bool(b.notes))
    ]
    for block in blocks:
        if block.type != "pullquote":
            continue
        match = find_source(block.text, sources)
        if match is not None:
            block.source = match[0]
        else:
            report("warning", block.line, "pull quote: its source sentence is not in the body")
    # The last block is followed by None; an empty body has no blocks at all.
    for before, after in zip(blocks, [*blocks[1:], None][: len(blocks)], strict=True):
        if before.type == "heading" and (after is None or after.type == "heading"):
            report("warning", before.line, f"empty section “{before.text}”")
    return blocks, call_lines


def _notes(raw: RawBrief, report) -> list[Note]:
    notes: list[Note] = []
    seen: set[int] = set()
    previous = 0
    for raw_note in raw.notes:
        if raw_note.number in seen:
            report("error", raw_note.line, f"duplicate note number {raw_note.number}; dropped")
            continue
        if raw_note.number != previous + 1:
            report(
                "warning", raw_note.line,
                f"note {raw_note.number} out of order (expected {previous + 1})",
            )  # fmt: skip
        previous = raw_note.number
        seen.add(raw_note.number)
        if raw_note.inlines is None:
            text, repair = repair_double_quotes(raw_note.text)
            if repair:
                report("warning", raw_note.line, f"note {raw_note.number}: {repair}")
            elif unbalanced_opening(text):
                report("warning", raw_note.line, f"note {raw_note.number}: unclosed quotation")
            inlines = parse_inlines(text, calls=False)
        else:
            inlines = merge_text(raw_note.inlines)
        if not plain_text(inlines).strip():
            report("warning", raw_note.line, f"note {raw_note.number} is empty")
        notes.append(
            Note(
                raw_note.number,
                f"note-{raw_note.number}",
                plain_text(inlines).strip(),
                inlines,
                raw_note.line,
                raw_note.mark,
            )  # fmt: skip
        )
    return notes


def _cross_check(
    blocks: list[Block],
    notes: list[Note],
    report,
    call_lines: dict[str, list[int]] | None = None,
    call_form: str = "[{}]",
) -> None:
    known = {n.number for n in notes}
    calls: dict[int, int] = {}
    for block in blocks:
        lines = (call_lines or {}).get(block.id, [])
        for k, number in enumerate(block.notes):
            line = lines[k] if k < len(lines) else block.line
            calls[number] = calls.get(number, 0) + 1
            if number not in known:
                call = call_form.format(number)
                report("error", line, f"call {call} to a note that does not exist")
            elif calls[number] == 2:
                report("warning", line, f"note {number} is called more than once")
    order = [n for b in blocks for n in b.notes if n in known]
    firsts = list(dict.fromkeys(order))
    if firsts != sorted(firsts):
        line = next((b.line for b in blocks if b.notes), 0)
        report("warning", line, "note calls are out of numerical order")
    for note in notes:
        if note.number not in calls:
            report("warning", note.line, f"note {note.number} is never called")


def _tidy(block: Block) -> None:
    """Merge adjacent text runs everywhere inside a block, as for paragraphs."""
    block.caption = merge_text(block.caption)
    block.credit = merge_text(block.credit)
    block.attribution = merge_text(block.attribution)
    block.paragraphs = [merge_text(p) for p in block.paragraphs]
    block.head = [[merge_text(c) for c in row] for row in block.head]
    block.rows = [[merge_text(c) for c in row] for row in block.rows]
    for item in list_items(block.items):
        item.inlines = merge_text(item.inlines)


def _check_images(blocks: list[Block], folder: Path, paper: str, report) -> None:
    """Each figure's file: inside the brief's folder, readable, within limits, sharp enough."""
    for block in blocks:
        if block.type != "figure":
            continue
        try:
            info, _ = images.read_image(block.src or "", folder)
        except images.ImageProblem as exc:
            report("error", block.line, f"figure {block.number}: {exc}")
            continue
        block.media_type, block.width, block.height = info.media_type, info.width, info.height
        block.dpi = info.dpi
        dpi = images.print_dpi(info, paper)
        if dpi is not None and dpi < images.PRINT_MIN_DPI:
            width_mm = images.printed_width_in(info, paper) * 25.4
            report(
                "warning", block.line,
                f"figure {block.number}: “{block.src}” prints at {dpi:.0f} dpi "
                f"({info.width} px over {width_mm:.0f} mm) in the print edition; "
                f"{images.PRINT_MIN_DPI} dpi or more looks sharp",
            )  # fmt: skip
