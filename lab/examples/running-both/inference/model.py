"""Stand-in for a real model: a deterministic keyword classifier."""

MODEL_VERSION = "keywords-1"


def classify(text: str) -> tuple[str, float]:
    words = text.lower().split()
    for label in ("refund", "crash", "thanks"):
        if any(word.startswith(label) for word in words):
            return label, 0.9
    return "other", 0.5
