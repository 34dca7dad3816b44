"""Group similar short texts (e.g. questions the assistant did not understand). Pure and deterministic.

Texts are normalised (NFKC, case-folded, punctuation and symbols dropped, spaces
collapsed) and cut into overlapping character n-grams, so no word segmentation is
needed: Japanese, Chinese and Korean (dense scripts, where one character carries
a lot) use bigrams; Latin, Thai, Devanagari and other scripts use trigrams.
Greedy "leader" clustering: the most frequent text starts a group; every later
text joins the group whose leader it resembles most (n-gram Jaccard similarity
at least ``threshold``) or starts a new one. Candidate groups come from an
inverted index of n-grams, so unrelated texts are never compared.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["DEFAULT_THRESHOLD", "TextGroup", "group_texts", "jaccard", "normalise", "shingles"]

DEFAULT_THRESHOLD = 0.4
"""N-gram Jaccard similarity from which two texts count as the same question."""
_DENSE_RANGES = (
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x31F0, 0x31FF),  # katakana extensions
    (0x3400, 0x9FFF),  # CJK ideographs
    (0xAC00, 0xD7AF),  # hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
)
_DROPPED_CATEGORIES = ("P", "S", "C")  # punctuation, symbols, control/format characters


@dataclass(frozen=True)
class TextGroup:
    """Similar texts counted together.

    Attributes:
        representative: The group's most frequent text, as given.
        count: Sum of the members' counts.
        members: ``(text, count)`` of every distinct text, most frequent first.
    """

    representative: str
    count: int
    members: tuple[tuple[str, int], ...]


def normalise(text: str) -> str:
    """NFKC, case-folded, without punctuation/symbols, whitespace collapsed to single spaces."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept = "".join(" " if ch.isspace() else ch for ch in folded if ch.isspace() or not _dropped(ch))
    return " ".join(kept.split())


def _dropped(ch: str) -> bool:
    return unicodedata.category(ch)[0] in _DROPPED_CATEGORIES


def _dense(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in _DENSE_RANGES)


def shingles(text: str) -> frozenset[str]:
    """Character n-grams of the normalised text, padded with a space at both ends.

    Bigrams when at least half the letters are kana, CJK ideographs or hangul, trigrams
    otherwise. A text that normalises to nothing (only punctuation, say) is its own
    single shingle, so it groups only with identical texts.
    """
    normal = normalise(text)
    if not normal:
        return frozenset({unicodedata.normalize("NFKC", text).strip()})
    letters = normal.replace(" ", "")
    size = 2 if 2 * sum(map(_dense, letters)) >= len(letters) else 3
    padded = f" {normal} "
    if len(padded) <= size:
        return frozenset({padded})
    return frozenset(padded[i : i + size] for i in range(len(padded) - size + 1))


def jaccard(left: frozenset[str], right: frozenset[str]) -> float:
    """|A ∩ B| / |A ∪ B| (0 for two empty sets)."""
    union = len(left | right)
    return len(left & right) / union if union else 0.0


@dataclass
class _Cluster:
    leader: frozenset[str]
    members: list[tuple[str, int]]


def _best_leader(
    grams: frozenset[str], clusters: list[_Cluster], by_shingle: dict[str, list[int]], threshold: float
) -> int | None:
    """The index of the most similar leader at or above ``threshold`` (ties: the older group)."""
    shared = Counter(index for gram in grams for index in by_shingle.get(gram, ()))
    best: tuple[float, int] | None = None
    for index, common in shared.items():
        score = common / (len(grams) + len(clusters[index].leader) - common)
        if score >= threshold and (best is None or (score, -index) > (best[0], -best[1])):
            best = (score, index)
    return best[1] if best else None


def group_texts(texts: Iterable[tuple[str, int]], *, threshold: float = DEFAULT_THRESHOLD) -> list[TextGroup]:
    """Cluster texts by similarity.

    Args:
        texts: ``(text, count)`` pairs; repeated texts are added up.
        threshold: Smallest Jaccard similarity (0–1] with a group's leader to join it.

    Returns:
        Groups, largest count first (ties: representative text order). The same input
        always gives the same groups, whatever its order.

    Raises:
        ValueError: If ``threshold`` is not in (0, 1].
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    totals: dict[str, int] = defaultdict(int)
    for text, count in texts:
        totals[text] += count
    clusters: list[_Cluster] = []
    by_shingle: dict[str, list[int]] = defaultdict(list)
    for text, count in sorted(totals.items(), key=lambda item: (-item[1], item[0])):
        grams = shingles(text)
        best = _best_leader(grams, clusters, by_shingle, threshold)
        if best is None:
            for gram in grams:
                by_shingle[gram].append(len(clusters))
            clusters.append(_Cluster(grams, [(text, count)]))
        else:
            clusters[best].members.append((text, count))
    groups = [
        TextGroup(cluster.members[0][0], sum(count for _, count in cluster.members), tuple(cluster.members))
        for cluster in clusters
    ]
    return sorted(groups, key=lambda group: (-group.count, group.representative))
