"""How personal data looks to those not entitled to it (R9.1)."""


def mask_middle(value: str, *, head: int, tail: int, char: str = "*") -> str:
    if not value:
        return ""
    if len(value) <= head + tail:
        return char * len(value)
    return value[:head] + char * (len(value) - head - tail) + value[-tail:]


def mask_id_number(value: str) -> str:
    """3101**********1234: province and prefecture, then the last four."""
    return mask_middle(value, head=4, tail=4)


def mask_phone(value: str) -> str:
    """138****5678."""
    return mask_middle(value, head=3, tail=4)


def mask_name(value: str) -> str:
    """张*明: the family name and, for three or more characters, the last one."""
    if len(value) <= 1:
        return value
    if len(value) == 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]
