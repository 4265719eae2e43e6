"""A unique piece's owners travel packed (``schemas.records.Owners``) from the dedup to
reassembly: merged without unpickling, read where needed, equal to the plain tuple."""

from __future__ import annotations

import pickle

from apache_beam.coders import FastPrimitivesCoder

from babelshard.pipelines import translation_memory as memory
from babelshard.pipelines.packing import packed
from babelshard.schemas.records import Owners, Piece, PieceOwner, TranslatedPiece
from babelshard.translators.handler import _owned_request

PIECE = Piece("A dog.", "eng_Latn", "deu_Latn")
FIRST = (PieceOwner("a-deu_Latn", 0, 0, batch="a-deu_Latn"), PieceOwner("b-deu_Latn", 1, 2))
SECOND = (PieceOwner("c-deu_Latn", 0, 1, short_answer=True, batch="c-deu_Latn"),)


def test_the_batches_groups_merge_in_order_without_unpacking():
    piece, owners = memory.merged_owners((PIECE, [packed(FIRST), packed(SECOND)]))
    assert piece == PIECE and isinstance(owners, Owners)
    assert owners.parts == (packed(FIRST), packed(SECOND))  # the bytes as they came
    assert owners == FIRST + SECOND and owners == list(FIRST + SECOND)
    assert len(owners) == 3 and owners[2].short_answer and owners[:1] == FIRST[:1]
    assert min(owner.key for owner in owners) == "a-deu_Latn"


def test_whether_there_are_owners_is_answered_without_unpacking():
    """The dedup asks every unique piece whether any batch still owns it."""
    assert Owners((packed(FIRST), packed(SECOND))) and Owners((packed(()), packed(SECOND)))
    assert not Owners(()) and not Owners((packed(()),)) and not Owners.of([])
    owners = Owners((packed(FIRST),))
    assert owners and owners._owners is None  # still packed


def test_packed_owners_round_trip_through_pickle_and_beams_coder():
    owners = Owners((packed(FIRST), packed(SECOND)))
    for copy in (
        pickle.loads(pickle.dumps(owners)),
        FastPrimitivesCoder().decode(FastPrimitivesCoder().encode(owners)),
    ):
        assert isinstance(copy, Owners) and copy == owners and copy.parts == owners.parts
        assert hash(copy) == hash(FIRST + SECOND)


def test_a_translated_piece_equals_the_same_piece_with_a_tuple_of_owners():
    """Records compare by their owners, however they are carried."""
    packed_piece = TranslatedPiece(PIECE, Owners.of(FIRST), "Ein Hund.")
    assert packed_piece == TranslatedPiece(PIECE, FIRST, "Ein Hund.")
    assert packed_piece != TranslatedPiece(PIECE, SECOND, "Ein Hund.")
    assert Owners.of(FIRST) != "not owners"
    assert not Owners((packed(()),))  # no owners: empty, as an empty tuple is


def test_the_model_handler_keeps_owners_packed_and_packs_plain_ones():
    owners = Owners((packed(FIRST),))
    key, piece = _owned_request((PIECE, owners))
    assert key is owners and piece == PIECE
    key, _ = _owned_request((PIECE, list(FIRST)))
    assert isinstance(key, Owners) and key == FIRST
