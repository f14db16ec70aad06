"""The kind of answer a question asks for, and the sentences that give one."""

import pytest

from assistant.answering.extractive import Candidate, answer_first
from assistant.retrieval.asked import describes, gives, kind_asked, number_asked, who_is
from assistant.retrieval.wording import unfilled, unframed, unmeasured
from assistant.types import Hit


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How long is Xi's trip to Russia?", "duration"),
        ("how many days is xi staying in russia", "duration"),
        ("How many times have Putin and Xi met?", "number"),
        ("how much did the repairs cost", "number"),
        ("When was the no-limits pact announced?", "date"),
        ("What year did Xi take power?", "date"),
        ("what was the final score of the derby", "score"),
        ("What was the first-leg score in 1993?", "score"),
        ("where did palmer score his first goal", "place"),
        ("what is the credit score needed for the loan", ""),
        ("Who greeted the Chinese leader at the airport?", "name"),
        ("Which official briefed Xi?", "name"),
        ("Where did Xi spend his birthday?", "place"),
        ("And which airport did he land at?", "place"),
        ("what's the name of the kremlin's spokesman", "name"),
        ("What team does he coach?", "name"),
        ("In which country was the ship seized?", "place"),
        ("Which three airports will be busiest?", "place"),  # plural, after a count
        ("Which eleven players started the final?", "name"),  # any count the answers count
        ("What cities flooded?", "place"),
        ("Which judge ruled on the appeal?", "name"),
        ("What companies bid for the port?", "name"),
        ("What menus did they share?", ""),  # "men" only as a word
        ("What is the population of the town?", "number"),
        ("On what day did the talks start?", "date"),
        ("What is the state doing about it?", ""),  # "the state" is what it is about
        ("What kind of car was it?", ""),
        ("What did Kirby say about a ceasefire?", ""),
        ("Did China condemn the invasion?", ""),
        ("Who is Susan Boyle?", "definition"),  # names her, asks what she is
        ("who is breivik", "definition"),
        ("Who was K.J. Choi?", "definition"),
        ("What are ice shelves?", "definition"),
        ("what is the tour de france", "definition"),
        ("what is eads doing", ""),  # a verb's form: nothing to define
        ("What is Anthony charged with?", ""),
        ("What is Bridgestone's annual revenue?", ""),  # a thing of Bridgestone's
        ("Who is the new coach?", "name"),
        ("Who is Susan Sarandon's daughter?", "name"),
        ("who is the coach", "name"),
        ("Who was put to death?", "name"),
    ],
)
def test_the_kind_asked_is_read_from_the_first_words(question, kind):
    assert kind_asked(question) == kind


@pytest.mark.parametrize(
    ("question", "person"),
    [
        ("Who was Anders Breivik?", "Anders Breivik"),
        ("Can you tell me who is Robert Enke", ""),  # unframed by kind_asked, not here
        ("who is ginzalo higuain", "ginzalo higuain"),
        ("who is the man in charge", ""),
        ("Who is celebrating her 50th birthday?", ""),
        ("Who greeted Xi?", ""),
    ],
)
def test_who_is_names_the_person_asked_about(question, person):
    assert who_is(question) == person


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("Who is Kirby? Explain briefly.", "Who is Kirby?"),
        ("Who is Kirby? Be brief.", "Who is Kirby?"),
        (
            "Can you tell me who greeted Xi at the airport, please?",
            "who greeted Xi at the airport?",
        ),
        ("Please explain what Kirby said about a ceasefire.", "what Kirby said about a ceasefire."),
        ("Tell me about the ceasefire proposal.", "the ceasefire proposal."),
        ("I'd like to know how long Xi is staying in Moscow.", "how long Xi is staying in Moscow."),
        ("Describe Xi's relationship with Putin in a few words.", "Xi's relationship with Putin."),
        (
            "what did putin give xi on his birthday? thanks",
            "what did putin give xi on his birthday",
        ),
        ("What did Kirby say, briefly?", "What did Kirby say?"),
        ("So how long is the trip?", "how long is the trip?"),
        # Not a request's framing: kept as typed.
        ("So far, how many people have died?", None),
        ("Which issues may members vote on as they please?", None),
        ("Who will tell us the truth about the talks?", None),
        ("How did Kirby explain the White House's view?", None),
        ("Explain.", None),  # nothing else would be left
    ],
)
def test_the_words_that_frame_a_request_are_not_asked(question, asked):
    assert unframed(question) == (question if asked is None else asked)
    if asked is not None:
        assert kind_asked(question) == kind_asked(asked)


def test_a_sentence_gives_an_answer_of_the_kind_asked():
    assert gives("Xi arrived for a three-day visit.", "duration")
    assert not gives("Xi arrived on Monday.", "duration")
    assert gives("Xi arrived on Monday.", "date")
    assert gives("Kick-off is at 3.30pm on Sunday.", "date")  # a time as UK outlets write it
    assert gives("The sauce was first in a cookbook in 1796.", "date")  # a year before 1900
    assert gives("They have met 40 times.", "number")
    assert not gives("They met in Moscow.", "number")
    # "a" and "several" count a unit, not alone: "a good dealer" says no number
    assert not gives("So who would make a good dealer?", "number")
    assert not gives("Several officials came.", "number")
    assert gives("The jobs pay between $40,000 and $80,000 a year.", "number")
    assert gives("They stayed for a day.", "duration")
    assert gives("It took several weeks.", "duration")
    # "since" says how long something has lasted, not how long a visit is
    invaded = "Xi came for the first time since Russia began its invasion."
    assert not gives(invaded, "duration", "how long is the visit")
    assert gives(
        "They have met 40 times since 2013.", "duration", "how long have they known each other"
    )
    assert gives("He signed a contract until 2027.", "duration", "how long is his contract")
    # a day the question names already is no answer to when
    derby = "What time does the Manchester derby kick off Sunday?"
    assert not gives("The derby on Sunday will draw millions.", "date", derby)
    assert gives("On Sunday at 3.30pm we will find out.", "date", derby)
    # "what time" asks for a time of day: a day, or last week, is none
    start = "What time does Thursday's game start?"
    assert kind_asked(start) == "date"
    assert not gives("Last week's contest was a 6-0 win.", "date", start)
    assert not gives("The game on Thursday is sold out.", "date", start)
    for said in ("It starts at 8 p.m. ET.", "Kick-off is 20:15 GMT.", "It starts at noon."):
        assert gives(said, "date", start)
    assert gives("They ripen in late autumn.", "date", "What time of year do they ripen?")
    # a score is a match's result, not a date or a series of figures
    final = "What was the final score?"
    assert gives("The USA won 3-1 in Hartford.", "score", final)
    assert gives("They drew 3‑3 in the first leg.", "score", final)
    assert not gives("They met on 2023-10-12 in Hartford.", "score", final)
    assert not gives("The USA won the friendly in Hartford.", "score", final)
    # "how old": an age, not a sum or a name; "how big": a size in figures or with its
    # unit, not a bare count
    onana = "how old is andre onana"
    assert gives("Yet the 27-year-old will be a derby debutant.", "number", onana)
    assert gives("The Chiefs player, 34, first made the remarks.", "number", onana)
    assert gives("She has been his stepdaughter since she was 10.", "number", onana)
    assert not gives("Erik ten Hag smiles when asked if Onana can play.", "number", onana)
    assert not gives("Taylor posted “I Spent $185,000 From MrBeast.”", "number", onana)
    assert not gives("She was working on the morning of 17 June 2021.", "number", onana)
    assert not gives("The keeper was 10 minutes late for training.", "number", onana)
    trade = "How big is trade between China and Russia?"
    assert not gives("The two countries deepen their robust trade.", "number", trade)
    assert gives("Trade reached a record $190 billion last year.", "number", trade)
    assert gives("The border runs for two thousand miles.", "number", "how far is the border")
    # how deep, tall, high, fast: a size too
    deep = "how deep does the hadal zone go"
    assert kind_asked(deep) == "number" and kind_asked("How tall is the balloon?") == "number"
    assert gives("The hadal zone reaches 11,000 metres down.", "number", deep)
    assert not gives("The hadal zone is the deepest part of the ocean.", "number", deep)
    tall = "How tall is Teale?"
    assert gives("At 188cm, Teale towers over the cast.", "number", tall)
    assert gives("The 6-foot-2 actor arrived.", "number", tall)
    assert not gives("He was well into his 50s when he landed the role.", "number", tall)
    question = "Who greeted Xi in Moscow?"
    assert gives("Xi was greeted by Dmitry Chernyshenko.", "name", question)
    assert not gives("Xi was greeted in Moscow.", "name", question)  # names only what was asked
    assert gives("Anything at all.", "", question)
    # a dateline says where a story was filed, not who is asked about
    carton = "Who was the first child on a milk carton?"
    assert not gives("New York (CNN) -- His was the first face on a milk carton.", "name", carton)
    assert gives("(CNN) -- Etan Patz was the first face on a milk carton.", "name", carton)
    assert gives("Montevideo, Uruguay (CNN) -- Mujica won.", "place", "Where is Mujica from?")
    spokesman = "what's the name of the kremlin's spokesman"
    assert gives("Kremlin spokesperson Dmitry Peskov spoke.", "name", spokesman)
    # a weekday is no name, and "Kremlin" is asked for as "kremlin's"
    assert not gives("Talks start Monday, a Kremlin spokesperson said.", "name", spokesman)


def test_how_many_wants_a_count_of_the_thing_counted_and_how_much_it_cost_wants_money():
    fans = "How many Arsenal fans travelled to Sevilla?"
    assert gives("The 3,000 Arsenal fans in the corner watched.", "number", fans)
    # a number of something else ("10 minutes", "50%") gives no count of goals or of a price
    goals = "How many goals has Martinelli scored this season?"
    assert not gives("Nyland denied Martinelli after 10 minutes.", "number", goals)
    assert gives("Martinelli has scored five goals this season.", "number", goals)
    # a count joined to what it counts, as in "a 12-member panel", counts it
    members = "How many members does the panel have?"
    assert gives("It named a 12-member panel.", "number", members)
    assert not gives("A well-known star-studded panel met.", "number", members)
    homers = "how many homers did harper hit in game 3"
    assert gives("Harper homering twice, he powered the Phillies.", "number", homers)
    cost = "How much will the Keep with cooling cost?"
    assert not gives("Nearly 50% of the drugs require cooling.", "number", cost)
    assert gives("It comes in black and white and costs $299.", "number", cost)
    assert gives("The repairs cost 2 million euros.", "number", "how much did the repairs cost")
    # how much of something else, or a number asked otherwise: any number
    dust = "How much tire dust do cars give off each year?"
    assert gives("Cars emit 6 million tons of tire wear particles.", "number", dust)
    assert gives("Xi, 69, arrived.", "number", "How old is Xi?")
    # and the caution for an answer without it says what was counted
    assert number_asked(goals) == "a number of goals"
    assert number_asked(fans) == "a number of Arsenal fans"
    assert number_asked(cost) == "an amount of money"
    assert number_asked("How old is Xi?") == "an age"
    assert number_asked("How deep does the trench go?") == "a measure"
    assert number_asked("How many fans attended?") == "a number of fans"
    assert number_asked("How often do they meet?") == "a number"
    # money asked by what it is spent, grossed or demanded as ("spending", "box office")
    spending = "How much is the spending for the 2009 bill?"
    assert number_asked(spending) == "an amount of money"
    assert not gives("The bill wraps together 11 of the 12 spending bills.", "number", spending)
    assert gives("It is a $410 billion omnibus bill.", "number", spending)
    assert number_asked("How much did Wolverine take at the box office?") == "an amount of money"
    assert number_asked("How much weight did she lose?") == "a number"


def test_the_answer_leads_with_the_sentence_that_gives_the_kind_asked():
    hit = Hit("a", 1, "", "", "", "", "", "", 1.0)
    announced = Candidate("The trip was announced on Friday.", hit, frozenset())
    days = Candidate("Xi began a three-day visit.", hit, frozenset())
    question = "How long is the trip?"
    assert answer_first([announced, days], "duration", question) == [days, announced]
    assert answer_first([announced, days], "", question) == [announced, days]
    assert answer_first([announced], "duration", question) == [announced]


def test_an_answer_about_the_person_asked_is_not_cautioned_for_giving_no_name():
    """NewsQA's "Who is Chansa Kabwela?" was answered from the paragraph that describes her
    and cautioned that "none of its sentences gives a name the question does not"."""
    from dataclasses import replace

    from assistant.answering.refusal import judged
    from assistant.types import Answer, Citation, Hit, Sentence

    said = "Kabwela, the news editor of the paper, went on trial on Monday."
    cited = Citation(1, "a", "Trial", "Herald", "", "", 3, said, said)
    answer = Answer(
        said + " [1]", refused=False, sentences=(Sentence(said, (1,)),), citations=(cited,)
    )
    leading = [Hit("a", 3, said, "Trial", "Herald", "", "", "", 1.0)]
    assert judged(answer, "Who is Chansa Kabwela?", leading, doubtful=False).caution == ""
    assert judged(answer, "Who is the paper's owner?", leading, doubtful=False).caution == (
        "This may not answer the question: none of its sentences gives a name the question "
        "does not give."
    )
    # a date given only by a paragraph beyond those that match the question best
    assert judged(answer, "When did Kabwela go on trial?", leading, doubtful=False).caution == ""
    further = [replace(leading[0], paragraph=1)]
    assert judged(answer, "When did Kabwela go on trial?", further, doubtful=False).caution == (
        "This may not answer the question: only a paragraph that matches it less well "
        "gives a date or time."
    )


def test_a_doubted_answer_that_gives_nothing_of_the_kind_asked_is_refused():
    """The refusal decision's doubt and an answer with no sentence giving the number asked
    refuse together; each alone cautions, and a number quoted from a paragraph further
    down only cautions."""
    from dataclasses import replace

    from assistant.answering.refusal import CAUTION, judged, kind_caution
    from assistant.types import Answer, Citation, Hit, Sentence

    said = "The Germany friendly drew a crowd in East Hartford."
    cited = Citation(1, "a", "US beat Germany", "Bay Herald", "", "", 2, said, said)
    hit = Hit("a", 2, said, "US beat Germany", "Bay Herald", "", "", "", 1.0)
    answer = Answer(
        said + " [1]",
        refused=False,
        sentences=(Sentence(said, (1,)),),
        citations=(cited,),
        hits=(hit,),
    )
    asked = "How many fans came to the friendly?"
    refused = judged(answer, asked, [hit], doubtful=True)
    assert refused.refused and refused.citations == () and refused.hits == (hit,)
    assert refused.note == (
        "The best paragraphs match the question only weakly. None of the sentences that "
        "match it best gives a number of fans."
    )
    assert judged(answer, asked, [hit], doubtful=False).caution == kind_caution("number", asked)
    assert judged(answer, "Where was the friendly?", [hit], doubtful=True).caution == CAUTION
    counted = replace(
        answer, sentences=(Sentence("It drew 25,000 fans.", (1,)),), text="It drew 25,000 fans."
    )
    assert judged(counted, asked, [hit], doubtful=True).caution == CAUTION
    assert judged(counted, asked, [hit], doubtful=False) == counted
    further = [replace(hit, paragraph=1)]
    assert judged(counted, asked, further, doubtful=True).caution == CAUTION
    assert judged(counted, asked, further, doubtful=False).caution == kind_caution(
        "number", asked, further=True
    )


@pytest.mark.parametrize(
    ("sentence", "money"),
    [
        ("Zim took a loan of NIS 255 million from Mizrahi Tefahot Bank.", True),
        ("He paid 40 million shekels for the stake.", True),
        ("The ticket cost ₹499 at launch.", True),
        ("The three laureates share 11 million Swedish kronor.", True),
        ("He bought the stake with two partners.", False),
    ],
)
def test_money_in_other_currencies_answers_how_much_was_paid(sentence, money):
    assert gives(sentence, "number", "How much did Zim pay for Psagot?") is money


@pytest.mark.parametrize(
    ("lede", "person", "described"),
    [
        (
            "HARBOURTON (CNN) -- A 58-year-old ferry mechanic who never owned a car has won "
            "the city's marathon.",
            "Tomas Reyna",
            True,
        ),
        (
            "(Wire) -- The woman accused of stealing a museum's clock will appear in court.",
            "Ada Brill",
            True,
        ),
        ("A judge ruled on Tuesday that the port broke its lease.", "Ruth Omondi", True),
        # names them: not held back
        ("A 58-year-old mechanic, Tomas Reyna, has won the marathon.", "Tomas Reyna", False),
        # opens with a name, or with no person
        ("Tomas Reyna has won the city's marathon.", "Ada Brill", False),
        ("The harbour's new ferry terminal opened on Monday.", "Tomas Reyna", False),
        # a photo's caption, with its credit
        (
            "A worker loads parcels at a depot on May 3. Kim Lee | Daily Post via Getty Images",
            "Tomas Reyna",
            False,
        ),
    ],
)
def test_a_lede_that_describes_someone_before_naming_them(lede, person, described):
    assert describes(lede, person) is described


@pytest.mark.parametrize(
    ("sentence", "question", "defines"),
    [
        (
            "Ice shelves are floating ice sheets attached to the coast.",
            "What are ice shelves?",
            True,
        ),
        (
            "Several ice shelves -- Larsen A, Larsen B -- have collapsed.",
            "What are ice shelves?",
            False,
        ),
        ("The shelves are being watched.", "What are ice shelves?", False),
        (
            "At past Macworlds -- the annual gathering of Mac users -- fans queued.",
            "What is Macworld?",
            True,
        ),
        ("Macworld is held in January.", "What is Macworld?", False),
        (
            "Kara Kopetsky, a 17-year-old junior, was not having a good day.",
            "Who is Kara Kopetsky?",
            True,
        ),
        ("Police say Kopetsky was last seen in May.", "Who is Kara Kopetsky?", False),
    ],
)
def test_a_sentence_defines_what_is_asked_about(sentence, question, defines):
    assert kind_asked(question) == "definition"
    assert gives(sentence, "definition", question) is defines


@pytest.mark.parametrize(
    ("question", "held", "plain"),
    [
        ("how much fuel exactly", (), "how much fuel"),
        ("wait, which airport was it again?", (), "which airport was it?"),
        ("so will xi arrest him lol", (), "so will xi arrest him"),
        ("how old is xi now", (), "how old is xi"),
        # a word the articles hold is kept: it may be what the answer says
        (
            "What actually causes rigidity in matter?",
            ("actually",),
            "What actually causes rigidity in matter?",
        ),
        ("exactly", (), "exactly"),  # nothing else left
    ],
)
def test_the_words_of_a_chat_that_ask_nothing_go_when_no_article_holds_them(question, held, plain):
    assert unfilled(question, lambda word: word in held) == plain


@pytest.mark.parametrize(
    ("question", "held", "weighed"),
    [
        ("how long is the visit", (), "how is the visit"),
        ("How far is Vnukovo from Moscow?", (), "How is Vnukovo from Moscow?"),
        # an article that says "the 27-year-old" holds "old": it may be what answers
        ("how old is andre onana", ("old",), "how old is andre onana"),
        ("Is the long-range missile new?", (), "Is the long-range missile new?"),  # no "how"
    ],
)
def test_the_word_that_asks_for_a_measure_is_weighed_only_when_an_article_holds_it(
    question, held, weighed
):
    assert unmeasured(question, lambda word: word in held) == weighed
