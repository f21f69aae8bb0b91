"""Clause labels: clauses.md IDs in the notice's own numbering."""

import pytest

from zhicheng.policy import clause_label


@pytest.mark.parametrize(
    ("clause", "label"),
    [
        ("2.1.1", "二（一）1"),
        ("2.3", "二（三）"),
        ("3.2.4.1", "三（二）4（1）"),
        ("3.1.6", "三（一）6"),
        ("7.3", "七（三）"),
        ("2.1.3-2.1.4", "二（一）3、二（一）4"),
    ],
)
def test_clause_label(clause: str, label: str) -> None:
    assert clause_label(clause) == label
