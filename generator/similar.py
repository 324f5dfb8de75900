"""Was this checked before? The site's claims ranked by how likely they check the same claim as a
text (issue 32; SPEC §8 `similar`), for `similar`, `new`, `check`'s `possibly-checked` and the
related fact-checks of claim pages.

Two signals, each from a maintained library, and a third from the site:

- words: each claim's words (its claim twice, its title, and the start of its summary and
  analysis) tokenised per script (runs of letters and digits; Chinese and Japanese, written
  without spaces, as overlapping pairs of characters, where the search indexes each one),
  without the language's stop words (bm25s' lists) and stemmed (Snowball, PyStemmer) in the
  claim's own language. BM25 (bm25s) finds the candidates; a candidate's word score is
  the share of the text's informative words it holds, each weighted by its IDF (0 to 1: a
  number a threshold can mean);
- meaning: WordLlama's static embeddings (its 256-dimension model ships inside its wheel and
  runs on the CPU with no network: loaded with downloads disabled), cosine similarity;
- who said it: a claim of the claimant named gets `CLAIMANT` more.

score = 0.6 x words + 0.4 x meaning (+ 0.2 for the same claimant): the weights were chosen on
the train and dev sets of CLEF CheckThat! 2022 task 2B (benchmarks/bench_similar.py, which
also reports what each part adds).

An index is built from the claims once and kept in the cache folder (cache.py), keyed by the
digest of every claim's words and of this module: a query on 20,000 claims loads it and
answers in well under a second.
"""

from __future__ import annotations

import functools
import hashlib
import io
import math
import os
import pickle
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex

from . import cache
from .files import write_atomic
from .model import Problem

if TYPE_CHECKING:
    import numpy as np

WORDS, MEANING, CLAIMANT = 0.6, 0.4, 0.2
#: Candidates each signal proposes for a query before they are scored.
CANDIDATES = 100
#: Candidates of each claim among the others, by meaning, when all are compared; rows at once.
NEIGHBOURS, BLOCK = 40, 512
#: Code points of a claim's summary and analysis that count as its words.
BODY = 1500
FORMAT = b"factcheck-similar 3\n"

_TOKEN = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]+|[\p{L}\p{M}\p{N}]+")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
_STEMMERS = {
    "ar": "arabic",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "ne": "nepali",
    "nl": "dutch",
    "no": "norwegian",
    "nb": "norwegian",
    "fa": "persian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
}
_STOPWORDS = {
    "en": "EN",
    "fr": "FRENCH",
    "es": "SPANISH",
    "pt": "PORTUGUESE",
    "de": "GERMAN",
    "it": "ITALIAN",
    "nl": "DUTCH",
    "da": "DANISH",
    "no": "NORWEGIAN",
    "sv": "SWEDISH",
    "ru": "RUSSIAN",
    "tr": "TURKISH",
}


@dataclass(frozen=True, slots=True)
class Entry:
    """What the index knows of a claim."""

    id: str
    words: str  # the text its words come from
    claimant: str
    language: str
    meaning: str = ""  # the text its embedding is of (default: `words`)

    @property
    def digest(self) -> bytes:
        """What identifies what the index knows of the claim (its words counted, its vector)."""
        text = f"{self.id}\0{self.words}\0{self.meaning}\0{self.claimant}\0{self.language}"
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[:16]


def entry_of(claim: Any) -> Entry:
    """The index entry of a loaded claim (model.Claim)."""
    body = " ".join(p for p in (claim.summary or "", claim.analysis or "") if p)[:BODY]
    words = " ".join((claim.claim, claim.claim, claim.title, body))
    meaning = f"{claim.claim} {claim.title}"  # a long text's average says less
    return Entry(claim.id, words, claim.claimant, claim.language or "en", meaning)


@functools.lru_cache(maxsize=64)
def _stemmer(language: str) -> Any:
    import Stemmer

    name = _STEMMERS.get(language.split("-")[0].lower())
    return Stemmer.Stemmer(name) if name else None


@functools.lru_cache(maxsize=64)
def _stopwords(language: str) -> frozenset[str]:
    import bm25s.stopwords

    name = _STOPWORDS.get(language.split("-")[0].lower())
    return frozenset(getattr(bm25s.stopwords, f"STOPWORDS_{name}", ())) if name else frozenset()


def tokens(text: str, language: str) -> list[str]:
    """The words of `text` as the index counts them: lowercase, without stop words, stemmed in
    `language`; a run of CJK characters as its overlapping pairs."""
    stop = _stopwords(language)
    out: list[str] = []
    for match in _TOKEN.finditer(text.casefold()):
        word = match.group(0)
        if _CJK.match(word):
            out += [word[i : i + 2] for i in range(max(1, len(word) - 1))]
        elif len(word) > 1 and word not in stop:  # a letter alone says nothing of a claim
            out.append(word)
    stemmer = _stemmer(language)
    return list(stemmer.stemWords(out)) if stemmer and out else out


@functools.lru_cache(maxsize=1)
def _model() -> Any:
    """WordLlama's bundled model, never downloaded: its wheel holds the weights and the
    tokenizer (the library looks for the tokenizer in a folder of another name, so the
    package's own folder is given as the cache)."""
    import logging

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        import wordllama  # it calls logging.basicConfig on import: undone below
    finally:
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)
    for name in ("wordllama", "bm25s"):
        logging.getLogger(name).setLevel(logging.WARNING)
    return wordllama.WordLlama.load(
        cache_dir=Path(wordllama.__file__).parent, disable_download=True
    )


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors of `texts` (float32); a text with no word the model knows (an empty one)
    is the zero vector, like nothing (the model would divide by its length, 0)."""
    import numpy as np

    if not texts:
        return np.zeros((0, 256), dtype=np.float32)
    with np.errstate(divide="ignore", invalid="ignore"):
        vectors = np.asarray(_model().embed(list(texts), norm=True), dtype=np.float32)
    return np.nan_to_num(vectors, nan=0.0, posinf=0.0, neginf=0.0)


class Index:
    """The claims of a site, ready to be compared with a text or with each other."""

    def __init__(self, entries: Sequence[Entry], previous: Index | None = None) -> None:
        """The index of `entries`; what `previous` knew of a claim whose words are the same
        (its words counted, its vector) is taken from it rather than made again."""
        import numpy as np

        #: Each claim's id, and the digest of what the index knows of it (`Entry.digest`).
        self.ids = [e.id for e in entries]
        self.digests = [e.digest for e in entries]
        self.position = {claim_id: n for n, claim_id in enumerate(self.ids)}
        known = previous._by_digest() if previous is not None else {}
        self.tokens = [
            known[e.digest][0] if e.digest in known else tokens(e.words, e.language)
            for e in entries
        ]
        #: What a claim asks of the others when they are compared: its claim and title's words
        #: (its summary and analysis would dilute the share of them another claim holds).
        self.queries = [
            known[e.digest][2]
            if e.digest in known
            else tuple(sorted(set(tokens(e.meaning or e.words, e.language))))
            for e in entries
        ]
        frequency = Counter(t for words in self.tokens for t in set(words))
        n = len(self.ids)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in frequency.items()}
        self.unseen = math.log(1 + (n + 0.5) / 0.5)
        missing = [e.meaning or e.words for e in entries if e.digest not in known]
        made = iter(embed(missing))
        rows = [known[e.digest][1] if e.digest in known else next(made) for e in entries]
        self.vectors = (
            np.vstack(rows).astype(np.float32) if rows else np.zeros((0, 256), np.float32)
        )
        self.claimants = [_name(e.claimant) for e in entries]
        self._bm25: Any = None
        self._sets: list[frozenset[str]] | None = None
        self._neighbours: dict[int, dict[str, list[tuple[str, float]]]] = {}

    def __getstate__(self) -> dict[str, Any]:
        """What the cache keeps: the sets of words are made again when needed (cheaper than
        reading them)."""
        return {**self.__dict__, "_sets": None}

    def _by_digest(self) -> dict[bytes, tuple[list[str], Any, tuple[str, ...]]]:
        return {
            d: (self.tokens[n], self.vectors[n], self.queries[n])
            for n, d in enumerate(self.digests)
        }

    @property
    def sets(self) -> list[frozenset[str]]:
        """Each claim's words, once each."""
        if self._sets is None:
            self._sets = [frozenset(t) for t in self.tokens]
        return self._sets

    @property
    def bm25(self) -> Any:
        """The BM25 index of the claims' words (bm25s), made when a text is first searched."""
        if self._bm25 is None:
            import bm25s

            self._bm25 = bm25s.BM25(k1=2.0, b=0.75)
            if self.ids:
                self._bm25.index([t or ["\u2205"] for t in self.tokens], show_progress=False)
        return self._bm25

    # -- scoring -------------------------------------------------------------------------------

    def _words(self, query: frozenset[str], candidate: int) -> float:
        total = sum(self.idf.get(t, self.unseen) for t in query)
        if not total:
            return 0.0
        words = self._sets[candidate] if self._sets is not None else set(self.tokens[candidate])
        return sum(self.idf.get(t, self.unseen) for t in query & words) / total

    def _candidates(
        self, query_tokens: list[str], vector: np.ndarray, exclude: int = -1
    ) -> list[int]:
        import numpy as np

        found: list[int] = []
        n = len(self.ids)
        if query_tokens and n:
            known = [t for t in query_tokens if t in self.idf]
            if known:
                docs, _ = self.bm25.retrieve(
                    [known], k=min(CANDIDATES, n), show_progress=False, n_threads=1
                )
                found += [int(d) for d in docs[0]]
        if n:
            sims = self.vectors @ vector
            found += [int(d) for d in np.argsort(-sims)[:CANDIDATES]]
        return [c for c in dict.fromkeys(found) if c != exclude]

    def search(
        self,
        text: str,
        *,
        language: str = "en",
        claimant: str | None = None,
        top: int = 10,
        exclude: str | None = None,
    ) -> list[tuple[str, float]]:
        """The `top` claims most likely to check the same claim as `text`, best first, each
        with its score (0 to 1, or a little more with the claimant's bonus)."""
        query = tokens(text, language)
        vector = embed([text])[0]
        return self._ranked(query, vector, claimant, top, self.position.get(exclude or "", -1))

    def _ranked(
        self, query: list[str], vector: np.ndarray, claimant: str | None, top: int, exclude: int
    ) -> list[tuple[str, float]]:
        wanted = frozenset(query)
        who = _name(claimant or "")
        scored = []
        for c in self._candidates(query, vector, exclude):
            score = WORDS * self._words(wanted, c) + MEANING * max(
                0.0, float(self.vectors[c] @ vector)
            )
            if who and self.claimants[c] == who:
                score += CLAIMANT
            scored.append((round(score, 4), self.ids[c]))
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        return [(claim, score) for score, claim in scored[:top]]

    def neighbours(self, top: int = 5) -> dict[str, list[tuple[str, float]]]:
        """For every claim, the `top` other claims most like it (its claimant counting too),
        scored as `search` scores; the candidates are the `NEIGHBOURS` nearest in meaning (all
        pairs at once, a block of rows at a time), so that 10,000 claims take seconds, not a
        search each."""
        if top in self._neighbours:
            return self._neighbours[top]
        import numpy as np

        n = len(self.ids)
        self.sets  # noqa: B018 (every claim's, made once for all the pairs)
        found: dict[str, list[tuple[str, float]]] = {}
        width = min(NEIGHBOURS, max(n - 1, 0))
        for start in range(0, n, BLOCK):
            sims = self.vectors[start : start + BLOCK] @ self.vectors.T
            for row in range(sims.shape[0]):
                sims[row, start + row] = -2.0  # never itself
            nearest = (
                np.argpartition(-sims, width - 1, axis=1)[:, :width]
                if width
                else np.zeros((sims.shape[0], 0), dtype=int)
            )
            for row in range(sims.shape[0]):
                me = start + row
                wanted = frozenset(self.queries[me])
                who = self.claimants[me]
                scored = []
                for c in nearest[row]:
                    c = int(c)
                    score = WORDS * self._words(wanted, c) + MEANING * max(0.0, float(sims[row, c]))
                    if who and self.claimants[c] == who:
                        score += CLAIMANT
                    scored.append((round(score, 4), self.ids[c]))
                scored.sort(key=lambda pair: (-pair[0], pair[1]))
                found[self.ids[me]] = [(claim, score) for score, claim in scored[:top]]
        self._neighbours[top] = found
        return found


def _name(name: str) -> str:
    return " ".join(name.casefold().split())


# -- the index in the cache ----------------------------------------------------------------------


def _key(entries: Sequence[Entry]) -> str:
    digest = hashlib.sha256(FORMAT)  # (the code is in the cache file's stamp: cache.py)
    for e in entries:
        digest.update(e.digest)
    return digest.hexdigest()[:32]


def _cache_path(root: Path, suffix: str = ".pickle") -> Path | None:
    folder = cache.folder()
    if folder is None:
        return None
    name = hashlib.sha256(os.fsencode(Path(root).resolve())).hexdigest()[:24]
    return folder / "similar" / f"{name}{suffix}"


def index_for(
    root: Path, entries: Sequence[Entry], *, neighbours: int = 0, search: bool = False
) -> Index:
    """The index of `entries`, with each claim's `neighbours` computed and, for a `search`,
    its BM25 index made: from the site's cache file when it holds these claims, else built
    and kept there (a cache is a help, never a failure)."""
    key = _key(entries)
    path = _cache_path(root)
    kept = _kept_index(path)
    index = kept[1] if kept is not None and kept[0] == key else None
    fresh = index is None
    if index is None:
        index = Index(entries, kept[1] if kept is not None else None)
    if neighbours and neighbours not in index._neighbours:
        index.neighbours(neighbours)
        fresh = True
    if search and index._bm25 is None:
        index.bm25  # noqa: B018 (made, to be kept)
        fresh = True
    if fresh and path is not None:
        _save(path, (key, index))
    return index


#: What `similar` and `new` show of a claim they found: its file, title and verdict.
Shown = tuple[str, str, str]


def search_index(
    root: Path, files: Mapping[str, Path], load: Callable[[], Mapping[str, Any]]
) -> tuple[Index, dict[str, Shown]]:
    """The index to search the claims whose files are `files` (id -> path), and what to show
    of each. When the files are as they were at the last search (each one's size, change time
    and inode), the index is read from the cache without reading a claim: a query on 20,000
    claims then takes about a second, where reading their YAML alone takes two. Otherwise
    `load()` gives the claims (model.Claim) and both are made and kept."""
    listing = _listing(files)
    path = _cache_path(root, ".files")
    kept = _load(path)
    if isinstance(kept, tuple) and len(kept) == 3 and kept[0] == listing:
        found = _kept_index(_cache_path(root))
        if found is not None and found[0] == kept[1] and found[1]._bm25 is not None:
            return found[1], kept[2]
    claims = load()
    entries = entries_of(claims.values())
    index = index_for(root, entries, search=True)
    shown = {c.id: (str(c.where.path), c.title, str(c.verdict)) for c in claims.values()}
    if path is not None:
        _save(path, (listing, _key(entries), shown))
    return index, shown


def _listing(files: Mapping[str, Path]) -> str:
    digest = hashlib.sha256(FORMAT)
    for claim_id, path in sorted(files.items()):
        try:
            info = os.stat(path)
            known = f"{info.st_size} {info.st_mtime_ns} {info.st_ctime_ns} {info.st_ino}"
        except OSError:
            known = "-"
        digest.update(f"{claim_id}\0{path}\0{known}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _save(path: Path, value: object) -> None:
    try:
        stream = io.BytesIO()
        stream.write(FORMAT + cache.stamp())
        pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomic(path, stream.getvalue(), replace=True)
        os.chmod(path, 0o600)
    except (OSError, pickle.PicklingError):
        pass


def _kept_index(path: Path | None) -> tuple[str, Index] | None:
    found = _load(path)
    if (
        isinstance(found, tuple)
        and len(found) == 2
        and isinstance(found[0], str)
        and isinstance(found[1], Index)
    ):
        return found[0], found[1]
    return None


def _load(path: Path | None) -> object:
    """What the cache file at `path` keeps, when the file is this user's own (never a link),
    of this code, and whole; else None."""
    import stat

    if path is None:
        return None
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        with os.fdopen(os.open(path, flags), "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode) or not cache.private(info):
                return None
            head = FORMAT + cache.stamp()
            if stream.read(len(head)) != head:
                return None
            return pickle.load(stream)
    except Exception:  # a cache is a help: a file that does not read is nothing
        return None


def entries_of(claims: Iterable[Any]) -> list[Entry]:
    """Index entries of loaded claims, in a stable order."""
    return sorted((entry_of(c) for c in claims), key=lambda e: e.id)


def possibly_checked(
    claims: Mapping[str, Any],
    checked: Iterable[str],
    neighbours: Mapping[str, list[tuple[str, float]]],
    threshold: float,
) -> list[Problem]:
    """`possibly-checked` warnings: each checked claim written here (not imported) whose
    closest other claim scores `threshold` or more on its words and their meaning (without the
    claimant's bonus), unless `related` joins the two (directly or through claims related in
    turn: naming one claim of a group of related checks names the group);
    said of the newer of the two (by its date of publication, else of the claim, else its id),
    so that a pair is reported once, on the claim an editor is adding."""
    group = _related_groups(claims)
    problems = []
    for claim_id in sorted(checked):
        claim = claims.get(claim_id)
        if claim is None or claim.imported_from is not None:
            continue
        for other_id, scored in neighbours.get(claim_id, ()):
            other = claims.get(other_id)
            if other is None or group.get(other_id, other_id) == group.get(claim_id, claim_id):
                continue
            # The words and their meaning alone: one claimant's claims are alike in many ways
            # (the bonus that ranks them first would make each a suspect).
            same = _name(other.claimant) == _name(claim.claimant)
            score = scored - CLAIMANT if same else scored
            if score < threshold:
                continue
            if other.imported_from is None and _age(other) > _age(claim):
                continue  # the other is the newer: it is said there
            where = claim.where.at("claim")
            problems.append(
                Problem(
                    claim.where.path,
                    where.line,
                    where.column,
                    "warning",
                    "possibly-checked",
                    f"this claim looks like {other.where.path} ({other.title!r}), score "
                    f"{score:.2f}: was it checked before?",
                    f"if it is the same claim, name it: related: [{other_id}]; if not, "
                    "possibly_checked in mkdocs.yml sets the score that warns (off: never)",
                )
            )
            break
    return problems


def _related_groups(claims: Mapping[str, Any]) -> dict[str, str]:
    """Each claim named in a `related` list (or naming one), mapped to one member of its group
    of claims joined by `related` (union-find)."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for claim_id, claim in claims.items():
        for other in claim.related:
            parent[root(other)] = root(claim_id)
    return {node: root(node) for node in list(parent)}


def _age(claim: Any) -> tuple[str, str]:
    when = claim.published or claim.date
    return (when.isoformat() if when else "", claim.id)


#: Claims each claim keeps as most like it (a claim page shows the first few).
KEPT = 5


def similar_claims(root: Path, claims: Mapping[str, Any]) -> dict[str, list[tuple[str, float]]]:
    """For every claim, the `KEPT` claims most like it, from the cached index of the site."""
    if len(claims) < 2:
        return {claim_id: [] for claim_id in claims}
    index = index_for(root, entries_of(claims.values()), neighbours=KEPT)
    return index.neighbours(KEPT)
