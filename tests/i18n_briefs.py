"""A short brief in each shipped language: notes, a pull quote and a disclaimer.

Written for these tests (not machine output): the body says the same thing in every
language, so that the editions can be compared. Titles are the longest of their kind the
cover must fit (a German compound, a Lithuanian inflected phrase).
"""

from __future__ import annotations

BRIEFS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Rivers, Borders and the Shared Management of Water",
        "series": "Baltic Policy Papers",
        "publisher": "Institute for River Studies",
        "p1": "Towns along the river have always depended on their bridges.",
        "quote": "Stone bridges outlived every flood of the last century.",
        "p2": "The wooden ones did not, and the commission found the cost of rebuilding them "
        "rose each decade.",
        "n1": "River Commission, Survey of Crossings (2019).",
        "n2": "A. Historian, Floods and Bridges, 2020.",
        "disclaimer": "The views are the authors’ own and not those of the Institute for "
        "River Studies.",
    },
    "et": {
        "title": "Jõed, piirid ja veevarude ühine majandamine Läänemere piirkonnas",
        "series": "Läänemere poliitikaanalüüsid",
        "publisher": "Jõeuuringute Instituut",
        "p1": "Jõeäärsed linnad on alati sõltunud oma sildadest.",
        "quote": "Kivisillad elasid üle kõik möödunud sajandi üleujutused.",
        "p2": "Puitsillad seda ei teinud ja komisjoni hinnangul kasvasid nende "
        "taastamiskulud iga kümnendiga.",
        "n1": "Jõekomisjon, Ülekäigukohtade uuring (2019).",
        "n2": "A. Ajaloolane, Üleujutused ja sillad, 2020.",
        "disclaimer": "Seisukohad on autorite omad ega kajasta Jõeuuringute Instituudi seisukohti.",
    },
    "lv": {
        "title": "Upes, robežas un kopīga ūdens resursu pārvaldība Baltijas jūras reģionā",
        "series": "Baltijas politikas analīzes",
        "publisher": "Upju pētījumu institūts",
        "p1": "Pilsētas upes krastos vienmēr ir bijušas atkarīgas no saviem tiltiem.",
        "quote": "Akmens tilti pārdzīvoja visus pagājušā gadsimta plūdus.",
        "p2": "Koka tilti to nespēja, un komisija konstatēja, ka to atjaunošanas izmaksas "
        "pieauga ik desmitgadi.",
        "n1": "Upju komisija, Pārejas vietu apsekojums (2019).",
        "n2": "A. Vēsturnieks, Plūdi un tilti, 2020.",
        "disclaimer": "Paustie viedokļi ir autoru personīgie un neatspoguļo Upju pētījumu "
        "institūta nostāju.",
    },
    "lt": {
        "title": "Upės, sienos ir bendras vandens išteklių valdymas Baltijos jūros regione "
        "bendradarbiaujančiose valstybėse",
        "series": "Baltijos politikos analizės",
        "publisher": "Upių tyrimų institutas",
        "p1": "Pakrančių miestai visada priklausė nuo savo tiltų.",
        "quote": "Akmeniniai tiltai atlaikė visus praėjusio šimtmečio potvynius.",
        "p2": "Mediniai tiltai neatlaikė, o komisija nustatė, kad jų atstatymo kaina kas "
        "dešimtmetį augo.",
        "n1": "Upių komisija, Perėjų tyrimas (2019).",
        "n2": "A. Istorikas, Potvyniai ir tiltai, 2020.",
        "disclaimer": "Išsakytos nuomonės yra autorių ir nebūtinai atspindi Upių tyrimų "
        "instituto poziciją.",
    },
    "pl": {
        "title": "Rzeki, granice i wspólne gospodarowanie zasobami wodnymi w regionie "
        "Morza Bałtyckiego",
        "series": "Bałtyckie analizy polityczne",
        "publisher": "Instytut Badań Rzecznych",
        "p1": "Miasta nad rzeką zawsze zależały od swoich mostów.",
        "quote": "Kamienne mosty przetrwały wszystkie powodzie ubiegłego stulecia.",
        "p2": "Drewniane nie przetrwały, a komisja ustaliła, że koszt ich odbudowy rósł z "
        "każdą dekadą.",
        "n1": "Komisja Rzeczna, Przegląd przepraw (2019).",
        "n2": "A. Historyk, Powodzie i mosty, 2020.",
        "disclaimer": "Przedstawione poglądy są poglądami autorów, a nie Instytutu Badań "
        "Rzecznych.",
    },
    "fi": {
        "title": "Joet, rajat ja vesivarojen yhteinen hallinta Itämeren alueella",
        "series": "Itämeren politiikka-analyysejä",
        "publisher": "Jokitutkimuksen instituutti",
        "p1": "Jokivarren kaupungit ovat aina olleet riippuvaisia silloistaan.",
        "quote": "Kivisillat kestivät kaikki viime vuosisadan tulvat.",
        "p2": "Puusillat eivät kestäneet, ja toimikunnan mukaan niiden jälleenrakentamisen "
        "hinta nousi joka vuosikymmen.",
        "n1": "Jokitoimikunta, Ylityspaikkojen kartoitus (2019).",
        "n2": "A. Historioitsija, Tulvat ja sillat, 2020.",
        "disclaimer": "Esitetyt näkemykset ovat kirjoittajien omia eivätkä edusta "
        "Jokitutkimuksen instituutin kantaa.",
    },
    "de": {
        "title": "Grenzüberschreitende Wasserbewirtschaftungszusammenarbeit zwischen "
        "Anrainerstaaten der Ostsee",
        "series": "Ostsee-Politikanalysen",
        "publisher": "Institut für Flussforschung",
        "p1": "Die Städte am Fluss waren schon immer auf ihre Brücken angewiesen.",
        "quote": "Steinbrücken überstanden jedes Hochwasser des letzten Jahrhunderts.",
        "p2": "Die hölzernen nicht, und die Kommission stellte fest, dass die Kosten ihres "
        "Wiederaufbaus mit jedem Jahrzehnt stiegen.",
        "n1": "Flusskommission, Erhebung der Übergänge (2019).",
        "n2": "A. Historikerin, Hochwasser und Brücken, 2020.",
        "disclaimer": "Die geäußerten Ansichten sind die der Autorinnen und Autoren und "
        "nicht die des Instituts für Flussforschung.",
    },
    "fr": {
        "title": "Fleuves, frontières et gestion partagée de l’eau dans la région de la "
        "mer Baltique",
        "series": "Analyses politiques baltes",
        "publisher": "Institut d’études fluviales",
        "p1": "Les villes riveraines ont toujours dépendu de leurs ponts.",
        "quote": "Les ponts de pierre ont survécu à toutes les crues du siècle dernier.",
        "p2": "Les ponts de bois, non, et la commission a constaté que le coût de leur "
        "reconstruction augmentait à chaque décennie.",
        "n1": "Commission du fleuve, Relevé des franchissements (2019).",
        "n2": "A. Historienne, Crues et ponts, 2020.",
        "disclaimer": "Les opinions exprimées sont celles des auteurs et non celles de "
        "l’Institut d’études fluviales.",
    },
    "uk": {
        "title": "Річки, кордони та спільне управління водними ресурсами в регіоні "
        "Балтійського моря",
        "series": "Балтійські політичні аналізи",
        "publisher": "Інститут річкових досліджень",
        "p1": "Міста над річкою завжди залежали від своїх мостів.",
        "quote": "Кам’яні мости пережили всі повені минулого століття.",
        "p2": "Дерев’яні не пережили, і комісія встановила, що вартість їх відбудови "
        "зростала з кожним десятиліттям.",
        "n1": "Річкова комісія, Огляд переправ (2019).",
        "n2": "А. Історик, Повені та мости, 2020.",
        "disclaimer": "Висловлені погляди належать авторам і не відображають позицію "
        "Інституту річкових досліджень.",
    },
    "ar": {
        "title": "الأنهار والحدود والإدارة المشتركة للمياه في منطقة بحر البلطيق",
        "series": "أوراق السياسات البلطيقية",
        "publisher": "معهد دراسات الأنهار",
        "p1": "اعتمدت المدن الواقعة على ضفاف النهر دائمًا على جسورها.",
        "quote": "صمدت الجسور الحجرية أمام كل فيضانات القرن الماضي.",
        "p2": "أما الجسور الخشبية فلم تصمد، ووجدت اللجنة أن تكلفة إعادة بنائها ارتفعت في كل عقد.",
        # An English title inside an Arabic note: mixed direction, in the right order.
        "n1": "لجنة النهر، *Survey of River Crossings* (2019)، ص 12.",
        "n2": "أ. مؤرخ، الفيضانات والجسور، 2020.",
        "disclaimer": "الآراء الواردة هنا تعبر عن مؤلفيها ولا تمثل بالضرورة موقف معهد "
        "دراسات الأنهار.",
    },
}

LANGUAGES = tuple(BRIEFS)


def markdown(lang: str, **extra: str) -> str:
    """The brief for `lang` as Markdown with front matter (extra keys added verbatim)."""
    b = BRIEFS[lang]
    front = "".join(f"{k}: {v}\n" for k, v in extra.items())
    return (
        "---\n"
        f'title: "{b["title"]}"\n'
        f'series: "{b["series"]}"\n'
        "number: 3\n"
        "date: 2025-06-16\n"
        f"language: {lang}\n"
        f'publisher: "{b["publisher"]}"\n'
        f'disclaimer: "{b["disclaimer"]}"\n'
        f"{front}"
        "---\n\n"
        f"{b['p1']}[^1]\n\n"
        f"{b['quote']} {b['p2']}[^2]\n\n"
        f"> {b['quote']}\n"
        "{: .pullquote }\n\n"
        f"[^1]: {b['n1']}\n"
        f"[^2]: {b['n2']}\n"
    )
