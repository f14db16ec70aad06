from index.text import plain, terms, words


def test_words_are_read_as_people_type_them_without_accents_or_dots():
    assert words("Beyoncé won at the U.S. Open, 3.30pm") == [
        "beyonce", "won", "at", "the", "us", "open", "3", "30pm"
    ]  # fmt: skip
    assert terms("Pokémon's J.K. Rowling") == terms("pokemon's JK Rowling") == [
        "pokemon", "jk", "rowl"
    ]  # fmt: skip
    # a dot between words or numbers is kept: no initials there
    assert plain("It rose 3.5 percent. Then cnn.com said so.") == (
        "It rose 3.5 percent. Then cnn.com said so."
    )
    assert plain("the U.K.-led talks") == "the UK-led talks"
