"""The language of a brief (issue 10, item 3): declared wins, else identified from the text.

Every brief here is written in the test, in the language it claims to be in.
"""

from __future__ import annotations

import pytest

import publish
from publish.load import normalize_markdown, normalize_text
from publish.normalizer.language import identify_language

BODIES = {
    "de": (
        "Die drei baltischen Staaten haben sich im Februar vom russisch kontrollierten "
        "Stromnetz getrennt und mit dem kontinentaleuropäischen Verbundnetz synchronisiert.[1]\n\n"
        "Damit endete eine Abhängigkeit, die mehr als drei Jahrzehnte gedauert hatte, und "
        "Moskau verlor eines seiner deutlichsten Druckmittel gegenüber der Region."
    ),
    "et": (
        "Balti riigid lahkusid veebruaris Venemaa kontrollitud elektrivõrgust ja ühinesid "
        "Mandri-Euroopa võrguga, mis nõudis pikka ettevalmistamist ja kaitsmise "
        "tugevdamist.[1]\n\n"
        "See lõpetas sõltuvuse, mis oli kestnud üle kolme aastakümne, ning vähendas "
        "Venemaa survet piirkonnale. Otsuse elluviimise ja sünkroniseerimise hind oli suur."
    ),
    "fr": (
        "Les trois États baltes se sont déconnectés en février du réseau électrique contrôlé "
        "par la Russie et se sont synchronisés avec le réseau européen continental.[1]\n\n"
        "Cette décision a mis fin à une dépendance de plus de trente ans et a privé Moscou "
        "de l’un de ses leviers de pression les plus évidents sur la région."
    ),
    "pl": (
        "W lutym trzy państwa bałtyckie odłączyły się od kontrolowanej przez Rosję sieci "
        "energetycznej i zsynchronizowały się z siecią kontynentalnej Europy.[1]\n\n"
        "Zakończyło to zależność trwającą ponad trzy dekady i odebrało Moskwie jedno z "
        "najbardziej oczywistych narzędzi nacisku na region."
    ),
    "en": (
        "On 9 February 2025 the three Baltic states disconnected from the Russian-controlled "
        "power ring and synchronised with the continental European grid.[1]\n\n"
        "The move ended a dependency that had lasted more than three decades and closed one "
        "of the most obvious levers of Russian pressure on the region."
    ),
}
NOTE = "[1] Ministry of Energy, statement, 9 February 2025."


def plain(lang: str) -> str:
    return f"March 3, 2025\n\nField Papers: Grid {lang}\n\n{BODIES[lang]}\n\nNotes\n\n{NOTE}\n"


def markdown(lang: str, declared: str | None) -> str:
    front = f"language: {declared}\n" if declared else ""
    body = BODIES[lang].replace("[1]", "[^1]")
    return f"---\ntitle: Grid {lang}\ndate: 2025-03-03\n{front}---\n\n{body}\n\n[^1]: {NOTE[4:]}\n"


def warnings(doc) -> str:
    return "\n".join(d.message for d in doc.diagnostics if d.level == "warning")


@pytest.mark.parametrize("lang", ["de", "et", "fr", "pl"])
def test_undeclared_language_is_identified(lang):
    """Plain text and Markdown without a `language` key get the text's own language."""
    assert normalize_text(plain(lang), "b.txt").meta.language == lang
    doc = normalize_markdown(markdown(lang, None), "b.md")
    assert doc.meta.language == lang
    assert "language" not in warnings(doc)


def test_undeclared_english_is_refined_by_spelling():
    doc = normalize_text(plain("en"), "b.txt")
    assert doc.meta.language == "en-GB"  # “synchronised”
    us = plain("en").replace("synchronised", "synchronized").replace("levers", "levers, center")
    assert normalize_text(us, "b.txt").meta.language == "en-US"


@pytest.mark.parametrize("lang", ["de", "et", "fr", "pl"])
def test_only_english_text_gets_an_english_tag(lang):
    """British spellings inside another language never make it English."""
    text = plain(lang).replace("\n\nNotes", " Organisation, centre, behaviour.\n\nNotes")
    doc = normalize_text(text, "b.txt")
    assert doc.meta.language == lang


def test_declared_estonian_is_kept_despite_ise_words():
    """Issue 10: `language: et` with -ise words was overridden to en-GB."""
    doc = normalize_markdown(markdown("et", "et"), "b.md")
    assert doc.meta.language == "et"
    assert "overriding" not in warnings(doc)
    assert "language" not in warnings(doc)


def test_declared_german_is_kept_with_an_english_sentence():
    text = markdown("de", "de-DE").replace(
        "Region.", "Region. The organisation of the grid was modernised in the summer."
    )
    doc = normalize_markdown(text, "b.md")
    assert doc.meta.language == "de-DE"
    assert "overriding" not in warnings(doc)


def test_declared_language_that_does_not_match_the_text_only_warns():
    doc = normalize_markdown(markdown("de", "en-GB"), "b.md")
    assert doc.meta.language == "en-GB"
    message = warnings(doc)
    assert "front matter declares 'en-GB'" in message and "German ('de')" in message
    assert "keeping 'en-GB'" in message


def test_house_profile_and_sidecar_declarations_win(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (tmp_path / "publish.toml").write_text('language = "et"\n', encoding="utf-8")
    brief = seeds / "grid.txt"
    brief.write_text(plain("et"), encoding="utf-8")
    assert publish.normalize(brief).meta.language == "et"
    (seeds / "grid.toml").write_text('language = "fr-BE"\n', encoding="utf-8")
    brief.write_text(plain("fr"), encoding="utf-8")
    doc = publish.normalize(brief)
    assert doc.meta.language == "fr-BE"
    assert "looks" not in warnings(doc)  # only the sidecar-over-profile conflict
    brief.write_text(plain("pl"), encoding="utf-8")
    doc = publish.normalize(brief)
    assert doc.meta.language == "fr-BE"
    assert "grid.toml declares 'fr-BE'" in warnings(doc) and "Polish" in warnings(doc)


def test_too_little_text_is_undetermined_not_english():
    doc = normalize_text("March 3, 2025\n\nA Title\n\nShort body.\n", "b.txt")
    assert doc.meta.language == "und"
    assert not warnings(doc)
    infos = [d.message for d in doc.diagnostics if d.level == "info"]
    assert any("too little text to tell its language" in m for m in infos)


def test_text_that_cannot_be_told_is_undetermined_with_a_warning():
    mixed = "Ẋ̷ ꝏ ʘ " * 10 + "zxqv wkrp jjhg tttv " * 5
    doc = normalize_text(f"March 3, 2025\n\nA Title\n\n{mixed}\n", "b.txt")
    assert doc.meta.language == "und"
    assert "language: cannot tell the language" in warnings(doc)


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("lv", "Baltijas valstis februārī atvienojās no Krievijas kontrolētā elektrotīkla un "
               "sinhronizējās ar kontinentālās Eiropas tīklu."),
        ("lt", "Baltijos šalys vasario mėnesį atsijungė nuo Rusijos kontroliuojamo elektros "
               "tinklo ir sinchronizavosi su kontinentinės Europos tinklu."),
        ("fi", "Baltian maat irrottautuivat helmikuussa Venäjän hallitsemasta sähköverkosta ja "
               "synkronoituivat Manner-Euroopan verkkoon."),
        ("uk", "У лютому країни Балтії від'єдналися від енергосистеми, яку контролює Росія, і "
               "синхронізувалися з європейською мережею."),
        ("ar", "انفصلت دول البلطيق في فبراير عن شبكة الكهرباء التي تسيطر عليها روسيا وتزامنت "
               "مع الشبكة الأوروبية القارية."),
    ],
)  # fmt: skip
def test_identifier_on_other_baltic_region_languages(code, text):
    assert identify_language(text)[0] == code


def test_editions_are_tagged_with_the_declared_language():
    from publish.pdf.html import document_html

    doc = normalize_markdown(markdown("et", "et"), "b.md")
    assert '<html lang="et"' in document_html(doc)


def test_a_web_pages_lang_attribute_is_a_declaration():
    from publish.load import normalize_html

    body = "".join(f"<p>{p}</p>" for p in BODIES["de"].replace("[1]", "").split("\n\n"))
    page = f"<html lang='et'><body><article><h1>Netz</h1>{body}</article></body></html>"
    doc = normalize_html(page, "netz.html")
    assert doc.meta.language == "et"
    assert "the page's lang attribute declares 'et', but the text looks German" in warnings(doc)
