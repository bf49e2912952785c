"""Word differences for the changes-between-rounds page, pure: no database."""

from review.textdiff import ADDED, REMOVED, SAME, word_diff


def test_word_diff_marks_changed_words():
    pieces = word_diff("Perbup 5/2024 hal. 3", "Perbup 7/2025 hal. 3")
    assert [(p.op, p.text) for p in pieces] == [
        (SAME, "Perbup "),
        (REMOVED, "5/2024 "),
        (ADDED, "7/2025 "),
        (SAME, "hal. 3"),
    ]
    assert [(p.op, p.text) for p in word_diff("", "baru")] == [(ADDED, "baru")]
    assert [(p.op, p.text) for p in word_diff("lama", "")] == [(REMOVED, "lama")]
