"""Plural-Forms compared by meaning: the formula evaluated for n = 0..1099.

Weblate writes ``plural=(n != 1);`` where gettext's templates write ``plural=n != 1;``; the
spacing and parentheses change, the plural chosen for every n does not. The grammar is
gettext's (plural-exp.c): integers, ``n``, ``! * / % + - < > <= >= == != && || ?:`` and
parentheses.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

_TOKEN = re.compile(r"\s*(\d+|n|&&|\|\||[<>!=]=|[-+*/%<>!?:()])")
_LEVELS = (("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/", "%"))
_SAMPLES = range(1100)


@lru_cache(maxsize=256)
def plural_meaning(value: str) -> str:
    """``nplurals=N; plural=<the form for each sample n>``; the text itself when it does not parse."""
    match = re.search(r"nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^;]+);?", value)
    if match is None:
        return re.sub(r"\s+", "", value)
    try:
        expression = _Expression(match.group(2))
        forms = [expression.evaluate(n) for n in _SAMPLES]
    except (ValueError, ZeroDivisionError, IndexError):
        return re.sub(r"\s+", "", value)
    return f"nplurals={match.group(1)}; plural=" + ",".join(map(str, forms))


class _Expression:
    """A parsed C plural expression (recursive descent over its tokens)."""

    def __init__(self, text: str) -> None:
        text = text.strip()
        self.tokens: list[str] = []
        position = 0
        while position < len(text):
            match = _TOKEN.match(text, position)
            if match is None:
                if text[position:].strip():
                    raise ValueError(text[position:])
                break
            self.tokens.append(match.group(1))
            position = match.end()
        self.index = 0
        self.tree = self._conditional()
        if self.index != len(self.tokens):
            raise ValueError("trailing tokens")

    def evaluate(self, n: int) -> int:
        return _evaluate(self.tree, n)

    def _peek(self) -> str | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def _take(self) -> str:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def _conditional(self) -> object:
        condition = self._binary(0)
        if self._peek() != "?":
            return condition
        self._take()
        yes = self._conditional()
        if self._take() != ":":
            raise ValueError("':' expected")
        return ("?", condition, yes, self._conditional())

    def _binary(self, level: int) -> object:
        if level == len(_LEVELS):
            return self._unary()
        left = self._binary(level + 1)
        while self._peek() in _LEVELS[level]:
            left = (self._take(), left, self._binary(level + 1))
        return left

    def _unary(self) -> object:
        token = self._take()
        if token == "!":
            return ("!", self._unary())
        if token == "(":
            inner = self._conditional()
            if self._take() != ")":
                raise ValueError("')' expected")
            return inner
        if token == "n":
            return "n"
        if token.isdigit():
            return int(token)
        raise ValueError(token)


_OPERATORS: dict[str, Callable[[int, int], int]] = {
    "||": lambda a, b: int(bool(a) or bool(b)), "&&": lambda a, b: int(bool(a) and bool(b)),
    "==": lambda a, b: int(a == b), "!=": lambda a, b: int(a != b), "<": lambda a, b: int(a < b),
    ">": lambda a, b: int(a > b), "<=": lambda a, b: int(a <= b), ">=": lambda a, b: int(a >= b),
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "/": lambda a, b: a // b, "%": lambda a, b: a % b,
}


def _evaluate(tree: object, n: int) -> int:
    if tree == "n":
        return n
    if isinstance(tree, int):
        return tree
    assert isinstance(tree, tuple)
    if tree[0] == "?":
        return _evaluate(tree[2], n) if _evaluate(tree[1], n) else _evaluate(tree[3], n)
    if tree[0] == "!":
        return int(not _evaluate(tree[1], n))
    return _OPERATORS[tree[0]](_evaluate(tree[1], n), _evaluate(tree[2], n))
