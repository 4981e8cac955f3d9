"""Similar messages grouped together, so staff read twenty kinds of question rather
than two thousand messages: TF-IDF over character n-grams (typos still match), then
agglomerative clustering on cosine distance. Each group's likely topic is the most
common first guess of the classifier among its messages."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

# Average cosine distance below which two groups merge (0 = same n-grams).
MERGE_DISTANCE = 0.75
# Distinct messages clustered exactly; the rarer rest join the nearest group.
MAX_CLUSTERED = 1500


@dataclass
class Group:
    examples: List[Tuple[str, int]]  # (text, times asked), most asked first
    topic: Optional[str]
    topic_share: float  # of the group's messages whose first guess is `topic`

    @property
    def count(self) -> int:
        return sum(n for _, n in self.examples)


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def _labels(texts: Sequence[str]) -> List[int]:
    """A group number per text. The first MAX_CLUSTERED texts are clustered; each
    later one joins its nearest clustered text's group when close enough, and the
    ones left are clustered among themselves the same way (memory stays bounded)."""
    if len(texts) == 1:
        return [0]
    import numpy as np
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectors = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, lowercase=True
    ).fit_transform(texts)
    head = vectors[:MAX_CLUSTERED]
    if head.shape[0] == 1:
        labels = [0]
    else:
        distances = np.clip(1.0 - (head @ head.T).toarray(), 0.0, 2.0)
        labels = [
            int(label)
            for label in AgglomerativeClustering(
                n_clusters=None, affinity="precomputed", linkage="average", distance_threshold=MERGE_DISTANCE
            ).fit_predict(distances)
        ]
    if vectors.shape[0] <= MAX_CLUSTERED:
        return labels
    similarity = (vectors[MAX_CLUSTERED:] @ head.T).toarray()
    nearest = similarity.argmax(axis=1)
    rest: List[Optional[int]] = []
    unmatched: List[int] = []
    for row, column in enumerate(nearest):
        if 1.0 - similarity[row, column] <= MERGE_DISTANCE:
            rest.append(labels[column])
        else:
            rest.append(None)
            unmatched.append(row)
    if unmatched:
        offset = max(labels) + 1
        for row, label in zip(unmatched, _labels([texts[MAX_CLUSTERED + r] for r in unmatched])):
            rest[row] = offset + label
    return labels + [int(label) for label in rest]


def group_messages(messages: Sequence[Tuple[str, Optional[str]]]) -> List[Group]:
    """`messages`: (text, the classifier's first guess). Largest group first."""
    counts: Counter = Counter()
    shown: Dict[str, str] = {}
    guesses: Dict[str, Counter] = {}
    for text, guess in messages:
        key = _key(text)
        if not key:
            continue
        counts[key] += 1
        shown.setdefault(key, text)
        guesses.setdefault(key, Counter())[guess] += 1
    keys = [key for key, _ in counts.most_common()]
    if not keys:
        return []
    members: Dict[int, List[str]] = {}
    for key, label in zip(keys, _labels(keys)):
        members.setdefault(label, []).append(key)
    groups = []
    for group_keys in members.values():
        topics: Counter = Counter()
        for key in group_keys:
            topics.update(guesses[key])
        topic, votes = max(topics.items(), key=lambda item: (item[0] is not None, item[1]))
        total = sum(topics.values())
        groups.append(
            Group([(shown[k], counts[k]) for k in group_keys], topic, votes / total if total else 0.0)
        )
    groups.sort(key=lambda g: (-g.count, g.examples[0][0]))
    return groups
