"""The in-memory name index behind ``/ost`` autocomplete: fast, fuzzy, Korean-aware matching.

Pure (no store, no Discord). Each entry is a release; its words come from its title, its
artists, its drama's title and native title. A query matches entries in tiers, best first,
each tier in catalog order (upcoming soonest first, then TBA, then the most recent past):

1. the whole text begins a title, a drama's title or an artist's name;
2. every word equals a word of the entry (the last one may be a prefix: it is being typed);
3. every word is a prefix of a word of the entry;
4. every word is a prefix or a close fuzzy match (rapidfuzz) of a word of the entry;
5. the whole query is a close fuzzy match of a drama title or an artist's name.

Scoring the query against 100,000 whole names with rapidfuzz costs 40-400 ms on this machine
(measured), so names are split into words: rapidfuzz only scores the vocabulary (distinct
words), and posting lists (sorted entry numbers, plus a set for membership) join the words.
Text is NFKD-normalised, so Hangul syllables become jamo and a half-typed syllable ("사라")
is a prefix of the full one ("사랑").
"""

from __future__ import annotations

import bisect
import heapq
import json
import pickle
import unicodedata
from array import array
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import overload

from rapidfuzz import fuzz, process, utils

# (drama_id, release_id, part, title, artists JSON, drama title, native title, at unix)
CatalogRow = tuple[str, str, int | None, str | None, str, str, str | None, int | None]

CHOICE_NAME_LIMIT = 100  # Discord's limit on an autocomplete choice's name
_WORD_CUTOFF = 75  # fuzzy word matches below this are noise ("song" ~ "sun")
_NAME_CUTOFF = 80
_MAX_EXPANSIONS = 300  # words a single typed prefix may stand for (e.g. "s")
_SMALL = 5_000  # candidate counts below which set intersections beat an ordered walk
_SETS_KEPT = 512  # membership sets of the words recent queries used


def normalise(text: str) -> str:
    """Casefolded, accents and Hangul decomposed, punctuation as spaces."""
    return utils.default_process(unicodedata.normalize("NFKD", text).casefold())


def words_of(text: str) -> list[str]:
    return normalise(text).split()


@dataclass(frozen=True, slots=True)
class Entry:
    """One release as autocomplete offers it: ``value`` is ``drama/release``."""

    value: str
    name: str


def choice_name(row: CatalogRow) -> str:
    """``Drama (드라마) · Part 1 "Title" — Artist``, cut to Discord's 100 characters."""
    _, _, part, title, artists, drama_title, native, _ = row
    bits = [f"{drama_title} ({native})" if native and native != drama_title else drama_title]
    what = " ".join(x for x in (f"Part {part}" if part else "", f'"{title}"' if title else "") if x)
    if what:
        bits.append(what)
    name = " · ".join(bits)
    singers = ", ".join(json.loads(artists))
    if singers:
        name = f"{name} — {singers}"
    return _cut(name)


def _cut(name: str) -> str:
    return name if len(name) <= CHOICE_NAME_LIMIT else name[: CHOICE_NAME_LIMIT - 1] + "…"


def best_names(
    query: str, entries: Sequence[Entry], names: Sequence[str], limit: int = 25
) -> list[Entry]:
    """Entries whose normalised name contains what was typed (in their order), then fuzzy
    matches; ``names`` are the entries' names, normalised once when the index was built."""
    typed = normalise(query)
    if not typed:
        return list(entries[:limit])
    found = [i for i, name in enumerate(names) if typed in name][:limit]
    if len(found) < limit:
        hits = process.extract(typed, names, scorer=fuzz.WRatio, score_cutoff=70, limit=limit)
        found += [i for _, _, i in hits if i not in found]
    return [entries[i] for i in found[:limit]]


def catalog_order(rows: Sequence[CatalogRow], now_unix: int) -> list[CatalogRow]:
    """Rows (soonest first, TBA last, as the store gives them) as members want them offered:
    upcoming soonest first, then TBA, then the past, most recent first."""
    first_future = next(
        (i for i, row in enumerate(rows) if row[7] is None or row[7] >= now_unix), len(rows)
    )
    return [*rows[first_future:], *reversed(rows[:first_future])]


class _Terms(Sequence[str]):
    """Sorted strings kept end to end in one ``str`` with their start offsets: 100,000 whole
    titles as two objects rather than 100,000. Small objects that outlive an index build keep
    the allocator's pages of the build's garbage resident; large ones do not."""

    def __init__(self, terms: Iterable[str]) -> None:
        ordered = sorted(terms)
        self._text = "".join(ordered)
        self._starts = array("I", [0])
        for term in ordered:
            self._starts.append(self._starts[-1] + len(term))

    def __len__(self) -> int:
        return len(self._starts) - 1

    @overload
    def __getitem__(self, place: int) -> str: ...
    @overload
    def __getitem__(self, place: slice) -> list[str]: ...
    def __getitem__(self, place: int | slice) -> str | list[str]:
        if isinstance(place, slice):
            return [self[i] for i in range(*place.indices(len(self)))]
        if not 0 <= place < len(self):
            raise IndexError(place)
        return self._text[self._starts[place] : self._starts[place + 1]]


class _Postings:
    """Sorted terms, each with its sorted entry numbers, in flat buffers: the terms
    (``_Terms``, found by bisection), where each term's numbers start (``array('I')``) and all
    the numbers end to end (``array('I')``). At 100,000 releases a dict of one array per term
    held ~13 MB in 200,000 small objects; this is a few large ones."""

    def __init__(self, lists: dict[str, list[int]], *, packed_terms: bool) -> None:
        # The distinct words are few (~1,000 at 100,000 releases) and bisected on every query:
        # a plain list, bisected in C. The whole titles are one each: packed (``_Terms``).
        self.terms: Sequence[str] = _Terms(lists) if packed_terms else sorted(lists)
        self._starts = array("I", [0])
        self._numbers = array("I")
        for term in self.terms:
            self._numbers.extend(lists[term])
            self._starts.append(len(self._numbers))

    def _place(self, term: str) -> int:
        place = bisect.bisect_left(self.terms, term)
        if place == len(self.terms) or self.terms[place] != term:
            raise KeyError(term)
        return place

    def __contains__(self, term: str) -> bool:
        place = bisect.bisect_left(self.terms, term)
        return place < len(self.terms) and self.terms[place] == term

    def __getitem__(self, term: str) -> array[int]:
        """The term's entry numbers, ascending (a copy: walking an array is faster than a
        memoryview's items, and copying is a memcpy)."""
        place = self._place(term)
        return self._numbers[self._starts[place] : self._starts[place + 1]]

    def size(self, term: str) -> int:
        place = self._place(term)
        return self._starts[place + 1] - self._starts[place]


class _Releases:
    """What each entry's ``Entry`` is made of, column by column, so that the entries exist as
    objects only for the answers shown (25 at most), not as 100,000 values and names
    (~29 MB at 100,000 releases): each entry's drama (a number into the dramas' own
    columns), its part, and its release id, title and artists (JSON) as UTF-8 in one buffer."""

    def __init__(self) -> None:
        self.drama_ids: list[str] = []
        self.drama_titles: list[tuple[str, str | None]] = []
        self._drama_numbers: dict[str, int] = {}
        self._dramas = array("I")
        self._parts = array("I")  # 0: no part (parts are 1 or more)
        self._text = bytearray()
        self._ends = array("I", [0])  # 3 per entry: where its id, title and artists end

    def add(self, row: CatalogRow) -> None:
        drama_id, release_id, part, title, artists, drama_title, native, _ = row
        number = self._drama_numbers.get(drama_id)
        if number is None:
            number = self._drama_numbers[drama_id] = len(self.drama_ids)
            self.drama_ids.append(drama_id)
            self.drama_titles.append((drama_title, native))
        self._dramas.append(number)
        self._parts.append(part or 0)
        for text in (release_id, title or "", artists):
            self._text += text.encode()
            self._ends.append(len(self._text))

    def __len__(self) -> int:
        return len(self._dramas)

    def entry(self, number: int) -> Entry:
        ends, text = self._ends, self._text
        release_id, title, artists = (
            text[ends[i] : ends[i + 1]].decode() for i in range(3 * number, 3 * number + 3)
        )
        drama_id = self.drama_ids[self._dramas[number]]
        drama_title, native = self.drama_titles[self._dramas[number]]
        part = self._parts[number] or None
        row = (drama_id, release_id, part, title or None, artists, drama_title, native, None)
        return Entry(f"{drama_id}/{release_id}", choice_name(row))


class CatalogIndex:
    """Entries numbered in catalog order, and what finds them."""

    def __init__(self, rows: Iterable[CatalogRow]) -> None:
        self._releases = _Releases()
        postings: dict[str, list[int]] = defaultdict(list)
        phrases: dict[str, list[int]] = defaultdict(list)  # whole titles, dramas, artists
        names: dict[str, set[int]] = defaultdict(set)  # whole drama titles and artist names
        # Dramas and singers recur across releases: normalise each text once.
        seen: dict[str, tuple[str, list[str]]] = {}

        def known(text: str) -> tuple[str, list[str]]:
            if text not in seen:
                whole = normalise(text)
                seen[text] = (whole, whole.split())
            return seen[text]

        # Dramas and artists in catalog order (first seen = soonest upcoming), for their options.
        self.dramas: dict[str, Entry] = {}
        self.artists: dict[str, Entry] = {}
        for number, row in enumerate(rows):
            drama_id, release_id, _, title, artists, drama_title, native, _ = row
            self._releases.add(row)
            if drama_id not in self.dramas:
                label = f"{drama_title} ({native})" if native else drama_title
                self.dramas[drama_id] = Entry(drama_id, _cut(label))
            singers = json.loads(artists)
            wholes = [known(text) for text in (drama_title, native, drama_id) if text]
            wholes += [known(singer) for singer in singers]
            words = set(normalise(release_id).split())
            fields = set()
            if title:
                whole_title = normalise(title)
                fields.add(whole_title)
                words.update(whole_title.split())
            for singer in singers:
                self.artists.setdefault(singer.casefold(), Entry(singer, _cut(singer)))
            for whole, parts in wholes:
                fields.add(whole)
                words.update(parts)
                names[whole].add(number)
            for word in words:
                postings[word].append(number)
            for field in fields:
                phrases[field].append(number)
        self._postings = _Postings(postings, packed_terms=False)
        self._vocabulary = list(self._postings.terms)  # rapidfuzz scores a list fastest
        # A phrase that is also a word is looked up as that word (its numbers are a superset):
        # only the others need their own numbers.
        self._phrase_postings = _Postings(
            {phrase: numbers for phrase, numbers in phrases.items() if phrase not in postings},
            packed_terms=True,
        )
        # Only a phrase of two words or more can begin with a typed text of two words or more.
        self._phrases = self._phrase_postings.terms
        del postings, phrases
        # Sets for membership tests are built when a query needs them, and only a few kept.
        self._sets: OrderedDict[str, frozenset[int]] = OrderedDict()
        self._drama_list = list(self.dramas.values())
        self._drama_names = [normalise(f"{e.name} {e.value}") for e in self._drama_list]
        self._artist_list = list(self.artists.values())
        self._artist_names = [normalise(e.name) for e in self._artist_list]
        self._names = {name: array("I", sorted(numbers)) for name, numbers in names.items()}
        self._name_list = list(self._names)

    def packed(self) -> bytes:
        """This index as bytes, for ``unpack`` once the build's garbage is freed (see there)."""
        return pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def unpack(packed: bytes) -> CatalogIndex:
        """The index ``packed`` held, made anew. Made while the rows and the build's
        intermediates were alive, the index's few thousand small objects are spread over the
        allocator's arenas of that garbage and keep them resident (~50 MB at 100,000 releases,
        measured); unpacked after that garbage is freed, they fill a few arenas and the rest
        go back to the OS."""
        index = pickle.loads(packed)  # noqa: S301  (bytes this process made from its own index)
        if not isinstance(index, CatalogIndex):
            raise TypeError(f"not a packed CatalogIndex: {type(index).__name__}")
        return index

    def _numbers(self, term: str) -> array[int]:
        """A word's or a phrase's entry numbers, ascending."""
        return self._postings_of(term)[term]

    def _postings_of(self, term: str) -> _Postings:
        return self._postings if term in self._postings else self._phrase_postings

    def search_dramas(self, query: str, limit: int = 25) -> list[Entry]:
        """Dramas for an option whose value is a drama id."""
        return best_names(query, self._drama_list, self._drama_names, limit)

    def search_artists(self, query: str, limit: int = 25) -> list[Entry]:
        """Artists (one spelling each) for an option whose value is an artist's name."""
        return best_names(query, self._artist_list, self._artist_names, limit)

    def __len__(self) -> int:
        return len(self._releases)

    def _entries(self, numbers: Iterable[int]) -> list[Entry]:
        return [self._releases.entry(number) for number in numbers]

    def search(self, query: str, limit: int = 25) -> list[Entry]:
        """The best ``limit`` entries for what was typed; the first ones when nothing was."""
        typed = words_of(query)
        if not typed:
            return self._entries(range(min(limit, len(self))))
        found: dict[int, None] = {}  # insertion-ordered set
        exact = [[w] if w in self._postings else [] for w in typed[:-1]]
        tiers = [
            [self._prefixed(" ".join(typed), self._phrases)] if len(typed) > 1 else [[]],
            [*exact, self._prefixed(typed[-1], self._vocabulary)],
            [self._prefixed(w, self._vocabulary) for w in typed],
            [self._prefixed(w, self._vocabulary) + self._fuzzy(w) for w in typed],
        ]
        for tier in tiers:
            for number in self._joined(tier, limit - len(found), found):
                found[number] = None
            if len(found) >= limit:
                break
        if len(found) < limit:
            for number in self._whole_names(" ".join(typed)):
                found.setdefault(number, None)
                if len(found) >= limit:
                    break
        return self._entries(list(found)[:limit])

    @staticmethod
    def _prefixed(word: str, vocabulary: Sequence[str]) -> list[str]:
        start = bisect.bisect_left(vocabulary, word)
        out: list[str] = []
        # By place, not a slice: a slice of packed terms would make all 300 strings.
        for place in range(start, min(start + _MAX_EXPANSIONS, len(vocabulary))):
            candidate = vocabulary[place]
            if not candidate.startswith(word):
                break
            out.append(candidate)
        return out

    def _fuzzy(self, word: str) -> list[str]:
        if len(word) < 3:
            return []
        hits = process.extract(
            word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=_WORD_CUTOFF, limit=20
        )
        return [candidate for candidate, _, _ in hits]

    def _joined(self, tier: list[list[str]], wanted: int, skip: dict[int, None]) -> list[int]:
        """Entries holding, for every typed word, one of its candidate words; in order."""
        if wanted <= 0 or any(not candidates for candidates in tier):
            return []
        sizes = [sum(self._postings_of(w).size(w) for w in candidates) for candidates in tier]
        driver = min(range(len(tier)), key=sizes.__getitem__)
        rest = [tier[i] for i in range(len(tier)) if i != driver]
        if sizes[driver] <= _SMALL:
            # Few candidates: narrow them with C-speed set intersections, word by word.
            kept = self._union(tier[driver])
            for candidates in rest:
                kept = frozenset().union(*(kept & self._set(w) for w in candidates))
            return [n for n in sorted(kept) if n not in skip][:wanted]
        # Many: walk them in order and stop at ``wanted`` (a common word such as "song").
        others = [self._union(candidates) for candidates in rest]
        out: list[int] = []
        for number in self._in_order(tier[driver]):
            if number in skip or not all(number in members for members in others):
                continue
            out.append(number)
            if len(out) >= wanted:
                break
        return out

    def _union(self, candidates: list[str]) -> frozenset[int]:
        if len(candidates) == 1:
            return self._set(candidates[0])
        return frozenset().union(*(self._set(w) for w in candidates))

    def _set(self, word: str) -> frozenset[int]:
        found = self._sets.get(word)
        if found is None:
            found = self._sets[word] = frozenset(self._numbers(word))
            if len(self._sets) > _SETS_KEPT:
                self._sets.popitem(last=False)
        else:
            self._sets.move_to_end(word)
        return found

    def _in_order(self, candidates: list[str]) -> Iterator[int]:
        """Entry numbers of any of the words, ascending, each once (a lazy k-way merge)."""
        if len(candidates) == 1:
            yield from self._numbers(candidates[0])
            return
        last = -1
        for number in heapq.merge(*(self._numbers(w) for w in set(candidates))):
            if number != last:
                yield number
                last = number

    def _whole_names(self, query: str) -> Iterator[int]:
        hits = process.extract(
            query, self._name_list, scorer=fuzz.WRatio, score_cutoff=_NAME_CUTOFF, limit=10
        )
        for name, _, _ in hits:
            # WRatio scores a short name inside a long query highly ("a" in "zebra"): skip those.
            if 2 * len(name) >= len(query):
                yield from self._names[name]
