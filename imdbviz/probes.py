"""Probing models with made-up sentences: does a model handle negation ("not good")?

``negation_pairs()`` builds plain sentences around sentiment adjectives ("The film was great.")
and their negations ("The film was not great."). A model *handles* negation on a pair when the
negated sentence moves its prediction towards the opposite sentiment; ``negation_effect``
measures that over all pairs for any model given as a function from texts to P(positive).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

POSITIVE_WORDS = ("good", "great", "excellent", "wonderful", "brilliant", "enjoyable", "funny",
                  "beautiful", "amazing", "perfect")
NEGATIVE_WORDS = ("bad", "awful", "terrible", "boring", "horrible", "stupid", "poor", "dull",
                  "annoying", "worse")
TEMPLATES = ("The film was {}.", "This movie is {}.", "I thought the acting was {}.",
             "The story is {} and the ending is {}.")


@dataclass
class NegationPairs:
    """``plain[i]`` and ``negated[i]`` differ by "not"; ``sentiment[i]`` is +1 when the plain
    sentence's adjective is positive, -1 when negative; ``word[i]`` the adjective."""

    plain: list
    negated: list
    sentiment: np.ndarray
    word: list


def negation_pairs(positive=POSITIVE_WORDS, negative=NEGATIVE_WORDS,
                   templates=TEMPLATES) -> NegationPairs:
    """Every template with every adjective, plain and with "not" before the adjective(s)."""
    plain, negated, sentiment, words = [], [], [], []
    for sign, adjectives in ((1, positive), (-1, negative)):
        for word in adjectives:
            for template in templates:
                slots = template.count("{}")
                plain.append(template.format(*[word] * slots))
                negated.append(template.format(*[f"not {word}"] * slots))
                sentiment.append(sign)
                words.append(word)
    return NegationPairs(plain=plain, negated=negated, sentiment=np.array(sentiment), word=words)


@dataclass
class NegationEffect:
    """One model on the pairs: ``p_plain`` and ``p_negated`` ``(pairs,)``; ``plain_right``:
    the share of plain sentences on the right side of 0.5; ``moved``: the share of pairs whose
    negation moved P(positive) towards the opposite sentiment; ``flipped``: the share whose
    negation crossed 0.5 to the opposite side; ``shift``: the mean move towards the opposite
    sentiment (P units, negative when the model moved the wrong way)."""

    name: str
    p_plain: np.ndarray
    p_negated: np.ndarray
    sentiment: np.ndarray

    @property
    def plain_right(self) -> float:
        return float(np.mean((self.p_plain > 0.5) == (self.sentiment > 0)))

    @property
    def moved(self) -> float:
        return float(np.mean(self._towards_opposite > 0))

    @property
    def flipped(self) -> float:
        return float(np.mean((self.p_negated > 0.5) == (self.sentiment < 0)))

    @property
    def shift(self) -> float:
        return float(np.mean(self._towards_opposite))

    @property
    def _towards_opposite(self) -> np.ndarray:
        return -self.sentiment * (self.p_negated - self.p_plain)

    def by_sentiment(self, sign: int) -> "NegationEffect":
        """The same for the positive (``sign=1``) or the negative (``-1``) adjectives only."""
        keep = self.sentiment == sign
        return NegationEffect(self.name, self.p_plain[keep], self.p_negated[keep],
                              self.sentiment[keep])


def negation_effect(name: str, predict, pairs: NegationPairs) -> NegationEffect:
    """``predict``: texts -> P(positive) ``(len(texts),)`` (e.g. ``TrainResult.predict``)."""
    return NegationEffect(name, np.asarray(predict(pairs.plain), dtype=float),
                          np.asarray(predict(pairs.negated), dtype=float), pairs.sentiment)
