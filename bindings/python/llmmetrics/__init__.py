"""llmmetrics: exact, fast LLM-evaluation metrics (Python binding of libllmmetrics).

BLEU with sacrebleu 2.6.0's API and numbers::

    import llmmetrics
    score = llmmetrics.corpus_bleu(hyps, [refs_a, refs_b])
    print(score.score, score)

The shared library is found through LLMMETRICS_LIB, next to this package, or the system.
"""

from ._lib import (Error, InvalidArgumentError, OutOfMemoryError, SizeOverflowError,
                   UnsupportedError, Utf8Error, version as _c_version)
from .bleu import BLEU, BLEUScore, BLEUSignature, corpus_bleu, raw_corpus_bleu, sentence_bleu
from .serve import DDSketch
from . import rouge_scorer
from . import calib, classification, fairness, qa
from .calib import *  # noqa: F401,F403
from .classification import *  # noqa: F401,F403
from .fairness import *  # noqa: F401,F403
from .qa import (SquadStats, exact_match_score, f1_score as squad_f1_score, normalize_answer,
                 squad)
from . import prob
from .stats import *  # noqa: F401,F403  agreement, correlation, ranking, semantic
from .meteor import WordNet, meteor_score, meteor_score_strings, meteor_scores, single_meteor_score
from .chrf import CHRF, CHRFScore, CHRFSignature, corpus_chrf, sentence_chrf
from .ter import TER, TERScore, TERSignature, corpus_ter, sentence_ter
from . import signif  # confidence intervals and paired tests (sacrebleu significance)

__version__ = _c_version

__all__ = [
    "__version__", "Error", "InvalidArgumentError", "OutOfMemoryError", "SizeOverflowError",
    "UnsupportedError", "Utf8Error",
    "BLEU", "BLEUScore", "BLEUSignature", "corpus_bleu", "raw_corpus_bleu", "sentence_bleu",
    "serve", "DDSketch",
    "rouge_scorer",
    "prob", "signif",
    "WordNet", "meteor_score", "single_meteor_score", "meteor_score_strings", "meteor_scores",
    "CHRF", "CHRFScore", "CHRFSignature", "corpus_chrf", "sentence_chrf",
    "TER", "TERScore", "TERSignature", "corpus_ter", "sentence_ter",
]
__all__ += calib.__all__ + classification.__all__ + fairness.__all__ + [
    "squad", "normalize_answer", "exact_match_score", "squad_f1_score", "SquadStats"]
