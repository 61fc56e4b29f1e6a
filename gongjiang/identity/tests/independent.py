"""Independent implementations of the check algorithms, written from the standards' definitions.

They share no code with the package: the tests compare the two on published and generated numbers.
"""

from __future__ import annotations


def iso7064_mod11_2(body17: str) -> str:
    """GB 11643-1999 check character: ISO 7064 MOD 11-2, computed the recursive ("pure") way."""
    total = 0
    for char in body17:
        total = ((total + int(char)) * 2) % 11
    return "0123456789X"[(12 - total) % 11]


def gb11714_check(first8: str) -> str:
    """GB 11714 organisation code check: weights 2**(9-i) mod 11, C9 = 11 - (sum mod 11)."""
    values = [int(c) if c.isdigit() else ord(c) - 55 for c in first8]
    total = sum(v * pow(2, 9 - i, 11) for i, v in enumerate(values, start=1))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


GB32100_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def gb32100_check(first17: str) -> str:
    """GB 32100 check: weights 3**i mod 31, C18 = 31 - (sum mod 31), over the 31-character alphabet."""
    total = sum(GB32100_ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return GB32100_ALPHABET[(31 - total % 31) % 31]


def resident_id(region: str, birth: str, sequence: str) -> str:
    """A resident ID number with its check character: region (6), birth YYYYMMDD (8), sequence (3)."""
    body = region + birth + sequence
    return body + iso7064_mod11_2(body)


def uscc(first8: str, org8: str) -> str:
    """A USCC with both check characters: authority+type+region (8), organisation code body (8)."""
    org = org8 + gb11714_check(org8)
    body = first8 + org
    return body + gb32100_check(body)
