"""Metadata found in raw text: dates, series lines, brief numbers, publisher names, slugs."""

from __future__ import annotations

import re
import unicodedata

from ..document import Author

# "Download and read as a PDF: Brief 3. …": a web-only line that still carries the number.
_PDF_LINE = re.compile(r"\b(pdf|download)\b", re.IGNORECASE)
_NUMBER = re.compile(r"\b(?:brief|no\.?|number|issue|paper|report|vol\.?|#)\s*(\d{1,4})\b",
                     re.IGNORECASE)  # fmt: skip


def web_only_number(text: str) -> tuple[bool, int | None]:
    """(is a download/PDF line, the brief number it names)."""
    if len(text) > 200 or not _PDF_LINE.search(text):
        return False, None
    match = _NUMBER.search(text)
    return True, int(match.group(1)) if match else None


# `By …` in the briefs' languages (Von, Par, Door, Por, Av), or an `Author:` label.
_AUTHOR_LINE = re.compile(
    r"^(?:by|written by|von|par|door|por|av|"
    r"(?:authors?|autor(?:in|en|innen|ius|iai|s|zy)?|auteurs?|auteur\(e\)s?|kirjoittaja(?:t)?|"
    r"autorid|автор(?:и)?)\s?:)\s+(.+)$",
    re.IGNORECASE,
)

# A personal name: capitalised words and initials, with the particles names carry.
_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "al", "el",
              "bin", "ibn", "y", "del", "dos", "das", "ter", "zu", "af"}  # fmt: skip
_NAME_TOKEN = re.compile(
    r"^(?:[A-Z][a-z]?\.(?:-?[A-Z]\.)*"  # initials: A. J.-P. Th.
    r"|[A-Z][^\W\d_]*(?:[’'-][A-Za-z][^\W\d_]*)*"  # Ann, O’Neil, Smith-Jones
    r"|(?:al|el)-[A-Z][^\W\d_]*)$"  # al-Rashid
)
# Words of a role or an affiliation in any English byline (not one publisher's words).
ROLE_WORDS = {
    "fellow", "director", "professor", "researcher", "analyst", "head", "chair", "chairman",
    "chairwoman", "chairperson", "editor", "officer", "adviser", "advisor", "lecturer",
    "associate", "scholar", "manager", "coordinator", "president", "member", "expert",
    "specialist", "student", "candidate", "ambassador", "minister", "secretary", "consultant",
    "correspondent", "journalist", "founder", "partner", "leader", "deputy", "principal",
    "visiting", "senior", "junior", "programme", "program",
    "research", "commander", "colonel", "admiral", "retired", "emeritus",
    "economist", "historian", "lawyer", "engineer", "strategist", "intern", "assistant", "vice",
    "institute", "centre", "center", "university", "college", "school", "council",
    "foundation", "ministry", "department", "agency", "office", "academy", "committee",
    "commission", "board", "group", "initiative", "laboratory", "project", "studies",
    "phd", "dr", "contributor", "staff", "team", "nonresident", "non-resident", "resident",
}  # fmt: skip
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")


def looks_like_name(text: str) -> bool:
    """Two to five capitalised words or initials, such as `A. Author` or `Ann van Lee`."""
    tokens = text.split()
    if not 2 <= len(tokens) <= 5:
        return False
    named = [t for t in tokens if t.lower() not in _PARTICLES]
    return len(named) >= 2 and all(_NAME_TOKEN.match(t) for t in named)


def looks_like_role(text: str) -> bool:
    """A role or affiliation: a role word (`Senior Fellow`, `Institute`) or an acronym."""
    tokens = [t.strip(".,;()") for t in text.split()]
    sentence = text.rstrip().endswith((".", "!", "?")) and len(tokens) > 6
    if not tokens or len(tokens) > 14 or sentence:
        return False
    return any(t.lower() in ROLE_WORDS for t in tokens) or (
        len(tokens) == 1 and bool(_ACRONYM.match(tokens[0]))
    )


_AND = r"(?:and|und|et|y|e|en|och|og|ja|ir|un|i|oraz|та|і)"
_PIECES = re.compile(rf"\s*,\s*(?:{_AND}\s+|&\s+)?|\s+{_AND}\s+|\s*&\s*")
# Labels that are also common words (`Von der Leyen sagte`, `Par ailleurs`): after them,
# every piece must look like a name.
_WORD_LABELS = {"von", "par", "door", "por", "av"}


def parse_byline(text: str, labelled: bool | None = None) -> list[Author] | None:
    """Authors in a byline, each with the role that follows the name, or None.

    `By A`, `By A and B`, `By A, B and C`, `By A. Author, Senior Fellow`, and, without
    `By`, `A. Author, Senior Fellow` (each name with a role). `labelled=None` accepts
    both; True requires the `By`.
    """
    stripped = text.strip()
    if len(stripped) > 200:
        return None
    match = _AUTHOR_LINE.match(stripped)
    if match is None and labelled:
        return None
    body = (match.group(1) if match else stripped).strip().rstrip(".")
    pieces = [p.strip() for p in _PIECES.split(body) if p and p.strip()]
    authors: list[Author] = []
    word_label = match is not None and stripped.split()[0].lower() in _WORD_LABELS
    if word_label and not all(
        looks_like_name(p) or i and looks_like_role(p) for i, p in enumerate(pieces)
    ):
        return None
    for piece in pieces:
        if authors and looks_like_role(piece):
            last = authors[-1]
            last.role = f"{last.role}, {piece}" if last.role else piece
        elif looks_like_name(piece) or (match and len(piece.split()) <= 5 and piece[:1].isupper()):
            authors.append(Author(piece))
        elif match and not authors and len(piece.split()) <= 5:
            authors.append(Author(piece))  # a one-word name after `By`
        else:
            return None
    if not authors:
        return None
    if match is None and looks_like_role(authors[0].name):
        return None  # `Senior Fellow, Centre for X` alone is a role line, not a name
    # Without `By`, a line is a byline only when every name has its role: `Ann Lee and
    # Bo Chan` or `Old Alliances, New Members` could as well be a title.
    if match is None and not all(a.role for a in authors):
        return None
    return authors


def authors_from(text: str) -> list[str] | None:
    """Names of a `By …` line (kept for callers that want names only)."""
    found = parse_byline(text, labelled=True)
    return None if found is None else [a.name for a in found]


# --- web chrome: page furniture pasted with the text -------------------------------------
_READING_TIME = re.compile(
    r"^(?:(?:reading|read)\s+time:?\s*)?(?:about\s+)?\d{1,3}\s*[-–]?\s*(?:min|mins|minutes?)\.?"
    r"(?:\s+(?:read|reading|listen))?$",
    re.IGNORECASE,
)
# The controls of a web page: a line made only of these is page furniture.
_UI_ACTIONS = {"share", "tweet", "print", "email", "e-mail", "mail", "facebook", "twitter",
               "linkedin", "whatsapp", "telegram", "reddit", "bluesky", "mastodon", "copy",
               "save", "download", "subscribe", "bookmark", "listen", "follow", "x",
               "pdf", "link", "article", "this", "page", "on", "us", "the", "to", "via",
               "threads", "messenger", "url", "en", "english"}  # fmt: skip
_ACTIONS = {"share", "tweet", "print", "email", "e-mail", "facebook", "twitter", "linkedin",
            "whatsapp", "telegram", "reddit", "bluesky", "mastodon", "copy", "save",
            "subscribe", "bookmark", "listen", "follow"}  # fmt: skip
# A site's menu, copied with the page (`Home About`, `Skip to content`, `Menu Search`):
# only these words, in the header. A section name (`Research`) is no menu word: it may be
# the brief's category line.
_NAV_WORDS = {"home", "about", "menu", "search", "contact", "donate", "skip", "to", "content",
              "main", "navigation", "sign", "in", "up", "log", "login", "register", "toggle",
              "close", "back", "top", "account", "subscribe", "newsletter", "us", "start",
              "here", "archive", "shop", "startseite", "über", "uns", "suche", "menü",
              "accueil", "recherche", "à", "propos", "inicio", "etusivu", "avaleht"}  # fmt: skip
# One of these makes a line of menu words a menu: `Contact` alone may be a heading.
_NAV_TRIGGERS = {"home", "menu", "skip", "search", "about", "start", "startseite", "suche",
                 "menü", "accueil", "recherche", "inicio", "etusivu", "avaleht"}  # fmt: skip
_CRUMB_SEP = re.compile(r"\s+(?:>|›|»|/|\\|→)\s+")
_LIST_SEP = re.compile(r"\s*(?:,|;|·|•|\|)\s*")
_TAG_LABEL = re.compile(r"^([A-Za-z]+):\s*(.+)$")
_TERMINAL = re.compile(r"[.!?…:;]$")


def chrome_kind(text: str, header: bool = True) -> str | None:
    """What kind of web page furniture a line is (reading time, share buttons, breadcrumbs,
    a tag list), or None. Breadcrumbs and tag lists are looked for only in the header."""
    line = text.strip()
    if not line or len(line) > 160:
        return None
    if _READING_TIME.match(line):
        return "reading time"
    tokens = [t.strip(".,:;|·•/()[]").lower() for t in line.split()]
    tokens = [t for t in tokens if t]
    buttons = tokens and len(tokens) <= 10 and all(t in _UI_ACTIONS for t in tokens)
    if buttons and any(t in _ACTIONS for t in tokens):
        return "share and print buttons"
    if not header:
        return None
    if tokens and all(t in _NAV_WORDS for t in tokens) and _NAV_TRIGGERS.intersection(tokens):
        return "site menu"
    crumbs = _CRUMB_SEP.split(line)
    if len(crumbs) >= 2 and all(0 < len(c.split()) <= 5 and not _TERMINAL.search(c)
                                for c in crumbs):  # fmt: skip
        return "breadcrumbs"
    tag = _TAG_LABEL.match(line)
    items = _LIST_SEP.split(tag.group(2) if tag else line)
    items = [i for i in items if i.strip()]
    separators = len(re.findall(r"[·•|]", line))
    short = all(len(i.split()) <= 3 and not re.search(r"\b(?:and|or)\b", i) for i in items)
    if tag and len(items) >= 3 and short:  # `Commentary: Russia, China` may be a title
        return "tag list"
    if not tag and separators >= 2 and len(items) >= 3 and short:
        return "tag list"
    return None


_CAP = r"(?:[A-Z][\w’'&.-]*)"
_JOIN = r"(?:of|for|and|on|the|in|de|du|für|&)"
_ORG = re.compile(rf"{_CAP}(?:\s+(?:{_JOIN}\s+)*{_CAP})+")


def organisation_in(text: str) -> str | None:
    """The longest run of capitalised words (joined by of/for/and…): a publisher's name."""
    best = None
    for match in _ORG.finditer(text):
        name = re.sub(r"^(?:The|A|An)\s+", "", match.group(0)).strip().rstrip(".,;:")
        if len(re.findall(_CAP, name)) < 2:
            continue
        if best is None or len(name) > len(best):
            best = name
    return best


# Letters that NFKD does not decompose into an ASCII base letter.
_TRANSLITERATE = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                                "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                                "þ": "th", "Þ": "Th", "ı": "i"})  # fmt: skip


def slugify(text: str, limit: int = 60) -> str:
    text = text.translate(_TRANSLITERATE)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "brief"
