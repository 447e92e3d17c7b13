"""A synthetic multi-outlet English news corpus, with its ground truth.

    python -m benchmarks.synth --articles 10000 --seed 1 -o corpus.jsonl

Each story has two or three speakers and is covered by three to five outlets.
Every outlet prints the story's quotes, lightly reworded (a word dropped or
changed, the first words trimmed), in varied attribution styles: a full name
before or after the quote, a title, a surname or a pronoun on later mentions,
"according to". In some stories one outlet gives a quote to the wrong speaker
of the same story: a planted misattribution, listed in the truth file.

Every record carries a ``gold`` field in the format of
``../shared/eval/score.py`` (offsets and speaker of each quote), so the scorer
measures extraction on this corpus as on PolNeAR. All names and words are
generated here from the seed; nothing is copied from any corpus.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

GIVEN = {
    "female": ["Ada", "Alma", "Anika", "Bea", "Carla", "Dana", "Edith", "Elin", "Fiona",
               "Greta", "Hana", "Ines", "Iris", "Jana", "Kira", "Lena", "Lora", "Maja",
               "Mira", "Nadia", "Nora", "Olga", "Petra", "Rosa", "Sanne", "Tara", "Ulla",
               "Vera", "Wanda", "Zora"],
    "male": ["Aron", "Bruno", "Carl", "Dario", "Emil", "Felix", "Goran", "Hugo", "Ivo",
             "Jonas", "Karl", "Leon", "Marco", "Nils", "Omar", "Pavel", "Rafael", "Sami",
             "Tobias", "Umar", "Viktor", "Walter", "Yusuf", "Zeno", "Anton", "Boris",
             "Cyril", "Dmitri", "Erik", "Frank"],
}
_HEAD = ["Bar", "Cal", "Dor", "Fen", "Gal", "Har", "Kel", "Lind", "Mor", "Nor", "Ost",
         "Pell", "Quin", "Ros", "Sel", "Tor", "Val", "Wex", "Yar", "Brun", "Craw", "Dal",
         "Esk", "Fair", "Glen", "Holm", "Kirk", "Lam", "Mart", "Penn"]
_TAIL = ["berg", "by", "dale", "den", "field", "ford", "gate", "ham", "holt", "ley",
         "man", "mere", "more", "ridge", "sen", "son", "stead", "ton", "well", "wick",
         "worth", "ström", "ovic", "ani", "ez", "ari", "ella", "etti", "ina", "aud"]
TITLES = ["Minister", "Mayor", "Senator", "Director", "Governor", "Ambassador",
          "Commissioner", "Professor", "Spokesperson", "Chancellor"]
PAPERS = ["Courier", "Herald", "Post", "Times", "Gazette", "Wire", "Observer", "Tribune",
          "Chronicle", "Ledger", "Examiner", "Journal"]
PLACES = ["Velden", "Arnholt", "Keswater", "Brightmoor", "Oranport", "Lissel", "Dunmere",
          "Castellane", "Norvik", "Hallam", "Essby", "Tarnow"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# Words for quotes and filler, common English words written for this generator.
WORDS = """
we will not can must should would could have has had be been are is was were our their
the a an this that these those every each some many few more most all any no other
city council port harbour road bridge school hospital budget plan vote law tax rule
court report study market price wage job worker family child parent farmer teacher
doctor nurse police officer driver ferry train bus station river coast island valley
water power energy fuel gas grid storm flood fire winter summer spring autumn season
year month week day night morning evening hour time future past history change reform
build open close start stop finish delay reduce raise cut spend save invest borrow
pay fund support oppose protect defend improve repair replace review approve reject
agree decide expect hope fear believe know think see hear tell ask answer promise
warn explain insist accept refuse welcome return remain stay move leave join help
serve lead follow keep hold bring carry send receive offer choose allow prevent
clear simple hard easy fair unfair safe dangerous costly cheap strong weak new old
long short early late full empty public private local national regional northern
southern eastern western central small large great serious careful honest quiet
together again already still never always often rarely soon now today tomorrow here
there everyone nobody people community region country government agency company union
member leader voter resident neighbour visitor tourist student patient customer owner
question problem answer issue concern risk cost benefit value need demand supply
service project programme contract deal agreement proposal decision promise
""".split()
FILLER = """
officials met again to discuss the plan for the coming season and residents followed
the debate closely as the council weighed the costs of the project against its benefits
for local families and businesses across the region while critics pointed to delays
""".split()


@dataclass
class Person:
    given: str
    surname: str
    title: str
    gender: str

    @property
    def full(self) -> str:
        return f"{self.given} {self.surname}"

    @property
    def pronoun(self) -> str:
        return "she" if self.gender == "female" else "he"


@dataclass
class Story:
    number: int
    place: str
    people: list[Person]
    quotes: list[tuple[int, list[str]]]  # (speaker index, words)
    outlets: list[str]
    planted: tuple[int, int, int] | None = None  # (outlet index, quote index, given speaker)


@dataclass
class Article:
    record: dict[str, object]
    gold: list[dict[str, object]] = field(default_factory=list)


def person(rng: random.Random) -> Person:
    gender = rng.choice(["female", "male"])
    return Person(rng.choice(GIVEN[gender]), rng.choice(_HEAD) + rng.choice(_TAIL),
                  rng.choice(TITLES), gender)


def story(rng: random.Random, number: int, error_rate: float) -> Story:
    people: list[Person] = []
    while len(people) < rng.choice([2, 2, 3]):
        candidate = person(rng)
        if all(p.surname != candidate.surname for p in people):
            people.append(candidate)
    quotes = [(i % len(people), [rng.choice(WORDS) for _ in range(rng.randint(12, 22))])
              for i in range(rng.choice([2, 3, 3, 4]))]
    outlets = rng.sample([f"The {place} {paper}" for place in PLACES for paper in PAPERS],
                         rng.randint(3, 5))
    planted = None
    if rng.random() < error_rate:
        outlet, quote = rng.randrange(1, len(outlets)), rng.randrange(len(quotes))
        wrong = rng.choice([i for i in range(len(people)) if i != quotes[quote][0]])
        planted = (outlet, quote, wrong)
    return Story(number, rng.choice(PLACES), people, quotes, outlets, planted)


def reword(rng: random.Random, words: list[str]) -> list[str]:
    """The same statement as another outlet prints it: at most two small changes."""
    words = list(words)
    for _ in range(rng.choice([0, 0, 1, 2])):
        change = rng.random()
        if change < 0.4:
            del words[rng.randrange(1, len(words) - 1)]
        elif change < 0.8:
            words[rng.randrange(len(words))] = rng.choice(WORDS)
        else:
            words = words[2:]
    return words


def _sentence(words: list[str], end: str) -> str:
    text = " ".join(words)
    return text[:1].upper() + text[1:] + end


class _Writer:
    """One article's text, with the offsets of its quotes as they are written."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.gold: list[dict[str, object]] = []

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def quote(self, content: str, speaker: str) -> None:
        self.add("“")
        self.gold.append({"start": self.length, "end": self.length + len(content),
                          "type": "direct", "speaker": speaker})
        self.add(content)
        self.add("”")


def article(rng: random.Random, s: Story, outlet_index: int) -> Article:
    outlet = s.outlets[outlet_index]
    w = _Writer()
    w.add(f"{s.place} — {_sentence(rng.sample(FILLER, 14), '.')}\n")
    introduced: set[int] = set()
    last: int | None = None
    for q, (speaker, words) in enumerate(s.quotes):
        if s.planted and s.planted[:2] == (outlet_index, q):
            speaker = s.planted[2]
        who = s.people[speaker]
        content = reword(rng, words) if outlet_index else words
        _attributed(rng, w, who, speaker in introduced, speaker == last, content)
        introduced.add(speaker)
        last = speaker
        if rng.random() < 0.5:
            w.add(f"{_sentence(rng.sample(FILLER, 10), '.')}\n")
    slug = outlet.lower().replace("the ", "").replace(" ", "-")
    record: dict[str, object] = {
        "id": f"s{s.number:06d}-{slug}", "source": outlet, "lang": "en",
        "date": f"2026-{1 + s.number % 12:02d}-{1 + s.number % 28:02d}",
        "text": "".join(w.parts),
        "gold": {"quotes": w.gold, "unannotated_quoted_regions": []},
    }
    return Article(record, w.gold)


def _attributed(rng: random.Random, w: _Writer, who: Person, known: bool, same: bool,
                words: list[str]) -> None:
    """One paragraph quoting ``who`` in a style chosen at random."""
    day = rng.choice(DAYS)
    if same and known and rng.random() < 0.5:  # the same speaker again: a pronoun
        w.quote(_sentence(words, ","), who.full)
        w.add(f" {who.pronoun} added.\n")
        return
    if known and rng.random() < 0.5:
        w.quote(_sentence(words, ","), who.full)
        w.add(f" {who.surname} said.\n")
        return
    style = rng.randrange(4)
    if style == 0:
        w.add(f"{who.title} {who.full} said on {day}: ")
        w.quote(_sentence(words, "."), who.full)
        w.add("\n")
    elif style == 1:
        w.quote(_sentence(words, ","), who.full)
        w.add(f" said {who.full}, the {who.title.lower()}.\n")
    elif style == 2:
        w.add(f"According to {who.full}, ")
        w.quote(" ".join(words) + ".", who.full)
        w.add("\n")
    else:
        w.add(f"{who.full} spoke to reporters on {day}. ")
        w.quote(_sentence(words, ","), who.full)
        w.add(f" {who.pronoun} said.\n")


def generate(articles: int, seed: int = 1, error_rate: float = 0.1
             ) -> Iterator[tuple[dict[str, object], dict[str, object] | None]]:
    """``articles`` records, each with its planted misattribution or ``None``."""
    rng = random.Random(seed)
    written, number = 0, 0
    while written < articles:
        s = story(rng, number, error_rate)
        for index in range(len(s.outlets)):
            if written == articles:
                return
            art = article(rng, s, index)
            truth = None
            if s.planted and s.planted[0] == index:
                right, given = s.people[s.quotes[s.planted[1]][0]], s.people[s.planted[2]]
                truth = {"document": art.record["id"], "story": s.number,
                         "quote": s.planted[1], "speaker": right.full, "given": given.full}
            yield art.record, truth
            written += 1
        number += 1


def write(path: Path, articles: int, seed: int = 1, error_rate: float = 0.1) -> Path:
    """Write the corpus to ``path`` and its planted errors to ``path`` + ``.truth.json``."""
    truth: list[dict[str, object]] = []
    with path.open("w", encoding="utf-8") as out:
        for record, planted in generate(articles, seed, error_rate):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            if planted:
                truth.append(planted)
    truth_path = path.with_name(path.name + ".truth.json")
    truth_path.write_text(json.dumps(truth, indent=1), encoding="utf-8")
    return truth_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--error-rate", type=float, default=0.1,
                        help="share of stories with one planted misattribution")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    truth = write(args.output, args.articles, args.seed, args.error_rate)
    print(f"wrote {args.articles} articles to {args.output} and the truth to {truth}")


if __name__ == "__main__":
    main()
