"""Synthetic content for the benchmark: N events with realistic Latvian text.

``write_content(folder, n, now)`` lays out a content folder as SPEC section 3 says: N events
(one-off, all-day, multi-day and weekly recurring) spread over the two years before ``now``
and the year after it, N/15 organisations, N/50 places and the vocabularies.
``write_articles(folder, n, now)`` writes the same N bodies as plain Pelican articles, the
anchor the build is compared with. The same ``n`` and ``seed`` always give the same files.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

LOCALITIES = {
    "kekava": ("Ķekava", "Ķekava"),
    "balozi": ("Baloži", "Baloži"),
    "baldone": ("Baldone", "Baldone"),
    "kekavas-pagasts": ("Ķekavas pagasts", "Ķekava parish"),
    "daugmales-pagasts": ("Daugmales pagasts", "Daugmale parish"),
    "baldones-pagasts": ("Baldones pagasts", "Baldone parish"),
    "katlakalns": ("Katlakalns", "Katlakalns"),
    "valdlauci": ("Valdlauči", "Valdlauči"),
    "ramava": ("Rāmava", "Rāmava"),
    "krustkalni": ("Krustkalni", "Krustkalni"),
    "dzerumi": ("Dzērumi", "Dzērumi"),
    "saulgozi": ("Saulgoži", "Saulgoži"),
    "vimbukrogs": ("Vimbukrogs", "Vimbukrogs"),
    "plavniekkalns": ("Pļavniekkalns", "Pļavniekkalns"),
    "daugmale": ("Daugmale", "Daugmale"),
    "mercendarbe": ("Mercendarbe", "Mercendarbe"),
}
AREAS = {
    "culture": ("Kultūra", "Culture"),
    "sport": ("Sports un aktīvā atpūta", "Sport and active leisure"),
    "youth": ("Jaunatne", "Youth"),
    "children": ("Bērni un ģimenes", "Children and families"),
    "seniors": ("Seniori", "Seniors"),
    "environment": ("Vide un daba", "Environment and nature"),
    "social": ("Sociālā palīdzība", "Social support"),
    "education": ("Izglītība", "Education"),
    "heritage": ("Kultūrvēsturiskais mantojums", "Cultural heritage"),
    "civic": ("Pilsoniskā līdzdalība", "Civic participation"),
}
CATEGORIES = {
    "concert": ("Koncerts", "Concert"),
    "workshop": ("Darbnīca", "Workshop"),
    "sports": ("Sporta pasākums", "Sports event"),
    "talka": ("Talka", "Community clean-up"),
    "market": ("Tirdziņš", "Market"),
    "lecture": ("Lekcija", "Lecture"),
    "meeting": ("Sapulce vai tikšanās", "Meeting"),
    "exhibition": ("Izstāde", "Exhibition"),
    "festival": ("Svētki", "Festival"),
    "theatre": ("Teātris", "Theatre"),
    "excursion": ("Pārgājiens vai ekskursija", "Hike or excursion"),
    "games": ("Spēles un atpūta", "Games and leisure"),
}
AUDIENCES = {
    "everyone": ("Visiem", "Everyone"),
    "children": ("Bērni", "Children"),
    "youth": ("Jaunieši", "Young people"),
    "families": ("Ģimenes", "Families"),
    "adults": ("Pieaugušie", "Adults"),
    "seniors": ("Seniori", "Seniors"),
}

# Title parts: "<what> <where>" reads like the events volunteers announce.
WHAT = [
    ("Pavasara koncerts", "concert"),
    ("Rudens koncerts", "concert"),
    ("Kora dziesmu vakars", "concert"),
    ("Keramikas darbnīca", "workshop"),
    ("Adventes vainagu darbnīca", "workshop"),
    ("Velosipēdu remonta darbnīca", "workshop"),
    ("Ģimeņu sporta diena", "sports"),
    ("Nūjošanas pastaiga", "sports"),
    ("Volejbola turnīrs", "sports"),
    ("Upes krasta talka", "talka"),
    ("Parka sakopšanas talka", "talka"),
    ("Amatnieku tirdziņš", "market"),
    ("Stādu apmaiņas tirdziņš", "market"),
    ("Lekcija par kompostēšanu", "lecture"),
    ("Lekcija par novada vēsturi", "lecture"),
    ("Iedzīvotāju sapulce", "meeting"),
    ("NVO sadarbības tikšanās", "meeting"),
    ("Fotoizstāde „Mūsu ciems”", "exhibition"),
    ("Gleznu izstāde", "exhibition"),
    ("Jāņu svētki", "festival"),
    ("Ciema svētki", "festival"),
    ("Amatierteātra izrāde", "theatre"),
    ("Leļļu teātris bērniem", "theatre"),
    ("Dabas taku pārgājiens", "excursion"),
    ("Ekskursija uz Daugavas krastiem", "excursion"),
    ("Galda spēļu vakars", "games"),
    ("Senioru atpūtas pēcpusdiena", "games"),
]
WHERE = [
    "Ķekavā",
    "Baložos",
    "Baldonē",
    "Daugmalē",
    "Katlakalnā",
    "Valdlaučos",
    "Rāmavā",
    "Krustkalnos",
    "Saulgožos",
    "Vimbukrogā",
    "Mercendarbē",
    "kultūras namā",
    "bibliotēkā",
    "parkā",
    "pie ezera",
]
ORG_WORDS = [
    "Ozolzīle",
    "Vēja zvani",
    "Dzirkstele",
    "Kopā augam",
    "Zaļais pagalms",
    "Mazās pēdas",
    "Ligzda",
    "Sudrabotie gadi",
    "Saules stars",
    "Daugavas krasts",
    "Mēs Baložiem",
    "Kaimiņu loks",
    "Rāmavas dārzi",
    "Bez barjerām",
    "Jaunā paaudze",
]
PLACE_WORDS = [
    "kultūras nams",
    "bibliotēka",
    "saieta nams",
    "sporta halle",
    "parka estrāde",
    "jauniešu centrs",
    "skolas zāle",
    "kopienas dārzs",
    "muzejs",
    "baznīcas dārzs",
]
SENTENCES = [
    "Aicinām visus novada iedzīvotājus pievienoties un pavadīt laiku kopā ar kaimiņiem.",
    "Pasākums notiks neatkarīgi no laikapstākļiem, tāpēc ģērbieties atbilstoši.",
    "Dalība ir bez maksas, bet vietu skaits ir ierobežots, tāpēc lūdzam pieteikties laikus.",
    "Bērniem būs sava programma ar rotaļām, radošām darbnīcām un nelielām balvām.",
    "Pēc oficiālās daļas visi aicināti uz tēju, kafiju un mājās ceptām piparkūkām.",
    "Ja jums ir jautājumi, rakstiet mums vai zvaniet biedrības valdes priekšsēdētājai.",
    "Šogad īpašu uzmanību pievērsīsim vides pieejamībai un senioru iesaistei.",
    "Pasākumu atbalsta Ķekavas novada pašvaldība NVO projektu konkursa ietvaros.",
    "Līdzi ņemiet labu garastāvokli, ērtus apavus un, ja vēlaties, arī savu krūzi.",
    "Programmā uzstāsies vietējie kolektīvi, mūzikas skolas audzēkņi un viesi no Rīgas.",
    "Tikšanās vieta ir pie galvenās ieejas, kur jūs sagaidīs brīvprātīgie ar zaļām vestēm.",
    "Mēs vēlamies, lai ikviens justos gaidīts neatkarīgi no vecuma vai pieredzes.",
    "Pagājušajā gadā piedalījās vairāk nekā simts cilvēku, un šogad ceram uz vēl vairāk.",
    "Darbnīcu vadīs pieredzējuši meistari, kuri dalīsies ar saviem padomiem un knifiem.",
    "Pēc pasākuma kopā sakopsim teritoriju, lai tā paliktu tīrāka nekā pirms tam.",
    "Autostāvvieta ir pieejama skolas pagalmā, bet iesakām ierasties ar velosipēdu.",
    "Ieeja telpās ir bez pakāpieniem, un pieejama arī labiekārtota tualete.",
    "Sarunā piedalīsies pašvaldības pārstāvji, kuri atbildēs uz iedzīvotāju jautājumiem.",
    "Kopīgi izrunāsim, kā uzlabot sadarbību starp biedrībām, skolām un uzņēmējiem.",
    "Fotogrāfijas no pasākuma vēlāk publicēsim biedrības mājaslapā un sociālajos tīklos.",
    "Ja vēlaties iesaistīties kā brīvprātīgais, lūdzu, sazinieties ar mums iepriekš.",
    "Vakara noslēgumā notiks loterija, kuras ienākumi tiks ziedoti vietējai skolai.",
    "Īpaši gaidīsim ģimenes ar bērniem, jauniešus un ikvienu, kam patīk kustēties.",
    "Materiāli un instrumenti tiks nodrošināti, bet savus darbus varēsiet paņemt mājās.",
    "Sīkāka informācija un programma būs pieejama tuvāk pasākuma datumam.",
    "Pasākums ir daļa no cikla, kurā iepazīstam novada dabu, vēsturi un cilvēkus.",
    "Lektore pastāstīs par savu pieredzi un atbildēs uz klausītāju jautājumiem.",
    "Aicinām paņemt līdzi pa kādam stādam, grāmatai vai spēlei, ko iemainīt.",
    "Mūsu kopiena jau desmit gadus rūpējas par šo vietu un tās apkārtni.",
    "Tā ir lieliska iespēja iepazīt kaimiņus un kopā izdarīt ko noderīgu.",
]
HEADINGS = ["Programma", "Kā pieteikties", "Praktiska informācija", "Par rīkotājiem"]
BULLETS = [
    "reģistrācija un rīta kafija",
    "iepazīšanās un darba grupas",
    "pusdienu pārtraukums",
    "kopīgs noslēgums un fotografēšanās",
    "radošās darbnīcas bērniem",
    "koncerts estrādē",
    "ekskursija ar gidu",
    "pārrunas un jautājumi",
]


@dataclass
class Body:
    title: str
    category: str
    summary: str
    text: str


def _slug(text: str) -> str:
    table = str.maketrans("āčēģīķļņōŗšūž", "acegiklnorsuz")
    ascii_text = text.lower().translate(table)
    return "-".join("".join(c if c.isalnum() and c.isascii() else " " for c in ascii_text).split())


def _body(rng: random.Random) -> str:
    """150-300 words of Markdown in paragraphs, with what volunteers use: bold, links, lists."""
    target, words, paragraphs = rng.randint(150, 280), 0, []
    while words < target:
        if paragraphs and rng.random() < 0.1:
            paragraphs.append(f"## {rng.choice(HEADINGS)}")
        if paragraphs and words + 12 < target and rng.random() < 0.15:
            items = rng.sample(BULLETS, 3)
            paragraphs.append("\n".join(f"- {item};" for item in items))
            words += sum(len(item.split()) for item in items)
        sentences = []
        for sentence in rng.sample(SENTENCES, rng.randint(2, 4)):
            if words >= target:
                break
            sentences.append(sentence)
            words += len(sentence.split())
        if sentences and rng.random() < 0.3:
            sentences[0] = f"**{sentences[0]}**"
        if sentences and words + 3 <= target and rng.random() < 0.2:
            sentences.append("Vairāk: [biedrības lapa](https://nvo.example.lv/info).")
            words += 3
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(p for p in paragraphs if p) + "\n"


def _yaml_str(text: str) -> str:
    """A YAML scalar that stays text whatever it holds (colons, quotes)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _vocabulary(path: Path, terms: dict) -> None:
    lines = [f"{k}: {{lv: {_yaml_str(lv)}, en: {_yaml_str(en)}}}" for k, (lv, en) in terms.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _reg_no(rng: random.Random) -> str:
    """A Latvian legal entity's register number with a valid check digit."""
    weights = (9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1)
    while True:
        number = "4000" + "".join(str(rng.randint(0, 9)) for _ in range(7))
        if sum(w * int(n) for w, n in zip(weights, number, strict=True)) % 11 == 3:
            return number


def bodies(n: int, seed: int = 1) -> list[Body]:
    """The N event texts, shared by the content folder and the bare Pelican articles."""
    rng = random.Random(seed)
    result = []
    for _ in range(n):
        what, category = rng.choice(WHAT)
        title = f"{what} {rng.choice(WHERE)}"
        summary = rng.choice(SENTENCES)
        result.append(Body(title, category, summary, _body(rng)))
    return result


def _when(rng: random.Random, i: int, n: int, now: date) -> tuple[str, dict]:
    """Start, end and rule of event i: spread evenly over [now - 2 years, now + 1 year)."""
    day = now - timedelta(days=730) + timedelta(days=(i * 1095) // n)
    kind = rng.random()
    hour = rng.choice([10, 11, 12, 14, 16, 17, 18, 19])
    if kind < 0.12:  # all-day, one day
        return "all-day", {"start": day.isoformat()}
    if kind < 0.20:  # multi-day, all-day
        last = day + timedelta(days=rng.randint(1, 4))
        return "multi-day", {"start": day.isoformat(), "end": last.isoformat()}
    start = datetime.combine(day, datetime.min.time()).replace(hour=hour)
    fields = {"start": start.strftime("%Y-%m-%d %H:%M")}
    if rng.random() < 0.8:
        fields["end"] = f"{hour + rng.choice([1, 2, 3]):02d}:{rng.choice(['00', '30'])}"
    if kind < 0.36:  # weekly for some weeks, sometimes with a date off
        weeks = rng.randint(4, 30)
        until = day + timedelta(weeks=weeks - 1)
        weekday = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][day.weekday()]
        rule = f"FREQ=WEEKLY;BYDAY={weekday}"
        if rng.random() < 0.05:  # an open-ended rule: the window bounds it
            fields["recurrence"] = rule
        else:
            fields["recurrence"] = f"{rule};UNTIL={until.isoformat()}"
            if weeks > 4 and rng.random() < 0.4:
                off = day + timedelta(weeks=rng.randint(1, weeks - 2))
                fields["exclude_dates"] = f"[{off.isoformat()}]"
        return "weekly", fields
    return "one-off", fields


def write_content(root: Path, n: int, now: date, seed: int = 1) -> dict[str, int]:
    """Write the content folder; return how many files of each kind were written."""
    rng = random.Random(seed + 1)
    vocab = root / "vocabularies"
    vocab.mkdir(parents=True, exist_ok=True)
    for name, terms in (
        ("localities", LOCALITIES),
        ("areas", AREAS),
        ("categories", CATEGORIES),
        ("audiences", AUDIENCES),
    ):
        _vocabulary(vocab / f"{name}.yaml", terms)

    localities = list(LOCALITIES)
    places = []
    (root / "places").mkdir(exist_ok=True)
    for i in range(max(1, n // 50)):
        locality = localities[i % len(localities)]
        name = f"{LOCALITIES[locality][0]} {PLACE_WORDS[i % len(PLACE_WORDS)]}"
        slug = f"{_slug(name)}-{i + 1}"
        places.append(slug)
        lines = [
            f"name: {_yaml_str(name)}",
            f"locality: {locality}",
            f"address: {_yaml_str(f'Rīgas iela {i + 1}, {LOCALITIES[locality][0]}, LV-2123')}",
            f"geo: [{56.80 + rng.random() / 10:.4f}, {24.20 + rng.random() / 10:.4f}]",
            f"capacity: {rng.choice([30, 60, 120, 300])}",
            f"accessible: {rng.choice(['true', 'false'])}",
        ]
        (root / "places" / f"{slug}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    orgs = []
    (root / "organizations").mkdir(exist_ok=True)
    for i in range(max(1, n // 15)):
        word = ORG_WORDS[i % len(ORG_WORDS)]
        name = f"Biedrība „{word}” {i + 1}"
        slug = f"{_slug(word)}-{i + 1}"
        orgs.append(slug)
        front = [
            f"name: {_yaml_str(name)}",
            f"kind: {rng.choice(['association', 'foundation', 'community', 'other'])}",
            f"summary: {_yaml_str(rng.choice(SENTENCES))}",
            f"localities: [{', '.join(rng.sample(localities, rng.randint(1, 3)))}]",
            f"areas: [{', '.join(rng.sample(list(AREAS), rng.randint(1, 3)))}]",
            f'reg_no: "{_reg_no(rng)}"',
            f"founded: {rng.randint(1990, 2025)}",
            f"website: https://{slug}.example.lv",
            f"email: info@{slug}.example.lv",
            "offers:",
            "  - telpas sanāksmēm",
            "  - brīvprātīgie pasākumiem",
            f"joined: {now.year - 1}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        ]
        text = "---\n" + "\n".join(front) + "\n---\n" + _body(rng)
        (root / "organizations" / f"{slug}.md").write_text(text, encoding="utf-8")

    counts = {"all-day": 0, "multi-day": 0, "weekly": 0, "one-off": 0}
    for i, body in enumerate(bodies(n, seed)):
        kind, when = _when(rng, i, n, now)
        counts[kind] += 1
        slug = f"{_slug(body.title)}-{i + 1}"
        front = [f"title: {_yaml_str(body.title)}"]
        front += [f"{k}: {v}" for k, v in when.items()]
        front.append(
            f"organizers: [{', '.join(rng.sample(orgs, min(len(orgs), rng.choice([1, 1, 2]))))}]"
        )
        where = rng.random()
        if where < 0.75:
            front.append(f"place: {rng.choice(places)}")
        elif where < 0.95:
            front.append(f"locality: {rng.choice(localities)}")
            front.append("location: pie estrādes")
        else:
            front.append("online: https://video.example.lv/tiesraide")
        front.append(f"categories: [{body.category}]")
        front.append(f"audiences: [{', '.join(rng.sample(list(AUDIENCES), rng.randint(1, 2)))}]")
        if i % 100 == 7:
            front.append("major: true")
        status = rng.random()
        if status < 0.03:
            front.append("status: cancelled")
        elif status < 0.08:
            front.append("status: tentative")
        if rng.random() < 0.2:
            front.append(f"registration: https://pieteikumi.example.lv/{slug}")
        front.append(f"price: {rng.choice(['bez maksas', '3 EUR', '5 EUR', 'ziedojumi'])}")
        front.append(f"summary: {_yaml_str(body.summary)}")
        year = when["start"][:4]
        folder = root / "events" / year
        folder.mkdir(parents=True, exist_ok=True)
        text = "---\n" + "\n".join(front) + "\n---\n" + body.text
        (folder / f"{slug}.md").write_text(text, encoding="utf-8")
        if i % 10 == 3:  # some events have an English translation
            en = f'---\ntitle: "Event {i + 1}"\nsummary: "An event for everyone."\n---\n'
            en += "Everyone is welcome. The event is free of charge.\n"
            (folder / f"{slug}.en.md").write_text(en, encoding="utf-8")
    counts.update(organizations=len(orgs), places=len(places))
    return counts


def write_articles(root: Path, n: int, now: date, seed: int = 1) -> None:
    """The same N bodies as plain Pelican articles (Pelican's own metadata header)."""
    root.mkdir(parents=True, exist_ok=True)
    for i, body in enumerate(bodies(n, seed)):
        day = now - timedelta(days=730) + timedelta(days=(i * 1095) // n)
        header = [
            f"Title: {body.title}",
            f"Date: {day.isoformat()} 12:00",
            f"Category: {CATEGORIES[body.category][0]}",
            f"Tags: {body.category}, novads",
            f"Slug: {_slug(body.title)}-{i + 1}",
            f"Summary: {body.summary}",
        ]
        text = "\n".join(header) + "\n\n" + body.text
        (root / f"{_slug(body.title)}-{i + 1}.md").write_text(text, encoding="utf-8")
