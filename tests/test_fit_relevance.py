"""The refusal model's fitting code (eval/fit_relevance.py) on data whose answer is known."""

from __future__ import annotations

import numpy as np

from eval.fit_relevance import Model, cross_validated, fit


def _samples(n: int = 200, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Coverage and cosine drawn from a known logistic model: p = σ(10·coverage + 150·(dense − 0.9))."""
    rng = np.random.default_rng(seed)
    coverage = rng.uniform(0, 1, n)
    dense = rng.uniform(0.84, 0.94, n)
    p = 1 / (1 + np.exp(-(10 * coverage + 150 * (dense - 0.9))))
    y = (rng.uniform(0, 1, n) < p).astype(float)
    return np.column_stack([coverage, dense]), y


def test_the_fit_recovers_the_direction_and_centre_of_a_known_model():
    x, y = _samples()
    m = fit(x, y)
    assert m.w_coverage > 0 and m.w_dense > 0
    assert 0.85 < m.dense_centre < 0.95  # the true centre with no coverage is 0.9
    z = m.logit(x[:, 0], x[:, 1])
    accuracy = ((z >= 0) == (y == 1)).mean()
    assert accuracy > 0.8


def test_cross_validated_logits_come_from_models_that_did_not_see_the_sample():
    x, y = _samples(120)
    cv = cross_validated(x, y)
    assert cv.shape == y.shape and np.isfinite(cv).all()
    full = fit(x, y).logit(x[:, 0], x[:, 1])
    assert not np.allclose(cv, full)  # held-out scores differ from in-sample ones


def test_the_dense_centre_is_where_the_odds_are_even_without_coverage():
    m = Model(w_coverage=8.0, w_dense=150.0, bias=-135.0)
    assert m.dense_centre == 0.9
    assert abs(float(m.logit(np.array([0.0]), np.array([0.9]))[0])) < 1e-9
