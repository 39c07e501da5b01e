"""Matching engine (framework-free): organisations x opportunities, explained.

No Django imports here: the opportunities app calls these functions; the CLI
``zicht match`` reads JSON lines. See docs/matching.md.
"""

from .consortium import Consortium, suggest_consortium
from .evaluation import precision_at_k
from .facts import OpportunityFacts
from .index import Match, MatchIndex, Ranking, score_pair
from .weights import Weights

__all__ = [
    "Consortium",
    "Match",
    "MatchIndex",
    "OpportunityFacts",
    "Ranking",
    "Weights",
    "precision_at_k",
    "score_pair",
    "suggest_consortium",
]
