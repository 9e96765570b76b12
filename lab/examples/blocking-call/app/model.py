"""Stand-in for an embedding model whose encode() blocks the calling thread
for ENCODE_SECONDS, as a real model's forward pass does. (time.sleep releases
the GIL, as most numeric libraries do while they compute.)"""

import time

ENCODE_SECONDS = 1.0


class Vectors(list):
    """What numpy would return: something with .tolist()."""

    def tolist(self) -> list[list[float]]:
        return [list(vector) for vector in self]


class SlowEmbedder:
    def encode(self, texts: list[str]) -> Vectors:
        time.sleep(ENCODE_SECONDS)
        return Vectors([float(len(text)), float(text.count(" ") + 1)] for text in texts)


embedder = SlowEmbedder()
