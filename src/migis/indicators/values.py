"""Numbers as publishers write them: placeholders for missing values, thousands separators, decimal
commas, and the ambiguous "1,234" that could be either, refused rather than guessed."""

import math
import re

MISSING = {"", "..", "...", "-", "–", "—", "x", "X", ":", "n/a", "N/A", "NA", "na", "nan", "NaN", "…"}
_PLAIN = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_THOUSANDS_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")  # 1,234,567.5
_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.234.567,5
_THOUSANDS_SPACE = re.compile(r"^[+-]?\d{1,3}([ \u00a0\u202f']\d{3})+([.,]\d+)?$")  # 1 234 567,5
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


class NotANumber(ValueError):
    pass


def parse(value) -> float | None:
    """The number a cell holds; None for a missing-value placeholder; NotANumber says what is wrong."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise NotANumber(f"{value!r} is not a number")
    if isinstance(value, int | float):
        return None if isinstance(value, float) and math.isnan(value) else float(value)
    text = str(value).strip()
    if text in MISSING:
        return None
    if text.startswith("="):
        raise NotANumber(f"{text[:40]!r} is a formula, not a value (formulas are never evaluated)")
    if _PLAIN.match(text):
        number = float(text)
    elif _THOUSANDS_COMMA.match(text):
        if re.fullmatch(r"[+-]?\d{1,3},\d{3}", text):
            raise NotANumber(
                f"{text!r} is ambiguous: a thousands separator or a decimal comma? Write 1234 or 1.234"
            )
        number = float(text.replace(",", ""))
    elif _THOUSANDS_DOT.match(text):
        if "," not in text and text.count(".") == 1:
            number = float(text)  # 1.234: a decimal point (caught by _PLAIN already)
        else:
            number = float(text.replace(".", "").replace(",", "."))
    elif _THOUSANDS_SPACE.match(text):
        number = float(re.sub(r"[ \u00a0\u202f']", "", text).replace(",", "."))
    elif _DECIMAL_COMMA.match(text):
        number = float(text.replace(",", "."))
    else:
        raise NotANumber(f"{text[:40]!r} is not a number")
    if math.isinf(number):
        raise NotANumber(f"{text[:40]!r} is too large")
    return number
