"""Helpers shared by the demand pages."""


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value else default
    except ValueError:
        return default


def _share(value) -> str:
    return "" if value is None else f"{value * 100:.1f}%"
