"""Medians and Markdown tables for the results."""
import statistics


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def rotated(items, k):
    """items rotated left by k: round k of a round-robin starts with a different contender."""
    k %= len(items)
    return items[k:] + items[:k]


def fmt(value, digits=1, suffix=""):
    if value is None:
        return "n/a"
    if isinstance(value, int):
        return "{:,}{}".format(value, suffix)
    return "{:,.{}f}{}".format(value, digits, suffix)


def pct(value, digits=1):
    return "n/a" if value is None else "{:+.{}f} %".format(100 * value, digits)


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(str(c) for c in row) + " |")
    return "\n".join(lines)
