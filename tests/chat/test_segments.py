"""The question part of a long, messy question (companion/chat/segments.py)."""
from companion.chat.segments import MAX_PARTS, parts


def test_a_short_question_stays_whole():
    assert parts("wat kost meedoen?") == ["wat kost meedoen?"]


def test_the_asking_sentence_is_taken_from_a_story():
    story = ("My daughter has been in the ICU since Tuesday and the doctor said there is a study. "
             "We are exhausted and my husband is at home with her brother. Does the medicine hurt her?")
    found = parts(story)
    assert "Does the medicine hurt her?" in found
    assert story not in found


def test_what_follows_a_phrase_like_what_i_want_to_know():
    story = ("mijn zoon ligt al drie dagen op de ic en de arts had het over een onderzoek met een nieuw middel "
             "en wat ik eigenlijk wil weten is hoe lang het onderzoek duurt")
    assert any(p.startswith("hoe lang het onderzoek duurt") for p in parts(story))


def test_dictated_text_without_punctuation_is_cut_at_the_last_question_word():
    story = ("so um my son is in intensive care since the weekend and they told us about this trial "
             "and we are thinking about it but how long does the treatment go on for")
    found = parts(story)
    assert any(p.startswith("how long does the treatment") for p in found)
    assert 1 <= len(found) <= MAX_PARTS


def test_every_part_is_a_piece_of_the_question_never_empty():
    for text in ["a " * 40, "? ? ? . . .", "x. " * 30, "wat " * 30]:
        found = parts(text)
        assert found and all(p.strip() for p in found)


def test_an_asking_sentence_that_points_back_keeps_the_sentence_before_it():
    story = ("Our boy had problems with his kidneys last winter and he is still on a special diet at home. "
             "Is that a reason he cannot join the study?")
    found = parts(story)
    assert any("kidneys" in p and p.endswith("join the study?") for p in found)
    dutch = ("Mijn kleindochter krijgt al jaren pillen voor haar schildklier en die neemt ze elke ochtend. "
             "Mag dat gewoon doorgaan tijdens het onderzoek?")
    assert any("schildklier" in p for p in parts(dutch))


def test_an_asking_sentence_that_stands_alone_is_taken_alone():
    story = ("My daughter has been in the ICU since Tuesday and the doctor said there is a study. "
             "We are exhausted and my husband is at home with her brother. How long does the study last?")
    assert "How long does the study last?" in parts(story)


def test_polite_frames_are_left_out_of_the_matching():
    from companion.chat.segments import without_politeness
    assert without_politeness("Could you kindly tell me whether the study costs us anything?") == \
        "whether the study costs us anything?"
    assert without_politeness("Geachte heer, mevrouw, hoe lang duurt het onderzoek?") == "hoe lang duurt het onderzoek?"
    assert without_politeness("Forgive an old man's question, but who pays?") == "who pays?"
    assert without_politeness("Mag ik vragen?") == "Mag ik vragen?"  # nothing would be left: kept whole
