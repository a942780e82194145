"""Vietnamese numbers and money in report text (số liệu): ``1.970.382``, ``65,23``, ``17 tỷ 942 triệu đồng``.

Vietnamese writes ``.`` between thousands and ``,`` before decimals (Babel's ``vi_VN``
convention; the shapes are checked by regular expressions and read by swapping the marks).
Multipliers (tỷ, triệu, nghìn) and currency words come from ``lexicon/units.yaml``. Values are exact: ``int`` when whole, ``Decimal`` otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from htx.ingest.lexicon import fold, lexicon, phrase_pattern
from htx.stats.facts import Value, exact

# A run of digits with . or , inside; the parser decides which style it is.
NUMBER_TOKEN = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*")
_VI_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_VI_PLAIN = re.compile(r"\d+(?:,\d+)?")
_EN_DECIMAL = re.compile(r"\d+\.\d{1,2}")
_EN_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?")
MAX_DIGITS = 30


def parse_number(token: str) -> Decimal | None:
    """Value of one number token as Vietnamese writes it, or None when it is not one.

    ``1.970.382`` → 1970382, ``65,23`` → 65.23, ``05`` → 5, ``66.807,55`` → 66807.55;
    ``32.4`` (English decimal point) → 32.4; ``4.0.1`` or ``1.23.4`` → None.
    """
    token = token.strip()
    if not token or len(token) > MAX_DIGITS:
        return None
    try:
        if _VI_THOUSANDS.fullmatch(token) or _VI_PLAIN.fullmatch(token):
            # the shapes are checked above, so the vi_VN reading is a plain character swap; Babel's
            # parse_decimal gives the same value but loads locale data on every call (a fifth of the
            # reader's time on a long report)
            return Decimal(token.replace(".", "").replace(",", "."))
        if _EN_DECIMAL.fullmatch(token):
            return Decimal(token)
        if _EN_THOUSANDS.fullmatch(token):
            return Decimal(token.replace(",", ""))
    except (InvalidOperation, ValueError):
        return None
    return None


@dataclass(frozen=True)
class Amount:
    """A number with what follows it: value (multiplied), whether it is money, its end."""

    value: Value
    money: bool
    end: int
    multiplied: bool


@cache
def _money_regex() -> re.Pattern[str]:
    lex = lexicon()
    mult = "|".join(phrase_pattern(p) for p in sorted(lex.phrases("units", kind="multiplier"), key=len, reverse=True))
    cur = "|".join(phrase_pattern(p) for p in sorted(lex.phrases("units", kind="currency"), key=len, reverse=True))
    num = r"\d+(?:[.,]\d+)*"
    # 17 tỷ 942 triệu (đồng) | 7,5 tỷ đồng | 412.296.737.000 đồng | 3.000.000.000đ
    return re.compile(
        rf"(?P<first>{num})\s*(?P<m1>{mult})(?!\w)(?:\s+(?P<second>{num})\s*(?P<m2>{mult})(?!\w))?"
        rf"(?:\s*(?P<cur>{cur})(?!\w))?|(?P<plain>{num})\s*(?P<cur2>{cur})(?!\w)"
    )


@cache
def _factors() -> dict[str, int]:
    return lexicon().multipliers()


def read_amount(folded: str, pos: int) -> Amount | None:
    """The number starting at ``pos`` of a folded text, with its multipliers and currency."""
    m = _money_regex().match(folded, pos)
    factors = _factors()
    if m is None:
        tok = NUMBER_TOKEN.match(folded, pos)
        if tok is None:
            return None
        value = parse_number(tok.group())
        return None if value is None else Amount(exact(value), False, tok.end(), False)
    if m.group("plain") is not None:
        value = parse_number(m.group("plain"))
        return None if value is None else Amount(exact(value), True, m.end(), False)
    first = parse_number(m.group("first"))
    if first is None:
        return None
    total = first * factors[" ".join(re.findall(r"\w+", m.group("m1")))]
    if m.group("second") is not None:
        second = parse_number(m.group("second"))
        if second is None:
            return None
        total += second * factors[" ".join(re.findall(r"\w+", m.group("m2")))]
    return Amount(exact(total.quantize(Decimal(1)) if total == total.to_integral_value() else total),
                  True, m.end(), True)


def parse_money(text: str) -> int | None:
    """Integer đồng of a money phrase: ``"1.970.382 triệu đồng"`` → 1970382000000."""
    folded = fold(text.strip())
    amount = read_amount(folded, 0)
    if amount is None or not amount.money or amount.end != len(folded):
        return None
    return int(amount.value)


@cache
def _unit_cell_regex() -> re.Pattern[str]:
    lex = lexicon()
    mult = "|".join(phrase_pattern(p) for p in sorted(lex.phrases("units", kind="multiplier"), key=len, reverse=True))
    cur = "|".join(phrase_pattern(p) for p in sorted(lex.phrases("units", kind="currency"), key=len, reverse=True))
    return re.compile(rf"\s*(?:(?P<m>{mult})(?!\w)\s*(?P<c1>{cur})?|(?P<c2>{cur}))(?!\w)"
                      rf"(?P<per>(?:\s*/\s*(?:0?1\s*)?[^\W\d_]+(?:\s+[^\W\d_]+)?)*)\s*$")


def money_unit(folded: str) -> tuple[int, str] | None:
    """Factor and per-suffix of a money unit written alone, as in a table's unit column:
    ``triệu đồng/htx/năm`` → (1000000, "/htx/năm"), ``đồng`` → (1, "")."""
    m = _unit_cell_regex().fullmatch(folded)
    if m is None:
        return None
    factor = _factors()[" ".join(re.findall(r"\w+", m.group("m")))] if m.group("m") else 1
    return factor, m.group("per") or ""
