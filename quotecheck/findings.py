"""Findings stage: attribution errors across sources, as stable rules.

Each rule is a small declaration (id, default severity, what it means) and a
check over the corpus: the clusters of one statement in several documents, the
quotes, and the person names each document gives. Messages name the speakers
and the documents, and say what differs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from quotecheck.differences import changes_between
from quotecheck.names import (
    Aliases,
    corpus_variant,
    same_person,
    spelling_variant,
    without_marks,
    words,
)
from quotecheck.records import Cluster, Finding, Keyed, PersonName, Quote, Severity

DISTINCTIVE_WORDS = 6  # shorter quotes are too common to belong to one speaker
SAME_WORDS = 0.5  # word-set overlap (Jaccard) of two versions of one statement


@dataclass(frozen=True)
class Corpus:
    """What the rules read; what several rules need is computed once, here."""

    quotes: dict[str, Quote]
    keyed: dict[str, Keyed]
    clusters: Sequence[Cluster]
    people: Sequence[PersonName]
    sources: dict[str, str]  # document id -> source name
    negations: dict[str, frozenset[str]]  # language -> negation words
    aliases: Aliases

    @cached_property
    def name_counts(self) -> Counter[str]:
        """In how many documents each full person name occurs."""
        return Counter(p.name for p in self.people)

    @cached_property
    def statement_identities(self) -> list[tuple[list[Quote], list[_Identity]]]:
        """Each group of matched statements, with the people it is attributed to."""
        return [(quotes, _identities(quotes, self)) for quotes in _statements(self)]

    @cached_property
    def speaker_variants(self) -> list[tuple[_Identity, set[tuple[str, str]]]]:
        """Identities of a statement whose sources spell the name differently."""
        return list(_speaker_variants(self))


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    meaning: str
    check: Callable[[Corpus, Rule], Iterable[Finding]]


MAX_VERSIONS = 20  # quotes, speakers and names a finding lists; the rest are counted


def _finding(rule: Rule, message: str, quotes: Iterable[Quote], speakers: Iterable[str] = (),
             suggested: str | None = None, documents: Iterable[str] = ()) -> Finding:
    """A finding listing at most ``MAX_VERSIONS`` quotes and speakers: one quote given
    to thousands of names must not make the report grow with the square of them."""
    quote_list = list(quotes)
    shown = quote_list[:MAX_VERSIONS]
    docs = sorted({q.document for q in shown} | set(documents))
    names = sorted(set(speakers))
    return Finding(rule.id, rule.severity, message, tuple(q.id for q in shown),
                   tuple(docs), tuple(names[:MAX_VERSIONS]), suggested,
                   more_quotes=len(quote_list) - len(shown))


def _some(items: Sequence[str], sep: str = ", ") -> str:
    """At most ``MAX_VERSIONS`` items joined, and how many more there are."""
    more = len(items) - MAX_VERSIONS
    return sep.join(items[:MAX_VERSIONS]) + (f" and {more:,} more" if more > 0 else "")


# -- speakers of one cluster -------------------------------------------------------


@dataclass(slots=True)
class _Identity:
    """One person as the sources of a cluster name them."""

    quotes: list[Quote]
    corpus_counts: Counter[str]

    def spellings(self) -> Counter[str]:
        return Counter(q.speaker for q in self.quotes if q.speaker)

    @property
    def display(self) -> str:
        """The spelling most sources use here, then across the corpus."""
        counts = self.spellings()
        return min(counts, key=lambda s: (-counts[s], -self.corpus_counts[s], -len(s), s))

    def sources(self, corpus: Corpus) -> int:
        return len({corpus.sources.get(q.document, q.document) for q in self.quotes})

    def introduced(self) -> int:
        return sum(q.introduced for q in self.quotes)


def _named(quotes: Iterable[Quote]) -> list[Quote]:
    return [q for q in quotes if q.speaker and q.speaker_kind in ("person", "organisation")]


def _identities(quotes: Sequence[Quote], corpus: Corpus) -> list[_Identity]:
    groups: list[_Identity] = []
    counts = corpus.name_counts
    for quote in _named(quotes):
        speaker = quote.speaker or ""
        for group in groups:
            if any(same_person(speaker, q.speaker or "", corpus.aliases) for q in group.quotes):
                group.quotes.append(quote)
                break
        else:
            groups.append(_Identity([quote], counts))
    return groups


def _suggest(identities: Sequence[_Identity], corpus: Corpus) -> str | None:
    """The identity the evidence supports: more sources, then a proper introduction."""
    scored = sorted(((i.sources(corpus), i.introduced()), i.display) for i in identities)
    if len(scored) > 1 and scored[-1][0] == scored[-2][0]:
        return None
    return scored[-1][1]


def _members(corpus: Corpus, cluster: Cluster) -> list[Quote]:
    return [corpus.quotes[q] for q in cluster.quotes]


def _statements(corpus: Corpus) -> Iterable[list[Quote]]:
    """Quotes that fully match across documents and are long enough to be distinctive.

    A phrase contained in someone else's longer quote, or a title like "Morning
    Joe", may well be said by several people: it is no evidence of who said it.
    """
    for cluster in corpus.clusters:
        for group in cluster.groups or (cluster.quotes,):
            quotes = [corpus.quotes[q] for q in group
                      if len(corpus.keyed[q].words) >= DISTINCTIVE_WORDS]
            if len({q.document for q in quotes}) >= 2:
                yield quotes


def _where(identity: _Identity) -> str:
    docs = _some(sorted({q.document for q in identity.quotes}))
    return f"{identity.display} ({docs})"


# -- rules ---------------------------------------------------------------------------


def _same_words(a: Keyed, b: Keyed) -> bool:
    """Two versions share most of their words: one statement, not a similar phrase."""
    wa, wb = set(a.words), set(b.words)
    return len(wa & wb) >= SAME_WORDS * len(wa | wb)


def _disagreeing(quotes: list[Quote], corpus: Corpus) -> list[_Identity]:
    """The people a statement is given to on direct evidence, when at least two of
    them are given the same words (not only a similar phrase)."""
    found = _identities([q for q in quotes if q.direct and q.speaker_kind == "person"], corpus)
    if len(found) < 2:
        return []
    found = _without_ambiguous_references(found, corpus)
    keyed = corpus.keyed
    linked = [i for i in found if any(
        _same_words(keyed[a.id], keyed[b.id])
        for other in found if other is not i for a in i.quotes for b in other.quotes)]
    return linked if len(linked) >= 2 else []


def _without_ambiguous_references(found: list[_Identity], corpus: Corpus) -> list[_Identity]:
    """Drop versions whose speaker was read from a pronoun or role noun in a document
    that also names one of the other people: "he" may well be that person."""
    kept: list[_Identity] = []
    for identity in found:
        others = [o.display for o in found if o is not identity]
        quotes = [q for q in identity.quotes if q.mention_kind == "name" or not any(
            same_person(other, name, corpus.aliases)
            for other in others for name in q.document_names)]
        if quotes:
            kept.append(_Identity(quotes, identity.corpus_counts))
    return kept


def misattribution(corpus: Corpus, rule: Rule) -> Iterable[Finding]:
    """A statement given to different people, each on a cue or label in its own text.

    A speaker carried over from an earlier paragraph, or guessed for a quote with
    no cue, is no evidence against another source; neither is a phrase that
    merely resembles another (word-set overlap below ``SAME_WORDS``).
    """
    for quotes, _found in corpus.statement_identities:
        found = _disagreeing(quotes, corpus)
        if len(found) < 2:
            continue
        identities = sorted(found, key=lambda i: (i.quotes[0].document, i.display))
        message = "Same quote attributed to " + _some([_where(i) for i in identities], " and to ")
        involved = [q for i in identities for q in i.quotes]
        yield _finding(rule, message, involved, [q.speaker or "" for q in involved],
                       _suggest(identities, corpus))


def _speaker_variants(corpus: Corpus) -> Iterable[tuple[_Identity, set[tuple[str, str]]]]:
    for _quotes, identities in corpus.statement_identities:
        for identity in identities:
            spellings = sorted(identity.spellings())
            variants = {(a, b) for a in spellings for b in spellings if a < b
                        and spelling_variant(a, b) and not corpus.aliases.declared(a, b)}
            if variants:
                yield identity, variants


def speaker_variant(corpus: Corpus, rule: Rule) -> Iterable[Finding]:
    for identity, variants in corpus.speaker_variants:
        names = sorted({n for pair in variants for n in pair})
        quotes = [q for q in identity.quotes if q.speaker in names]
        by_doc = _some([f"{q.speaker} in {q.document}" for q in quotes], "; ")
        yield _finding(rule, f"One speaker spelled differently for the same quote: {by_doc}",
                       quotes, names, identity.display)


def unattributed(corpus: Corpus, rule: Rule) -> Iterable[Finding]:
    for cluster in corpus.clusters:
        quotes = _members(corpus, cluster)
        identities = _identities(quotes, corpus)
        if not identities:
            continue
        suggested = _suggest(identities, corpus)
        named = _some([_where(i) for i in identities])
        attributed_in = {q.document for q in _named(quotes)}
        for quote in quotes:
            if quote.speaker is None and quote.unsourced and quote.kind != "term" and (
                    quote.document not in attributed_in):
                message = f"Quote has no speaker in {quote.document}; attributed to {named}"
                yield _finding(rule, message, [quote, *_named(quotes)],
                               [q.speaker or "" for q in _named(quotes)], suggested)


def unknown_speaker(corpus: Corpus, rule: Rule) -> Iterable[Finding]:
    seen: set[tuple[str, str]] = set()
    for quote in corpus.quotes.values():
        if (quote.speaker and quote.speaker_kind == "person" and not quote.introduced
                and quote.direct and quote.speaker_mention == quote.speaker
                and (quote.document, quote.speaker) not in seen):
            seen.add((quote.document, quote.speaker))
            message = (f"{quote.speaker} is quoted in {quote.document} but never introduced "
                       "(no full name, no title, no other mention)")
            yield _finding(rule, message, [quote], [quote.speaker])


def altered_quote(corpus: Corpus, rule: Rule) -> Iterable[Finding]:
    """Versions of one statement that differ in numbers, negation or inserted words.
    Only full versions are compared (a cluster's strong groups): a fragment or an
    overlapping excerpt lacks the other's numbers without altering anything."""
    for cluster in corpus.clusters:
        for group in cluster.groups or (cluster.quotes,):
            yield from _altered_in(corpus, rule, [corpus.quotes[q] for q in group])


def _altered_in(corpus: Corpus, rule: Rule, quotes: list[Quote]) -> Iterable[Finding]:
    if quotes:
        reference = quotes[0]
        for other in quotes[1:]:
            if other.document == reference.document:
                continue
            changes = changes_between(reference, corpus.keyed[reference.id], other,
                                      corpus.keyed[other.id], corpus.negations)
            if changes:
                message = (f"Quote differs between {reference.document} and {other.document}: "
                           + "; ".join(changes))
                yield _finding(rule, message, [reference, other])


def name_variant(corpus: Corpus, rule: Rule) -> Iterable[Finding]:
    """Two spellings of a name in unrelated-looking but related documents.

    Related: a document of each shares a matched quote or another person's
    name. Without that, two similar names in a large corpus are more often
    two people (Ada Holmsen, Ada Holmson) than one person misspelled.
    """
    documents: dict[str, set[str]] = {}  # distinct person name -> documents
    names_of: dict[str, set[str]] = {}  # document -> its introduced names
    for person in corpus.people:
        if person.introduced:  # a sign in its document that the run is a person
            documents.setdefault(person.name, set()).add(person.document)
            names_of.setdefault(person.document, set()).add(person.name)
    clusters_of: dict[str, set[str]] = {}
    for cluster in corpus.clusters:
        for quote in cluster.quotes:
            clusters_of.setdefault(corpus.quotes[quote].document, set()).add(cluster.id)
    reported = {pair for _identity, variants in corpus.speaker_variants for pair in variants}
    return name_variants(rule, NameContext(documents, names_of, clusters_of, reported),
                         corpus.aliases)


@dataclass(frozen=True, slots=True)
class NameContext:
    """What ``name_variant`` reads of the corpus; ``documents`` may hold only the
    names to compare, the rest must be complete for the documents giving them."""

    documents: dict[str, set[str]]  # introduced person name -> documents
    names_of: dict[str, set[str]]  # document -> its introduced names
    clusters_of: dict[str, set[str]]  # document -> the clusters of its quotes
    reported: set[tuple[str, str]]  # spelling pairs a speaker-variant finding reports


def name_variants(rule: Rule, context: NameContext, aliases: Aliases) -> Iterable[Finding]:
    """The findings of ``name_variant`` from what it reads of the corpus."""
    documents, names_of, clusters_of = context.documents, context.names_of, context.clusters_of

    def around(name: str) -> tuple[set[str], set[str]]:
        """Other names and clusters of the documents that give ``name``."""
        docs = documents[name]
        return (set().union(*(names_of[d] for d in docs)) - {name},
                set().union(*(clusters_of.get(d, set()) for d in docs)))

    def related(a: str, b: str) -> bool:
        names_a, clusters_a = around(a)
        names_b, clusters_b = around(b)
        return bool((names_a & names_b) - {a, b} or clusters_a & clusters_b)

    # Candidates share one word in the same place and the initials of the others
    # (corpus_variant needs both), so a common given name is not a bucket of
    # thousands of names compared pairwise.
    blocks: dict[tuple[object, ...], list[str]] = {}
    for name in sorted(documents):
        for block in name_blocks(name):
            blocks.setdefault(block, []).append(name)
    pairs: set[tuple[str, str]] = set()
    for names in blocks.values():
        for n, a in enumerate(names):
            for b in names[n + 1 :]:
                if ((a, b) not in context.reported and not documents[a] & documents[b]
                        and corpus_variant(a, b) and not aliases.declared(a, b)
                        and related(a, b)):
                    pairs.add((a, b))
    for a, b in sorted(pairs):
        message = (f"{a} ({', '.join(sorted(documents[a]))}) and {b} "
                   f"({', '.join(sorted(documents[b]))}) look like one person spelled two ways")
        yield _finding(rule, message, [], [a, b], documents=documents[a] | documents[b])


def name_blocks(name: str) -> list[tuple[object, ...]]:
    """The blocks of ``name``: only names sharing one are compared by ``name_variant``."""
    ws = words(name)
    return [(len(ws), i, word, tuple(without_marks(w)[:1] for j, w in enumerate(ws) if j != i))
            for i, word in enumerate(ws)]


RULES: tuple[Rule, ...] = (
    Rule("misattribution", "error",
         "the same quote is attributed to different people in different sources",
         misattribution),
    Rule("speaker-variant", "warning",
         "the same person's name is spelled differently for the same quote", speaker_variant),
    Rule("name-variant", "info",
         "a person's name is spelled differently across documents outside attribution",
         name_variant),
    Rule("unattributed", "warning",
         "a quote has no speaker in one source while other sources attribute it", unattributed),
    Rule("unknown-speaker", "warning",
         "a quote is attributed to a name its document never introduces", unknown_speaker),
    Rule("altered-quote", "info",
         "the same quote differs in numbers, negation or inserted words between sources",
         altered_quote),
)


def find(corpus: Corpus) -> list[Finding]:
    found = [f for rule in RULES for f in rule.check(corpus, rule)]
    order = {quote_id: n for n, quote_id in enumerate(corpus.quotes)}
    return sorted(found, key=lambda f: (("error", "warning", "info").index(f.severity), f.rule,
                                        [order.get(q, 0) for q in f.quotes], f.documents))
