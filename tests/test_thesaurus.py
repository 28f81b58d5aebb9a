"""A user's everyday words to the plans' words: Cilin's synonym sets (index/thesaurus.py) and the lexical query that
uses them (index/query.py)."""

from __future__ import annotations

from vocabulary import Vocabulary

from index.query import MAX_SYNONYMS, known_synonyms, lexical_query, with_synonyms
from index.thesaurus import synonym_sets, synonyms

TREE = {
    "B": {
        "tag": "物",
        "sub": {
            "g": {
                "tag": "",
                "sub": {
                    "07": {
                        "tag": "",
                        "sub": {
                            "A": {
                                "tag": "",
                                "sub": {
                                    "03=": ["噪音", "噪声"],
                                    "04#": ["声响", "回声"],  # related words of one kind, not synonyms
                                },
                            }
                        },
                    }
                },
            }
        },
    },
    "D": {
        "tag": "抽象事物",
        "sub": {
            "n": {
                "tag": "数量",
                "sub": {"05": {"tag": "", "sub": {"C": {"tag": "", "sub": {"01=": ["若干", "好多"]}}}}},
            },
            "m": {
                "tag": "机构",
                "sub": {"03": {"tag": "", "sub": {"A": {"tag": "", "sub": {"01=": ["工厂", "厂子", "厂"]}}}}},
            },
        },
    },
    "K": {
        "tag": "助语",
        "sub": {
            "c": {
                "tag": "",
                "sub": {
                    "02": {
                        "tag": "",
                        "sub": {
                            "A": {
                                "tag": "",
                                "sub": {
                                    "01=": ["同时", "还要"],
                                },
                            }
                        },
                    }
                },
            }
        },
    },
}


def test_synonym_sets_of_the_classes_plans_treat():
    sets = synonym_sets(TREE)
    assert sets["噪音"] == {"噪声"} and sets["噪声"] == {"噪音"}
    assert sets["厂子"] == {"工厂"}  # a single character (厂) stands for too many senses
    assert "声响" not in sets  # `#` sets are related words, not synonyms
    assert "好多" not in sets  # a quantity asks how many (Dn), it is not what is asked about
    assert "还要" not in sets  # function words (K)
    assert "一共" not in sets  # a total asked (He16A01)


def test_the_installed_thesaurus():
    assert "噪声" in synonyms("噪音")
    assert "就医" in synonyms("看病")
    assert synonyms("规划问答") == frozenset()


def test_a_word_no_plan_holds_gets_the_plans_synonyms():
    vocabulary = Vocabulary({"噪声": 5.0, "工地": 6.0, "诉讼": 7.0})
    assert known_synonyms("噪音", vocabulary) == ["噪声"]
    assert known_synonyms("噪声", vocabulary) == []  # the plans hold it
    assert with_synonyms("工地噪音大", vocabulary).split() == ["工地", "噪声", "大"]
    # the words the plans use most first, at most MAX_SYNONYMS of them
    many = Vocabulary({"儿童": 2.0, "孩童": 9.0, "少年儿童": 4.0, "子女": 3.0, "孩子家": 8.0})
    assert known_synonyms("孩子", many)[:2] == ["儿童", "子女"]
    assert len(known_synonyms("孩子", many)) == MAX_SYNONYMS


def test_a_piece_of_a_longer_word_is_not_replaced():
    # 老师傅 (a master craftsman) is no 老师 (teacher): the search cut gives both, only the word counts
    vocabulary = Vocabulary({"教师": 3.0, "名师": 6.0, "技术": 1.0})
    assert "教师" not in with_synonyms("厂里有位老师傅手艺好", vocabulary)
    assert "教师" in with_synonyms("学校的老师", vocabulary)


def test_english_and_known_words_are_left_alone():
    vocabulary = Vocabulary({"噪声": 5.0})
    assert with_synonyms("工地噪声大", vocabulary) == "工地噪声大"
    assert with_synonyms("What is the 噪音 limit?", vocabulary) == "What is the 噪音 limit?"
    assert "噪声" in lexical_query("工地噪音大", vocabulary)
    assert with_synonyms("工地噪音大", None) == "工地噪音大"  # no index: nothing known
