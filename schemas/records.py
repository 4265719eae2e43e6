"""Record types that travel through every babelshard job.

They are plain dataclasses (picklable, Beam-friendly, no Beam import) so that
readers, translators, filters, renderers and writers agree on one shape
without depending on each other.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, overload

ENGLISH = "eng_Latn"


@dataclass(frozen=True)
class ImageRef:
    """An image travels by reference; its bytes are read once, by the writer.

    ``uri`` is a local path, any URI Beam's FileSystems understands
    (``gs://``, ``s3://``), or ``TAR_PATH#MEMBER`` for a member of a tar shard.
    """

    uri: str
    ext: str = "jpg"


@dataclass
class Turn:
    """One translatable (or deliberately untranslated) text of a sample.

    ``role`` keeps the input's own vocabulary (``human``/``gpt`` for LLaVA,
    ``caption``, ``question``, ``answer`` …) so the writer can rebuild the
    input's shape. ``short_answer`` marks VQA answers that follow mBLIP's rule:
    kept translated only when the back-translation matches the English.
    """

    role: str
    text: str
    translate: bool = True
    short_answer: bool = False


@dataclass
class Sample:
    """One corpus record: an optional image and an ordered list of texts."""

    key: str
    dataset: str
    source_id: str
    kind: str  # "caption" | "conversation" | "vqa" | "text"
    turns: list[Turn]
    image: ImageRef | None = None
    lang: str = ENGLISH
    meta: dict[str, Any] = field(default_factory=dict)


class Planned(NamedTuple):
    """A sample and one language the plan sends it into (one input of the manifest's count)."""

    sample: Sample
    lang: str


class Piece(NamedTuple):
    """A sentence-sized text to translate, its language and the language wanted.

    Equal pieces are translated once: a piece is the dedup key of the translate
    job (and of its work cache), and the request the model handler answers.
    """

    text: str
    source_lang: str
    target_lang: str


class PieceOwner(NamedTuple):
    """Where a translated piece goes back to: an output sample, a turn, a place in the turn.

    ``short_answer``: the turn is a VQA short answer, judged by its back-translation
    alone (mBLIP's rule), so its piece is back-translated even if a cheap check failed.
    ``batch``: the key of the batch of samples the owner travels in to reassembly.
    """

    key: str
    turn: int
    index: int
    short_answer: bool = False
    batch: str = ""


_NO_OWNERS = pickle.dumps((), pickle.HIGHEST_PROTOCOL)  # a part without owners


class Owners(Sequence[PieceOwner]):
    """The owners of one unique piece, kept as the pickled tuples each batch made
    (``parts``) and unpickled only where they are read.

    A piece said in thousands of samples has thousands of owners. As a tuple of
    :class:`PieceOwner`, Beam's coder pickles each owner on its own, at every stage
    boundary and every element-size estimate on the way through translation and the
    checks; packed, they cross as a few bytes objects. Merging the batches' groups
    joins their parts without unpickling any. Compares equal to any sequence of the
    same owners.
    """

    __slots__ = ("_owners", "parts")

    def __init__(self, parts: tuple[bytes, ...]) -> None:
        self.parts = parts
        self._owners: tuple[PieceOwner, ...] | None = None

    @classmethod
    def of(cls, owners: Iterable[PieceOwner]) -> Owners:
        """``owners`` packed (as they are when they already are)."""
        if isinstance(owners, Owners):
            return owners
        return cls((pickle.dumps(tuple(owners), pickle.HIGHEST_PROTOCOL),))

    def unpacked(self) -> tuple[PieceOwner, ...]:
        if self._owners is None:
            self._owners = tuple(owner for part in self.parts for owner in pickle.loads(part))
        return self._owners

    def __reduce__(self) -> tuple[type[Owners], tuple[tuple[bytes, ...]]]:
        return Owners, (self.parts,)

    def __len__(self) -> int:
        return len(self.unpacked())

    def __bool__(self) -> bool:
        """Whether there is any owner, without unpickling them (the dedup asks this of
        every unique piece): a part holds owners unless it is the empty tuple's bytes."""
        return any(part != _NO_OWNERS for part in self.parts)

    def __iter__(self) -> Iterator[PieceOwner]:
        return iter(self.unpacked())

    @overload
    def __getitem__(self, index: int) -> PieceOwner: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[PieceOwner, ...]: ...
    def __getitem__(self, index: int | slice) -> PieceOwner | tuple[PieceOwner, ...]:
        return self.unpacked()[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Owners | tuple | list):
            return self.unpacked() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.unpacked())

    def __repr__(self) -> str:
        return f"Owners({list(self.unpacked())!r})"


@dataclass(frozen=True)
class TranslatedPiece:
    """A unique piece with everyone who owns it, its translation and back-translation.

    ``cross_entropy`` is (forward, backward): the model's per-token cross-entropy of
    the hypothesis given the source and of the source given the hypothesis (None: not
    scored, e.g. by a ``table:`` backend, which has no model).
    """

    piece: Piece
    owners: Sequence[PieceOwner]  # in a job: :class:`Owners`, packed
    hypothesis: str
    model_score: float | None = None
    back_translation: str | None = None
    # Where the engine ran (None for a table), so each sample can say what translated it.
    device: str | None = None
    compute_type: str | None = None
    # An engine fault that even this piece alone hit ("ErrorKind: message"): a reject.
    error: str | None = None
    cross_entropy: tuple[float, float] | None = None

    def segment(self) -> TranslatedSegment:
        """What the filters look at."""
        return TranslatedSegment(
            source=self.piece.text,
            hypothesis=self.hypothesis,
            target_lang=self.piece.target_lang,
            back_translation=self.back_translation,
            model_score=self.model_score,
            source_lang=self.piece.source_lang,
        )


@dataclass(frozen=True)
class ScoredPiece:
    """A translated piece and the filters' verdict on it."""

    translated: TranslatedPiece
    verdict: Verdict


@dataclass(frozen=True)
class TranslatedSegment:
    """A source segment, its translation and optional back-translation.

    This is everything a filter may look at; filters are pure functions of it.
    """

    source: str
    hypothesis: str
    target_lang: str
    back_translation: str | None = None
    model_score: float | None = None
    source_lang: str = ENGLISH


@dataclass(slots=True)
class Verdict:
    """A filter decision: every score is kept, every rejection has a reason.

    Read-only by convention, not frozen: a segment builds about sixteen (one per
    check, then one combined), and a frozen dataclass's ``__init__`` sets each
    field through ``object.__setattr__``, 2-3× the cost of this one.
    """

    accepted: bool
    scores: dict[str, float] = field(default_factory=dict)
    reasons: tuple[str, ...] = ()

    @staticmethod
    def combine(verdicts: list[Verdict]) -> Verdict:
        """Every score of ``verdicts`` (a later check's value wins), every reason in order;
        accepted when all are."""
        scores: dict[str, float] = {}
        reasons: list[str] = []
        accepted = True
        for verdict in verdicts:
            scores.update(verdict.scores)
            if not verdict.accepted:
                accepted = False
            if verdict.reasons:
                reasons.extend(verdict.reasons)
        return Verdict(accepted, scores, tuple(reasons))

    def overruled_if(self, kept: bool, score: str, value: float) -> Verdict:
        """This reject with a second opinion's ``score``: accepted, without reasons,
        where the second opinion keeps the text (``kept``); still rejected otherwise."""
        scores = self.scores | {score: value}
        return Verdict(True, scores, ()) if kept else Verdict(False, scores, self.reasons)


@dataclass
class ShardRecord:
    """One finished sample, ready for a WebDataset shard.

    The writer stores ``doc`` as ``KEY.json``, ``text`` (if any) as ``KEY.txt``
    and the image as ``KEY.<ext>``: a corpus image by reference (``image``, its
    original bytes read once by the writer), a rendered one inline
    (``image_bytes`` with ``image_ext``). ``columns`` are the flat metadata of
    the per-shard Parquet sidecar. ``key`` contains no dots and is unique
    across the whole dataset.
    """

    key: str
    lang: str
    doc: dict[str, Any]
    image: ImageRef | None = None
    text: str | None = None
    columns: dict[str, Any] = field(default_factory=dict)
    image_bytes: bytes | None = None
    image_ext: str = "png"


@dataclass
class RejectRecord:
    """A sample that will not be written, and why (``inputs = written + rejected``)."""

    key: str
    dataset: str
    source_id: str
    lang: str
    reason: str
    stage: str  # "read" | "plan" | "translate" | "filter" | "image" | "render" | "write"
    detail: str = ""
    scores: dict[str, float] = field(default_factory=dict)
    doc: dict[str, Any] = field(default_factory=dict)
