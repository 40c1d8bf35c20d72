"""A message in another language is recognised offline, so the resident gets the safety card in it; English never is."""

import pytest
import yaml

from facts.fixed_replies import responses
from nlu import languages
from nlu.languages import detect, settings
from ops.settings import DOMAIN


@pytest.mark.parametrize(
    "text, language",
    [
        ("mi hijo no puede respirar bien, qué hago", "es"),
        ("annem nefes alamıyor, ne yapmalıyım", "tr"),
        ("wiilkeyga ayaa xanuunsanaya, dhakhtar ma heli karaa", "so"),
        ("o meu marido caiu e não acorda", "pt"),
        ("mon mari a très mal à la poitrine depuis une heure", "fr"),
        ("mia madre è caduta e non riesce ad alzarsi", "it"),
        ("mój syn ma bardzo wysoką gorączkę od rana", "pl"),
        ("ο πατέρας μου δεν μπορεί να αναπνεύσει", "el"),
        ("أمي لا تستطيع التنفس، ماذا أفعل", "ar"),
        ("আমার বাবার বুকে খুব ব্যথা করছে", "bn"),
        ("amar bhai er khub jor hoyeche, ki korbo ekhon", "bn"),
        ("ajke ami ekta kichu kore felbo, keu bachao", "bn"),  # everyday words only, none of the symptoms
        ("ana ta3ban awi w mesh 3aref a3mel eh, momken tsa3edni", "ar"),
        # Arabic typed with numerals for letters, and none of the listed words: the numerals tell.
        ("ibni wa2a3 w mesh 3am yetnaffas mni7", "ar"),
    ],
)
def test_each_card_language_is_recognised(text, language):
    assert detect(text) == language


@pytest.mark.parametrize(
    "text",
    [
        "hi",
        "ok thx",
        "ta",
        "N19",
        "Amwell Group Practice",
        "St Peter's Street Medical Practice phone",
        "Mitchison Road Surgery opening hours pls",
        "wat is the fone numbr 4 archway medical centre",
        "my mum is from Somalia, can she register at a GP without ID",
        "is the Whittington A&E open 24 hours",
        "hola",  # too short to tell: English, and so the answer
    ],
)
def test_english_and_short_messages_are_never_taken_for_another_language(text):
    assert detect(text) is None


def test_a_message_of_english_words_alone_is_english_without_the_detector(monkeypatch):
    def no_detector():
        raise AssertionError("Lingua was asked about a message whose every word is English")

    monkeypatch.setattr(languages, "detector", no_detector)
    assert detect("my son has a high temperature and a rash, where can he be seen today") is None


@pytest.mark.parametrize(
    ("text", "language"),
    [("ልጄ ብዙ ክኒን ዋጠ አይነቃም", "am"), ("Помогите, мой муж не дышит", "ru"), ("我的孩子吞了药片", "zh")],
)
def test_a_script_without_a_card_is_still_not_english(text, language):
    assert detect(text) == language and language not in cards()


def cards() -> dict[str, dict]:
    """The card of each language, by its code; "default" for a language without one."""
    return {
        next((c["value"] for c in v.get("condition", []) if c["name"] == "language"), "default"): v
        for v in responses()["utter_language_card"]
    }


@pytest.mark.parametrize(
    "text, language",
    [
        ("Mano vyras nukrito ir nekvėpuoja, ką daryti", "lt"),
        ("A férjem nem kap levegőt, mit tegyek", "hu"),
        ("mijn moeder kan niet ademen wat moet ik doen", "nl"),
        ("Mẹ tôi không thở được, tôi phải làm gì", "vi"),
        ("tulungan mo ako, hindi makahinga ang anak ko", "tl"),
        ("egbami, omo mi ko le mi daadaa rara", "yo"),  # Yoruba typed without its accents
    ],
)
def test_a_language_without_a_card_is_still_not_english(text, language):
    """It gets the English card, 999 first (domain.yml), not the English catch-all."""
    assert detect(text) == language


@pytest.mark.parametrize(
    "text",
    [
        "Mama yangu ameanguka na hawezi kupumua vizuri",  # Swahili, which Lingua is not asked to weigh
        "Mahaifiyata ta fadi kuma bata iya numfashi yanzu",  # Hausa, which Lingua doesn't know
        "don Allah ku taimake ni, mijina yana dukana yanzu",  # Hausa whose short words are English spellings
        "Nne m adaala, ọ naghị eku ume nke ọma",  # Igbo: letters English never uses
        "Ọmọ mi ti ṣubu, kò lè mí dáadáa",  # Yoruba
        "たすけて、むすこがいきをしていません",  # Japanese in kana alone
        "დედაჩემი ვერ სუნთქავს",  # Georgian: a script no list names
    ],
)
def test_a_language_nothing_names_still_gets_the_default_card(text):
    """Not English, though no check knows which language: the default card (English, 999 first), not the catch-all."""
    assert detect(text) is not None and detect(text) not in cards()


def test_urdu_typed_in_latin_letters_is_not_english():
    assert detect("meri ammi ko saans nahi aa rahi, jaldi madad karo") == "ur"


@pytest.mark.parametrize(
    "text",
    [
        "wots the numbr 4 dr hans surgery innit",
        "ur gp numbr pls m8",
        "Killick Street Health Centre Bingfield Street phone",
        "chst pain and cant breath",
        # Numerals inside words that English writes too: times, ages, postcodes, vitamins, text-speak.
        "my 3yo has had a temp since 3am, is the N7 surgery open at 9am?",
        "vit d3 and b12 levels results 2day pls",
        "covid19 jab at 2pm, 2nd dose, is it at the N19 surgery",
    ],
)
def test_typos_text_speak_and_names_stay_english(text):
    assert detect(text) is None


def test_every_language_the_scripts_and_word_lists_return_has_its_card():
    returned = set(settings()["scripts"].values()) | set(settings()["romanized"])
    assert returned <= set(cards())


@pytest.mark.parametrize("language", sorted(set(cards()) - {"default"}))
def test_every_card_leads_with_999_and_samaritans(language):
    card = cards()[language]
    lines = [line for line in card["text"].splitlines() if line.strip()]
    assert "999" in lines[0] and "116 123" in lines[1]
    assert card["custom"]["kind"] == "emergency" and card["custom"]["language"] == language


def test_every_card_is_followed_by_the_same_in_english():
    rule = next(
        r
        for r in yaml.safe_load((DOMAIN.parent / "data" / "rules.yml").read_text())["rules"]
        if {"intent": "other_language"} in r["steps"]
    )
    assert [s.get("action") for s in rule["steps"][1:]] == ["utter_language_card", "utter_language_card_english"]
    english = responses()["utter_language_card_english"][0]
    assert english["text"].startswith("In English:") and "999" in english["text"] and "interpreter" in english["text"]
    assert english["custom"]["kind"] == "emergency"


@pytest.mark.parametrize("language", sorted(set(cards()) - {"default"}))
def test_every_translation_says_whether_a_translator_has_checked_it(language):
    assert cards()[language]["custom"]["translation_checked"] in (True, False)


def test_no_english_training_message_is_taken_for_another_language():
    """Every English wording of the intent data (about 3,500) keeps its English answer."""
    from rasa.shared.nlu.training_data.loading import load_data

    from ops.settings import NLU_DATA_DIR

    # Two of CLINC150's off-topic examples are not in English, and are rightly taken for another language.
    foreign = {"hola quiero pedir un taxi", "hallo wie spät ist es"}
    english = [
        m.get("text")
        for m in load_data(str(NLU_DATA_DIR / "nlu.yml")).intent_examples
        if m.get("intent") != "other_language" and m.get("text") not in foreign
    ]
    taken = [text for text in english if detect(text)]
    assert len(english) > 3000 and taken == []
