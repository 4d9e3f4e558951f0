"""Check digits and structure of Chinese personal numbers. Pure functions on ASCII strings.

- GB 11643-1999 公民身份号码: 6-digit region + 8-digit birth date + 3-digit sequence + ISO 7064
  MOD 11-2 check (0-9 or X); the 15-digit legacy form has a 6-digit date (19YYMMDD) and no check.
- Bank cards: Luhn (ISO/IEC 7812) and the issuer ranges cards carried in China.
- GB 32100-2015 统一社会信用代码: MOD 31 check character, with the embedded 9-character
  GB 11714 组织机构代码 (MOD 11 check).
- Mobile numbers: the mainland 11-digit ranges in use (工信部 号段 as of 2025).

Region codes are deliberately *not* checked here: a card keeps the code it was first issued
under, so an unknown code is no reason to reject a number (see regions.py).
"""
from __future__ import annotations

from datetime import date

# Two-digit province codes (GB/T 2260), plus 71/81/82/83 used on Taiwan/HK/Macau residence permits.
PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82 83".split()
)

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_EARLIEST_BIRTH = date(1900, 1, 1)


def id_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS)) % 11]


def _real_date(y: int, m: int, d: int, today: date) -> bool:
    try:
        born = date(y, m, d)
    except ValueError:
        return False
    return _EARLIEST_BIRTH <= born <= today


def id18_valid(value: str, today: date | None = None) -> bool:
    """18-character ID: province, a birth date that happened, and the check character."""
    if len(value) != 18 or not value[:17].isdigit() or value[:2] not in PROVINCES:
        return False
    last = value[17].upper()
    if not (last.isdigit() or last == "X"):
        return False
    if not _real_date(int(value[6:10]), int(value[10:12]), int(value[12:14]), today or date.today()):
        return False
    return id_check_char(value[:17]) == last


def id15_valid(value: str) -> bool:
    """15-digit legacy ID (issued until 1999): province and a real 19YY birth date; no check digit,
    so callers must ask for more evidence (a known region code, a label)."""
    if len(value) != 15 or not value.isdigit() or value[:2] not in PROVINCES:
        return False
    return _real_date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]), date(1999, 12, 31))


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        n = ord(c) - 48
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def bank_issuer_ok(digits: str) -> bool:
    """Issuer ranges of cards in use in China, with the lengths they come in.

    62 UnionPay (16-19), 81 UnionPay (16-19), 60 (old domestic and Discover 6011, 16-19),
    94/95 older domestic debit cards (e.g. 955880, 19 digits), 4 Visa and 51-55 / 2221-2720
    Mastercard (16, some domestic 4/5 debit cards 19), 3528-3589 JCB (16).
    """
    n = len(digits)
    if not 16 <= n <= 19:
        return False
    p2 = digits[:2]
    if p2 in ("62", "81", "60", "94", "95"):
        return True
    if digits[0] == "4" or "51" <= p2 <= "55":
        return n in (16, 19)
    if n == 16 and ("2221" <= digits[:4] <= "2720" or "3528" <= digits[:4] <= "3589"):
        return True
    return False


# 11-digit mainland mobile prefixes in use. 140-144 are 13-digit IoT numbers, 154 and 194 unassigned.
MOBILE_PREFIXES = frozenset(
    [f"13{d}" for d in range(10)]
    + ["145", "146", "147", "148", "149"]
    + ["150", "151", "152", "153", "155", "156", "157", "158", "159"]
    + ["162", "165", "166", "167"]
    + [f"17{d}" for d in range(9)]
    + [f"18{d}" for d in range(10)]
    + ["190", "191", "192", "193", "195", "196", "197", "198", "199"]
)


def mobile_valid(digits: str) -> bool:
    return len(digits) == 11 and digits[:3] in MOBILE_PREFIXES and digits.isdigit()


def area_code_ok(code: str) -> bool:
    """Landline area codes: 010, 02X, and 0[3-9]XX (3- or 4-digit with the leading 0)."""
    if code == "010" or (len(code) == 3 and code[:2] == "02"):
        return True
    return len(code) == 4 and code[0] == "0" and code[1] in "3456789" and code.isdigit()


# -- 统一社会信用代码 (GB 32100-2015) -------------------------------------------------------

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, Z, S, V
_USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def uscc_check_char(first17: str) -> str:
    s = sum(_USCC_VALUE[c] * w for c, w in zip(first17, _USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - s % 31) % 31]


def org_code_check_char(first8: str) -> str:
    """GB 11714 组织机构代码 check character (digits and letters A=10 … Z=35)."""
    s = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(first8, _ORG_WEIGHTS))
    c = 11 - s % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def uscc_valid(value: str) -> bool:
    """18 characters of the GB 32100 alphabet, a region code in 3-8, both check characters right."""
    if len(value) != 18 or any(c not in _USCC_VALUE for c in value):
        return False
    if not value[2:8].isdigit() or (value[2:4] not in PROVINCES and value[2:4] != "10"):
        return False
    if uscc_check_char(value[:17]) != value[17]:
        return False
    org = value[8:17]
    return org_code_check_char(org[:8]) == org[8]


def uscc_kind(value: str) -> str:
    """What registered the entity: 'individual' (92: 个体工商户, a natural person), 'company' (91),
    'coop' (93), 'government' (1x: 机构编制), 'social' (5x: 民政), 'other'."""
    head = value[:2]
    if head == "92":
        return "individual"
    if head == "91":
        return "company"
    if head == "93":
        return "coop"
    if head[0] == "1":
        return "government"
    if head[0] == "5":
        return "social"
    return "other"
