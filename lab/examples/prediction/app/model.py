"""Stand-in for a real classifier: deterministic scores from keywords, so the
tests can check ranking and top_k without a model download."""


class KeywordClassifier:
    labels = ("billing", "bug", "feature", "praise", "question")

    def predict(self, text: str) -> dict[str, float]:
        words = text.lower().split()
        counts = {label: sum(word.startswith(label) for word in words) for label in self.labels}
        total = sum(counts.values()) or 1
        # Ties broken by a fixed small offset so the order is always the same.
        return {label: counts[label] / total + (len(self.labels) - i) / 1000 for i, label in enumerate(self.labels)}


classifier = KeywordClassifier()
