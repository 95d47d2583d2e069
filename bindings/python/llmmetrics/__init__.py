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

__version__ = _c_version

__all__ = [
    "__version__", "Error", "InvalidArgumentError", "OutOfMemoryError", "SizeOverflowError",
    "UnsupportedError", "Utf8Error",
    "BLEU", "BLEUScore", "BLEUSignature", "corpus_bleu", "raw_corpus_bleu", "sentence_bleu",
    "serve", "DDSketch",
    "rouge_scorer",
]
