"""Work spread over processes gives the same results, in order, and the same errors."""

from __future__ import annotations

import pytest

from qrl10n.errors import CatalogError
from qrl10n.parallel import run_each


def square(n: int) -> int:
    return n * n


def fail_on_three(n: int) -> int:
    if n == 3:
        raise CatalogError("syntax error in the PO file", path="po/es/m1.po", line=7, fix="Correct that line")
    return n


@pytest.mark.parametrize("jobs", [1, 2, 4])
def test_results_keep_the_order_of_the_items(jobs: int) -> None:
    assert run_each(square, list(range(20)), jobs=jobs) == [n * n for n in range(20)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_error_in_a_worker_reaches_the_caller_unchanged(jobs: int) -> None:
    with pytest.raises(CatalogError) as caught:
        run_each(fail_on_three, list(range(8)), jobs=jobs)
    assert str(caught.value) == "po/es/m1.po:7: syntax error in the PO file. Correct that line."
    assert caught.value.line == 7
