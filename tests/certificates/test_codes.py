import math

from certificates.codes import ALPHABET, LENGTH, code_display, code_new, code_normalise


def test_code_has_at_least_60_bits_and_is_grouped():
    assert LENGTH * math.log2(len(ALPHABET)) >= 60
    code = code_new()
    assert len(code) == 13 and set(code) <= set(ALPHABET)
    shown = code_display(code)
    assert [len(p) for p in shown.split("-")] == [4, 4, 5]


def test_codes_differ():
    assert len({code_new() for _ in range(2000)}) == 2000


def test_typed_code_is_case_insensitive_and_folds_ambiguous_letters():
    assert code_normalise("7k3m-9qxr-2tv8w") == "7K3M9QXR2TV8W"
    assert code_normalise(" oil0-1111-22222 ") == "0110111122222"
    assert code_normalise("short") is None
    assert code_normalise("UUUU-UUUU-UUUUU") is None
