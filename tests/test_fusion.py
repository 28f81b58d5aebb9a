"""Reciprocal rank fusion on hand-written rankings, with exact orders and scores."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.fusion import rrf


def test_docstring_example_agreement_beats_a_single_first_place():
    dense = ["d1", "d2", "d3"]
    sparse = ["d4", "d2", "d5"]
    assert rrf([dense, sparse]) == [
        ("d2", 1 / 62 + 1 / 62),
        ("d1", 1 / 61),
        ("d4", 1 / 61),
        ("d3", 1 / 63),
        ("d5", 1 / 63),
    ]


def test_k_zero_lets_one_first_place_tie_with_two_second_places():
    assert rrf([["d1", "d2"], ["d4", "d2"]], k=0) == [("d1", 1.0), ("d2", 1.0), ("d4", 1.0)]


def test_exact_scores_over_two_lists():
    fused = rrf([["a", "b", "c"], ["b", "c", "a"]])
    assert fused == [
        ("b", 1 / 62 + 1 / 61),  # 0.03252
        ("a", 1 / 61 + 1 / 63),  # 0.03227
        ("c", 1 / 63 + 1 / 62),  # 0.03200
    ]


def test_custom_k():
    assert rrf([["a", "b"], ["b"]], k=1) == [("b", 1 / 3 + 1 / 2), ("a", 1 / 2)]


def test_weights_scale_each_list():
    fused = rrf([["a", "b"], ["b", "a"]], weights=[2.0, 1.0])
    assert fused == [("a", 2 / 61 + 1 / 62), ("b", 2 / 62 + 1 / 61)]
    # The same lists unweighted tie, and the tie goes to the item seen first.
    assert rrf([["a", "b"], ["b", "a"]]) == [("a", 1 / 61 + 1 / 62), ("b", 1 / 62 + 1 / 61)]
    assert rrf([["b", "a"], ["a", "b"]])[0][0] == "b"


def test_zero_weight_list_still_contributes_its_items_with_score_zero():
    assert rrf([["a"], ["b"]], weights=[1.0, 0.0]) == [("a", 1 / 61), ("b", 0.0)]


def test_empty_inputs():
    assert rrf([]) == []
    assert rrf([[], []]) == []
    assert rrf([[], ["x"]]) == [("x", 1 / 61)]


def test_ties_keep_order_of_first_appearance():
    assert rrf([["a"], ["b"]]) == [("a", 1 / 61), ("b", 1 / 61)]
    assert rrf([["b"], ["a"]]) == [("b", 1 / 61), ("a", 1 / 61)]
    # Equal ranks in different lists: list 1 is read before list 2, so x before q and p before y.
    assert [item for item, _ in rrf([["x", "p"], ["q", "y"]])] == ["x", "q", "p", "y"]


def test_same_ranks_in_another_order_tie_exactly():
    # x has ranks (1, 7, 2), y has ranks (2, 1, 7). Summed left to right in floating point, y would come out a hair
    # ahead (0.0474478480153437 vs 0.04744784801534369); the exact sum makes them equal, and x was seen first.
    lists = [
        ["x", "y"],
        ["y", "f1", "f2", "f3", "f4", "f5", "x"],
        ["g1", "x", "g2", "g3", "g4", "g5", "y"],
    ]
    assert 1 / 62 + 1 / 61 + 1 / 67 > 1 / 61 + 1 / 67 + 1 / 62  # the float trap this test guards against
    fused = rrf(lists)
    assert fused[0] == ("x", math.fsum([1 / 61, 1 / 67, 1 / 62]))
    assert fused[1] == ("y", fused[0][1])


def test_duplicate_in_one_list_counts_once_at_its_best_rank():
    assert rrf([["a", "b", "a"]]) == [("a", 1 / 61), ("b", 1 / 62)]


def test_any_hashable_items():
    assert rrf([[("doc", 1), ("doc", 2)], [("doc", 2)]]) == [(("doc", 2), 1 / 62 + 1 / 61), (("doc", 1), 1 / 61)]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"k": -1}, "k must be >= 0"),
        ({"weights": [1.0]}, "1 weights for 2 rankings"),
        ({"weights": [1.0, -0.5]}, "weights must be >= 0"),
    ],
)
def test_invalid_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        rrf([["a"], ["b"]], **kwargs)


rankings_strategy = st.lists(st.lists(st.integers(0, 20), max_size=8, unique=True), max_size=4)


@given(rankings_strategy)
def test_scores_are_the_sum_of_reciprocal_ranks(rankings):
    fused = rrf(rankings)
    assert [item for item, _ in fused] == sorted(
        {item for ranking in rankings for item in ranking},
        key=lambda item: (-dict(fused)[item], _first_seen(rankings, item)),
    )
    for item, score in fused:
        expected = math.fsum(1 / (60 + ranking.index(item) + 1) for ranking in rankings if item in ranking)
        assert score == expected


def _first_seen(rankings, item):
    flat = [x for ranking in rankings for x in ranking]
    return flat.index(item)
