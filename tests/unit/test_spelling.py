"""Misspelt question words read as the words the articles use (assistant/retrieval/spelling.py)."""

from assistant.retrieval.spelling import edits, english, respelled
from index.text import initialisms, terms

# what the loaded chunks hold: each word as written, and in how many chunks
SPELLINGS = {"staying": 3, "stay": 2, "russia": 9, "place": 4, "plan": 5, "kirby": 2, "roemer": 3}
LEXICON = {"plane", "days", "many", "job", "have", "does"}


def _stems_of(spellings: dict[str, int]):
    """A document frequency of 2 for each stem of the chunks' words, 0 for another."""
    stems = {t for word in spellings for t in terms(word)}
    return lambda term: 2 if term in stems else 0


_frequency = _stems_of(SPELLINGS)


def _respelled(question: str, spellings=SPELLINGS):
    return respelled(question, spellings, _frequency, LEXICON)


def test_edits_are_one_letter_away():
    found = edits("waht")
    assert {"what", "wat", "wahts", "wait"} <= found
    assert "waht" not in found and "whet" not in found  # two edits


def test_a_word_no_article_holds_is_read_as_the_nearest_one_they_do():
    assert _respelled("how many days is xi stayng in russia?") == (
        "how many days is xi staying in russia?",
        (("stayng", "staying"),),
    )
    # one chunk is enough (it may be the one that answers); the most held one wins
    assert _respelled("is xi stayng", {"staying": 1})[1] == (("stayng", "staying"),)
    assert _respelled("the plam", {"plan": 1, "palm": 3, "plum": 2})[1] == (("plam", "palm"),)


def test_a_slip_of_an_english_word_whose_stem_the_articles_hold_is_read_as_that_word():
    """No chunk writes "coming", but "come" is held: "comming" is read as "coming". Read as
    an unknown word, it had the question refused ("When is the game comming out?")."""
    held = {"come": 2, "game": 3, "released": 1}
    english_counts = {"coming": 900, "combing": 5, "come": 2000, "game": 800}
    assert respelled("When is the game comming out?", held, _stems_of(held), english_counts) == (
        "When is the game coming out?",
        (("comming", "coming"),),
    )
    # no English word one edit away whose stem is held: as typed ("grime" is unheld)
    assert respelled("was it grimme", held, _stems_of(held), {"grime": 50})[1] == ()
    # a capitalised name is never read as an English word
    assert respelled("Is Comming here?", held, _stems_of(held), english_counts)[1] == ()


def test_the_word_read_begins_as_the_typed_one_or_with_its_first_two_letters_swapped():
    assert _respelled("is xi tsaying")[1] == (("tsaying", "staying"),)
    # "lace" is one edit from "place" (held by 4 chunks) but starts with another letter
    assert _respelled("the lace", {"place": 4})[1] == ()


def test_the_first_word_may_be_read_as_a_question_word():
    assert _respelled("waht job does john kirby have") == (
        "what job does john kirby have",
        (("waht", "what"),),
    )
    assert _respelled("Waht job does Kirby have")[0] == "What job does Kirby have"


def test_words_that_are_not_misspelt_stay():
    # an English word the articles do not use; a name (capitalised) or acronym they lack
    assert _respelled("Where did the plane land?") == ("Where did the plane land?", ())
    assert _respelled("Who bars Roemar from the case?") == ("Who bars Roemar from the case?", ())
    assert _respelled("What is RUSIA?") == ("What is RUSIA?", ())
    # the same name typed in lower case is read as the articles' name
    assert _respelled("who bars roemar")[1] == (("roemar", "roemer"),)
    # a word of another script is left alone: edits would cut "Beyoncé" to "Beyonc"
    assert _respelled("did beyoncé sing", {"beyond": 5, "singer": 2})[1] == ()
    # a code of letters and digits is no word: "stayng2" stays
    assert _respelled("is xi stayng2 in rusia")[1] == (("rusia", "russia"),)
    # three letters are too few to guess from: "pln" stays, though "plan" is one edit away
    assert _respelled("the pln for rusia")[1] == (("rusia", "russia"),)


def test_a_name_is_read_only_as_a_longer_name_the_articles_write_capitalised():
    spellings = {"nevada": 4, "goal": 9, "ben": 3, "kapor": 2, "nevadas": 1}
    names = {"nevada": 4, "goal": 1, "ben": 3, "kapor": 2}  # chunks that capitalise it

    def read(question):
        return respelled(question, spellings, _frequency, LEXICON, names)

    assert read("Who is the Neveda developer?") == (
        "Who is the Nevada developer?",
        (("Neveda", "nevada"),),
    )
    assert read("Who is Goyal?")[1] == ()  # "goal" is no name in the articles
    assert read("Who is Bren?")[1] == ()  # four letters: too many names one edit away
    assert read("Who is Kapoor?")[1] == (("Kapoor", "kapor"),)
    # without the names' counts, no capitalised word is respelt
    assert _respelled("Who is the Neveda developer?")[1] == ()


def test_english_is_a_word_list_that_lacks_the_misspellings():
    assert {"plane", "duel", "staying", "ticker", "misled"} <= english().keys()
    assert not {"stayng", "waht", "goverment"} & english().keys()


def test_a_first_word_far_rarer_in_english_than_a_question_word_is_a_slip_of_it():
    counts = {"wat": 680, "what": 17_000_000, "ho": 16_000, "how": 6_500_000, "hot": 230_000}
    assert respelled("wat did putin say", {}, _frequency, counts)[0] == "what did putin say"
    assert respelled("ho did xi travel", {}, _frequency, counts)[1] == ()  # 1 in 400
    assert respelled("Hot topics?", {}, _frequency, counts)[1] == ()  # no edit from one
    # a word the articles hold is theirs ("Wat Pho"), and a list without counts keeps it
    assert respelled("wat pho", {"wat": 2}, _frequency, counts)[1] == ()
    assert respelled("wat did putin say", {}, _frequency, {"wat"})[1] == ()


def test_initials_of_names_of_three_to_six_capitalised_words():
    found = initialisms("She heads the American Medical Association Alliance. The FBI came.")
    assert ("amaa", "American Medical Association Alliance") in found
    assert ("ama", "American Medical Association") in found  # a run within the name
    assert not any(name.endswith("The") or "FBI" in name for _, name in found)  # one sentence
    # joining words give no initial; a name of two words ("Xi Jinping") gives none
    assert initialisms("the Federal Bureau of Investigation, Xi Jinping") == {
        ("fbi", "Federal Bureau of Investigation")
    }
    assert initialisms("Organization of the Petroleum Exporting Countries") >= {
        ("opec", "Organization of the Petroleum Exporting Countries")
    }


def test_an_acronym_the_articles_never_write_is_read_as_the_name_they_spell_out():
    acronyms = {
        "icc": "International Criminal Court",
        "un": "United Nations",
        "ppd": "Poughkeepsie Police Department",
    }

    def read(question, spellings=SPELLINGS):
        return respelled(question, spellings, _frequency, LEXICON, {}, acronyms)

    assert read("Why does the ICC want Putin arrested?") == (
        "Why does the International Criminal Court want Putin arrested?",
        (("ICC", "International Criminal Court"),),
    )
    # a possessive reads as the name's, a plural as the names
    assert read("What is the ICC’s role?") == (
        "What is the International Criminal Court’s role?",
        (("ICC", "International Criminal Court"),),
    )
    atms = {"atm": "Automated Teller Machine"}
    assert respelled("Where are ATMs?", SPELLINGS, _frequency, LEXICON, {}, atms)[0] == (
        "Where are Automated Teller Machines?"
    )
    # written by some article: searched as typed
    assert read("What did the ICC say?", {**SPELLINGS, "icc": 2})[1] == ()
    # two letters spell too many names; a word of a question typed in capitals is no acronym;
    # in lower case it is a word
    assert read("What did the UN say?")[1] == ()
    assert read("WHY DOES THE ICC WANT PUTIN ARRESTED?")[1] == ()
    assert read("what did the icc say")[1] == ()
    # letters glued to digits are a code, not an acronym: "6PPD" holds no "PPD"
    assert read("Which fish is 6PPD-quinone killing?")[1] == ()
    # without a map, an acronym stays
    assert _respelled("Why does the ICC want Putin arrested?")[1] == ()


def test_a_slip_in_a_small_word_no_article_word_is_near_is_read_as_that_word():
    """ "agianst" was a word no article holds, counted against the question."""
    assert _respelled("who scored agianst germany")[1] == (("agianst", "against"),)
    assert _respelled("Becuase of what?") == ("Because of what?", (("Becuase", "because"),))
    # a word of the articles one edit away is read first: "soill" as "soil", not "still"
    assert _respelled("where is the soill", {"soil": 2})[1] == (("soill", "soil"),)
    assert _respelled("where is the soill", {})[1] == (("soill", "still"),)
    # a short small word is near too many words; two small words near: left as typed
    assert _respelled("what is thee plan")[1] == ()
    assert _respelled("agains whom")[1] == ()  # "again" or "against"
    # a name is read only as a name the articles write
    assert _respelled("who is Agianst")[1] == ()
