"""Real-web shapes (issue 9): inline Arabic and its gloss, lead-in labels, multi-line posts, Persian,
labels on the English side. The documents are written for the tests in the shapes real pages use."""

from __future__ import annotations

import pytest

from bilingual import Document, segment_text
from bilingual.align import Aligner
from bilingual.align.inline import gloss_candidates, inline_units
from bilingual.align.units import arabic_units, block_positions, english_units, trim_rendering
from tests.conftest import REAL_DEV, requires_shared


@pytest.fixture(scope="module")
def aligner() -> Aligner:
    return Aligner()


def _pairs(aligner: Aligner, text: str) -> list[tuple[str, str]]:
    """(Arabic, English) of every pair ``aligner`` finds in ``text``."""
    return [(p.ar, p.en) for p in aligner.align(Document(id="t", text=text)).pairs]


def _candidates(text: str, arabic: str) -> list[str]:
    doc = segment_text(text)
    units = inline_units(doc, block_positions(doc.blocks()))
    (unit,) = [u for u in units if doc.text[u.start : u.end] == arabic]
    return [text[c.start : c.end] for c in gloss_candidates(text, unit)]


@pytest.mark.parametrize(
    ("text", "arabic", "gloss"),
    [
        ("Protesters rallied behind the hashtag #لا_للحرب (No to war) all weekend.\n", "#لا_للحرب", "No to war"),
        (
            "Users shared the hashtag meaning “we want bread” (#بدنا_خبز) on Friday.\n",
            "#بدنا_خبز",
            "we want bread",
        ),
        (
            "The campaign #ارفعوا_الحصار, which translates as “lift the siege,” spread fast.\n",
            "#ارفعوا_الحصار",
            "lift the siege",
        ),
        (
            "Users have been tweeting with the hashtag #ارحل [4], or “leave”, since Friday.\n",
            "#ارحل",
            "leave",
        ),
        (
            "Loyalists chanted a parody (Arabic: الشعب يريد بقاء الحكومة, lit. 'the people want the government "
            "to stay') outside the ministry.\n",
            "الشعب يريد بقاء الحكومة",
            "the people want the government to stay",
        ),
        ("People stayed home in times of war وقت الحرب and waited.\n", "وقت الحرب", "times of war"),
        ("#No_to_war #لا_للحرب\n", "#لا_للحرب", "#No_to_war"),
        ("Take the word مدرسة for example, meaning school in Arabic.\n", "مدرسة", "school"),
        # a vocabulary list: the romanization first, the meaning a few words on
        ("– **Shukran** (شكرا): This word means “thank you.” People say it daily.\n", "شكرا", "thank you."),
        # a title in both languages, glued: the whole English of the line, across its comma and dash
        ("Umm Kulthum - Enta Omri, You Are My Lifeأم كلثوم - أنت عمري\n", "أم كلثوم - أنت عمري", None),
    ],
)
def test_gloss_candidates_include_the_gloss(text: str, arabic: str, gloss: str | None) -> None:
    assert (gloss or text.split("أم")[0]) in _candidates(text, arabic)


def test_no_candidate_is_a_link_or_function_words() -> None:
    text = "Footage of the flood http://t.co/Xy12 #غرقت_المدينة reported on كتبوا عن the news.\n"
    for arabic in ("#غرقت_المدينة", "كتبوا عن"):
        for c in _candidates(text, arabic):
            assert "t.co" not in c and c.lower() not in ("on", "the", "of")


def test_inline_hashtag_is_paired_with_its_gloss(aligner: Aligner) -> None:
    text = (
        "Lebanon's garbage crisis brought thousands to the streets of Beirut on Saturday.\n"
        "Online, the movement rallied behind the hashtag #بدنا_نحاسب (We want accountability), which trended "
        "across the region by Sunday evening.\n"
        "Police used water cannon against the crowd near the parliament building.\n"
    )
    result = aligner.align(Document(id="g", text=text))
    gloss = [p for p in result.pairs if p.kind == "gloss"]
    assert [(p.ar, p.en) for p in gloss] == [("#بدنا_نحاسب", "We want accountability")]
    assert gloss[0].unit == "hashtag" and text[slice(*gloss[0].en_span)] == gloss[0].en
    assert gloss[0].to_dict()["kind"] == "gloss"


def test_leadin_labels_make_a_tweet_and_keep_the_label_out_of_the_english(aligner: Aligner) -> None:
    text = (
        "Activists in Bahrain described their arrests on Twitter.\n"
        "@samira_k [2]:\n"
        "بسبب بضع كلمات على تويتر تم اعتقالي واستجوابي لخمس ساعات دون ماء\n"
        "@samira_k [2]: because of a few words on Twitter I was arrested and interrogated for five hours "
        "without water.\n"
        "The ministry of interior did not answer requests for comment.\n"
    )
    doc = segment_text(text)
    atts = [s for s in doc.segments if s.kind == "attribution"]
    assert [a.text for a in atts] == ["@samira_k [2]:", "@samira_k [2]:"]
    (tweet,) = [s for s in doc.segments if s.kind == "tweet"]
    assert tweet.meta["handle"] == "samira_k" and tweet.text.startswith("بسبب")
    result = aligner.align(doc)
    (pair,) = [p for p in result.pairs if p.kind != "gloss"]
    assert pair.ar == tweet.text
    assert pair.en.startswith("because of a few words") and "@samira_k" not in pair.en


def test_multi_line_post_is_one_unit() -> None:
    text = (
        "A satirical status update went around on Facebook:\n"
        "وزارة الإعلام\n"
        "ترجو من الإعلاميين حضور تدشين الطريق..\n"
        "\n"
        "دامت أفراحكم\n"
        "The ministry of information asks the media to attend the opening of the road. May your joys last.\n"
    )
    doc = segment_text(text)
    arabic = [b for b in doc.blocks() if b.lang == "ar"]
    assert [b.text for b in arabic] == ["وزارة الإعلام\nترجو من الإعلاميين حضور تدشين الطريق..\n\nدامت أفراحكم"]


def test_lines_that_end_sentences_stay_apart() -> None:
    text = "الجسر الجديد سيفتح في حزيران.\nأسعار القمح انخفضت هذا العام.\n"
    assert len(segment_text(text).blocks()) == 2


def test_persian_is_reported_unpaired_with_its_language(aligner: Aligner) -> None:
    text = (
        "An Iranian blogger wrote about the protests in Tehran.\n"
        "مردم در خیابان‌ها جمع شدند و شعار دادند که ما حقوق خود را می‌خواهیم\n"
        "People gathered in the streets and chanted that they want their rights.\n"
    )
    result = aligner.align(Document(id="fa", text=text))
    assert result.pairs == []
    (u,) = result.unpaired
    assert "Persian" in u.reason


def test_hashtag_language_is_its_letters() -> None:
    doc = segment_text("Thousands joined #لن_نسكت today.\n")
    runs = [s for s in doc.segments if s.kind == "run" and s.meta["script"] == "arabic"]
    assert [(r.text, r.lang) for r in runs] == [("#لن_نسكت", "ar")]


def test_a_hashtag_run_ends_with_the_hashtag_digits_and_all() -> None:
    doc = segment_text("Tags #صباح_الخير_2024 and #زد_رصيدك51 trended, then #مصر_2Egypt and #حراك_15_سبتمبر.\n")
    runs = [s.text for s in doc.segments if s.kind == "run" and s.meta["script"] == "arabic"]
    # digits closing a hashtag are part of it; digits run into Latin letters are not
    assert runs == ["#صباح_الخير_2024", "#زد_رصيدك51", "#مصر", "#حراك_15_سبتمبر"]


def test_a_hashtag_typed_right_to_left_keeps_its_closing_mark(aligner: Aligner) -> None:
    """Typed right to left, '#' lands after the Arabic in the text ('مسرحيات_العيد#'): it belongs to the
    hashtag, not to the gloss after it."""
    text = "Launched before Eid, the Arabic hashtag مسرحيات_العيد# (#EidPlays) unlocks an emoji of two masks.\n"
    runs = [s.text for s in segment_text(text).segments if s.kind == "run" and s.meta["script"] == "arabic"]
    assert runs == ["مسرحيات_العيد#"]
    assert [(p.ar, p.en) for p in aligner.align(Document(id="t", text=text)).pairs] == [("مسرحيات_العيد#", "#EidPlays")]


def test_arabic_quoted_in_prose_does_not_take_the_rest_of_the_sentence() -> None:
    text = "Fans who add “سعودي تويتر,” to a post mean something different by it.\n"
    cands = _candidates(text, "سعودي تويتر")
    assert not any(c.startswith("”") or "mean something" in c for c in cands), cands
    # a title line in both languages keeps its whole English run
    title = "Fairuz - Come Back, Oh Nightsفيروز - ارجعي يا ليلة\n"
    assert "Fairuz - Come Back, Oh Nights" in _candidates(title, "فيروز - ارجعي يا ليلة")


@pytest.mark.parametrize(
    ("text", "rendering"),
    [
        ("Translation: We will not be silent.", "We will not be silent."),
        ("“We will not be silent.”", "We will not be silent."),
        ("[3] “We will not be silent,” she wrote.", "“We will not be silent,” she wrote."),
        ("“We will not be", "We will not be"),  # the page cut the quotation off
        ("Literal translation: We will not be silent.", "We will not be silent."),
        ("Literal translation:We will not be silent.", "We will not be silent."),
        ("Meaning: Falafel", "Falafel"),
        ("Peaceful … Peaceful (in reference to their protests!)", "Peaceful … Peaceful"),  # a translator's note
        ("Watch! (m)", "Watch! (m)"),  # a one-word note is the rendering's
        # a note that names the source stays (the Arabic names it too)
        ("Eat what you like. (Ali Bin Abi Talib 7TH C.)", "Eat what you like. (Ali Bin Abi Talib 7TH C.)"),
        ("Surely, the (true) religion is one.", "Surely, the (true) religion is one."),
    ],
)
def test_labels_and_wrapping_quotes_are_trimmed(text: str, rendering: str) -> None:
    s, e = trim_rendering(text, 0, len(text))
    assert text[s:e] == rendering


def test_transliteration_lines_are_not_english() -> None:
    doc = segment_text("الجار قبل الدار\nEl-jar 2abl ed-dar\nThe neighbour before the house.\n")
    assert [b.lang for b in doc.blocks()] == ["ar", "ar-Latn", "en"]


@requires_shared("real-dev")
def test_real_dev_segments_and_attributions_are_found() -> None:
    """Segment and attribution recall on the 30 real documents (rule-based, so no cross-validation)."""
    from bilingual.real_eval import RealScore, load_real_gold

    score = RealScore()
    for g in load_real_gold(REAL_DEV):
        score.add_segmentation(segment_text(g.text), g)
    found, total = score.segments
    assert found / total >= 0.95, score.report()
    found, total = score.attributions
    assert found / total >= 0.95, score.report()


@requires_shared("real-dev")
def test_real_dev_negative_documents_get_no_pair(aligner: Aligner) -> None:
    from bilingual.real_eval import load_real_gold

    for g in load_real_gold(REAL_DEV):
        if g.negative:
            pairs = aligner.align(g.document()).pairs
            assert not pairs, (g.doc_id, [(p.ar[:30], p.en[:30]) for p in pairs])


def test_short_persian_takes_its_neighbours_language() -> None:
    doc = segment_text(
        "یک روز خوب در تهران بود و مردم در خیابان‌ها جمع شدند.\nخوب است\nThe weather was fine.\nخوب است\n"
    )
    assert [b.lang for b in doc.blocks()] == ["fa", "fa", "en", "ar"]  # the last has no Persian neighbour


def test_english_with_a_time_and_an_arabic_name_is_english() -> None:
    text = "Officials invite journalists to a ceremony in Jisr al-Shughur. Time and date: tomorrow 2pm.\n"
    assert segment_text(text).blocks()[0].lang == "en"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The word comes from the Persian “khaneh” خانه and spread east.\n", "fa"),
        ("In Urdu the same idea is سکون and it is everywhere.\n", "ur"),
        ("The Persian and Arabic words for it differ: the Arabic word is سلام here.\n", "ar"),
        ("The caption said سلام and nothing more.\n", "ar"),
    ],
)
def test_prose_that_names_the_language_of_a_short_word_decides_it(text: str, lang: str) -> None:
    doc = segment_text(text)
    (run,) = [s for s in doc.segments if s.kind == "run" and s.meta.get("script") == "arabic"]
    assert run.lang == lang
    units = inline_units(doc, block_positions(doc.blocks()))
    assert [u.lang for u in units] == [lang]


def test_a_topic_tag_before_every_post_is_left_out_of_the_units() -> None:
    text = (
        "Egyptians offered advice to Syrians under one hashtag.\n"
        "\n"
        "#نصائح_للجيران لا تثقوا في أي وعود من الجيش\n"
        "@user_a: Do not trust any promises from the army\n"
        "\n"
        "#نصائح_للجيران احتفظوا بنسخ من كل الفيديوهات\n"
        "@user_b: Keep copies of all the videos\n"
        "\n"
        "#مصر_اليوم الشارع هادئ تماما هذا الصباح\n"
        "A third user said the street was calm.\n"
    )
    doc = segment_text(text)
    units = arabic_units(doc, block_positions(doc.blocks()))
    singles = [text[u.start : u.end] for u in units if u.meta.get("kind") != "joined"]
    # the tag two posts share is not part of what renders them; a tag used once stays
    assert singles == [
        "لا تثقوا في أي وعود من الجيش",
        "احتفظوا بنسخ من كل الفيديوهات",
        "#مصر_اليوم الشارع هادئ تماما هذا الصباح",
    ]


def test_a_post_over_lines_that_end_sentences_is_paired_whole(aligner: Aligner) -> None:
    text = (
        "Residents of the city described the night on Twitter.\n"
        "Mona wrote: “The electricity was cut for the whole night, and in the morning the children went to "
        "school as if nothing had happened.”\n"
        "انقطعت الكهرباء طوال الليل .\n"
        "وفي الصباح ذهب الأطفال إلى المدرسة.\n"
        "The governor promised repairs within a week.\n"
    )
    result = aligner.align(Document(id="w", text=text))
    (pair,) = [p for p in result.pairs if p.kind != "gloss"]
    assert pair.ar == "انقطعت الكهرباء طوال الليل .\nوفي الصباح ذهب الأطفال إلى المدرسة."
    assert pair.unit == "joined" and len(pair.ar_segments) == 2
    assert not [u for u in result.unpaired if "الصباح" in u.ar]


def test_a_sentence_that_introduces_a_post_renders_none_of_it(aligner: Aligner) -> None:
    text = (
        "Voters queued for hours in Cairo on Saturday.\n"
        "\n"
        "Tarek tweets why he will vote against the new constitution:\n"
        "\n"
        "مش هصوت للدستور ده لأنه بيخلي الصحة والتعليم سلعة للي يقدر يدفع بس\n"
        "\n"
        "Turnout was low in the morning and rose after noon.\n"
    )
    doc = segment_text(text)
    units = english_units(doc, block_positions(doc.blocks()))
    assert not [u for u in units if "Tarek tweets" in text[u.start : u.end]]
    result = aligner.align(doc)
    assert not [p for p in result.pairs if p.kind != "gloss"]


def test_a_line_of_hashtags_in_both_languages_gives_inline_units() -> None:
    text = (
        "Trending in Jordan this week:\n"
        "#Lower_the_Prices #خفضوا_ الأسعار and #حكومة_جديدة #New_Government\n"
        "Both tags were used tens of thousands of times.\n"
    )
    doc = segment_text(text)
    pos = block_positions(doc.blocks())
    assert [text[u.start : u.end] for u in inline_units(doc, pos)] == ["#خفضوا_ الأسعار", "#حكومة_جديدة"]
    assert not [u for u in arabic_units(doc, pos) if "#Lower" in text[u.start : u.end]]
    assert "#Lower_the_Prices" in _candidates(text, "#خفضوا_ الأسعار")


def test_the_tail_of_a_link_is_no_gloss_candidate() -> None:
    text = "Footage of the flood spread fast http://t.co/Ab12Cd34 #غرقت_المدينة pic.twitter.com/x\n"
    cands = _candidates(text, "#غرقت_المدينة")
    assert not [c for c in cands if "Ab12Cd34" in c or c == "co"]


def test_a_repeated_hashtag_is_glossed_once(aligner: Aligner) -> None:
    text = (
        "Thousands joined the campaign #بدنا_نحاسب (We want accountability) on its first day.\n"
        "By Sunday #بدنا_نحاسب was trending, and police closed the square.\n"
        "Organisers said #بدنا_نحاسب would go on all week, whatever happened.\n"
    )
    result = aligner.align(Document(id="r", text=text))
    gloss = [p for p in result.pairs if p.kind == "gloss"]
    assert [(p.ar, p.en) for p in gloss] == [("#بدنا_نحاسب", "We want accountability")]
    repeats = [u for u in result.unpaired if u.ar == "#بدنا_نحاسب"]
    assert len(repeats) == 2 and all("repeat" in u.reason for u in repeats)


def test_arabic_with_its_romanization_is_a_unit_and_pairs_with_the_translation(aligner: Aligner) -> None:
    """Phrase lists give 'Arabic /romanization/' and, a line or two on, 'Translation: …': the romanization
    (Latin letters) must not make the Arabic an inline unit, nor the line an English candidate."""
    text = (
        "Here are a few sayings we like, with their English translation below:\n\n"
        "الصبر مفتاح الفرج /as-sabr miftah al-faraj/\n\nTranslation: Patience is the key to relief.\n\n"
        "Meaning: Wait calmly and things will get better.\n\n"
        "العلم نور /al-ilm nur/\n\nLiteral translation: Knowledge is light.\n"
    )
    assert _pairs(aligner, text) == [
        ("الصبر مفتاح الفرج", "Patience is the key to relief."),
        ("العلم نور", "Knowledge is light."),
    ]


def test_persian_inside_english_is_reported_unpaired_not_dropped(aligner: Aligner) -> None:
    text = "In his notebook the poet wrote دل من گرفته است and then he left the city for good.\n"
    result = aligner.align(Document(id="t", text=text))
    assert not result.pairs
    assert [(u.ar, u.reason) for u in result.unpaired] == [("دل من گرفته است", "written in Persian (fa), not Arabic")]


def test_a_trigger_in_the_next_sentence_is_not_the_arabic_s() -> None:
    text = "Thousands tweeted #زد_رصيدك, whatever it is. Google Translate renders it badly.\n"
    cands = _candidates(text, "#زد_رصيدك")
    assert not any(c.startswith("renders") for c in cands)
    assert not any("Google" in c for c in cands)  # nor a whole-line run across the sentence end


def test_an_arabic_question_cut_by_the_sentence_splitter_is_one_unit_with_its_quoted_english(
    aligner: Aligner,
) -> None:
    """Arabic quoted inside English prose, with its own ؟ and !: the splitter cuts it in two sentences,
    and the second, all Arabic, had no run (so no unit at all)."""
    text = (
        "Then a voice rose from the back: وين الكتاب يا أستاذ؟ يا أستاذ!! “Where is the book, sir? Sir!!” We laughed.\n"
    )
    doc = segment_text(text)
    units = inline_units(doc, block_positions(doc.blocks()))
    assert [text[u.start : u.end] for u in units] == ["وين الكتاب يا أستاذ؟ يا أستاذ"]
    assert "Where is the book, sir? Sir!!" in [text[c.start : c.end] for c in gloss_candidates(text, units[0])]


def test_a_window_of_english_does_not_run_into_the_next_labelled_item() -> None:
    text = (
        "A saying we like:\n\nالصبر مفتاح الفرج /as-sabr miftah al-faraj/\n\n"
        "Translation: Patience is the key to relief.\n\nMeaning: Wait calmly and things will get better.\n"
    )
    doc = segment_text(text)
    spans = [text[u.start : u.end] for u in english_units(doc, block_positions(doc.blocks()))]
    assert "Patience is the key to relief." in spans
    assert not any("Patience" in t and "Wait calmly" in t for t in spans)


def test_a_tweet_s_own_words_beside_a_hashtag_are_no_gloss(aligner: Aligner) -> None:
    """Words that merely stand next to a hashtag (a tweet's caption) render it only with a cue or shared
    meaning; a bracketed gloss on the same page still pairs."""
    text = (
        "Saudi women took to Twitter within minutes of the announcement.\n\n"
        "Mood #قيادة_المرأة\n\n"
        "MOODDDD #السماح_للمرأة_بالقيادة\n\n"
        "Others backed the hashtag #لا_للحرب (No to war) all weekend.\n"
    )
    result = aligner.align(Document(id="t", text=text))
    assert [(p.ar, p.en) for p in result.pairs] == [("#لا_للحرب", "No to war")]
    reasons = {u.ar: u.reason for u in result.unpaired}
    assert "shares its meaning" in reasons["#قيادة_المرأة"]


def test_romanization_before_the_arabic_and_a_meaning_in_quotes(aligner: Aligner) -> None:
    """Idiom lists also give 'romanization/Arabic' and explain it in the next paragraph, the rendering in
    quotation marks after "means" or "translates to": the Arabic is a unit without the romanization, and
    the English is the quotation alone, not the explanation around it."""
    text = (
        "Five everyday sayings from Cairo, and what they mean.\n\n"
        "Al-sabr muftah al-farag/الصبر مفتاح الفرج\n\n"
        "This saying literally means “patience is the key to relief.” People say it to a friend who is "
        "waiting for news, and it usually comes with a pat on the shoulder.\n\n"
        "El-ilm nour/العلم نور\n\n"
        "The phrase translates to “knowledge is light,” and teachers love to write it on the board on the "
        "first day of school.\n"
    )
    assert _pairs(aligner, text) == [
        ("الصبر مفتاح الفرج", "patience is the key to relief"),
        ("العلم نور", "knowledge is light"),
    ]


@pytest.mark.parametrize(
    ("line", "arabic"),
    [
        ("Ibn halal/ابن حلال", "ابن حلال"),
        ("Ad-dunia ‘osor wa yosor / الدنيا عسر و يسر", "الدنيا عسر و يسر"),
        ("كما تدين تدان /kama todeen todan/", "كما تدين تدان"),
        ("12/5 مرحبا بكم", "12/5 مرحبا بكم"),  # a date is no romanization
        ("Read more/اقرأ المزيد about it", "Read more/اقرأ المزيد about it"),  # Latin after the Arabic
    ],
)
def test_arabic_span_leaves_a_romanization_out(line: str, arabic: str) -> None:
    from bilingual.align.units import arabic_span

    start, end = arabic_span(line)
    assert line[start:end] == arabic


def test_a_romanization_is_no_gloss_but_a_loanword_is(aligner: Aligner) -> None:
    """'(aysh ed-dor)' only sounds عايش الدور out; 'hashtags', an English word the page uses again, is
    the meaning of the loanword الهاشتاجز."""
    text = (
        "Another similar phrase would be عايش الدور (aysh ed-dor). It is used for a show-off.\n\n"
        "Arabic speakers write الهاشتاجز (hashtags) the way English speakers do, and the hashtags trend "
        "within minutes.\n"
    )
    result = aligner.align(Document(id="t", text=text))
    assert [(p.ar, p.en) for p in result.pairs] == [("الهاشتاجز", "hashtags")]
    (left,) = [u for u in result.unpaired if u.ar == "عايش الدور"]
    assert "romanization" in left.reason


def test_a_pronunciation_column_is_no_translation(aligner: Aligner) -> None:
    """A phrase table scraped one cell a line gives the Arabic, its pronunciation, then its English: the
    pronunciation ('wa aallah!') sounds the Arabic out and renders nothing; a hyphenated romanization
    ('(fil-mishmish)') is no gloss either."""
    table = "Arabic\n|\nPronounced?\n|\nEnglish\n|\nوالله\n|\nwa aallah!\n|\nI swear!\n"
    result = aligner.align(Document(id="t", text=table))
    assert all(p.en != "wa aallah!" for p in result.pairs)
    text = "When will that happen? في المشمش (fil-mishmish), my grandmother would say, and laugh.\n"
    result = aligner.align(Document(id="u", text=text))
    assert all("mishmish" not in p.en for p in result.pairs)


def test_a_labelled_line_below_the_arabic_glosses_it(aligner: Aligner) -> None:
    """Idiom pages give 'Arabic (romanization)' and, on the next line, 'Literally: … Meaning: …': each
    labelled part is a candidate; the romanization is not."""
    text = (
        "Some of the Egyptian expressions we keep using at home:\n\n"
        "على قلبي زي العسل (ala albi zay el-asal)\n"
        "Literally: Like honey on my heart  Meaning: I am delighted to do it\n"
        "We say it when a friend asks for a favour we are glad to do.\n"
    )
    assert _pairs(aligner, text) == [("على قلبي زي العسل", "Like honey on my heart")]


def test_a_labelled_line_below_is_read_after_trailing_white_space_and_a_marked_transliteration(
    aligner: Aligner,
) -> None:
    """The Arabic's line ends in a space (scraped pages often do), and its romanization writes emphatic
    consonants as capitals and dotted letters (``'oTTa``, ``miġammaDa``): the romanization is no gloss
    (its marks say so), and the labelled line below is still read."""
    text = (
        "Expressions my Cairene neighbours use about their children:\n\n"
        "زي القطة المغمضة (zayy il-'oTTa l-miġammaDa) \n"
        "Literally: Like a blindfolded kitten  Meaning: Someone who is very innocent\n"
        "They say it of a child who pretends not to know what happened to the cake.\n"
    )
    assert _pairs(aligner, text) == [("زي القطة المغمضة", "Like a blindfolded kitten")]


def test_trimming_a_closing_note_reads_a_long_unclosed_bracket_in_linear_time() -> None:
    """An open bracket that never closes, then thousands of words: nothing to trim, and no backtracking
    (a regex for the note took seconds here)."""
    text = "He said (" + "word " * 50_000 + "end."
    assert trim_rendering(text, 0, len(text)) == (0, len(text))


def test_an_english_word_named_first_and_linked_to_the_arabic_glosses_it(aligner: Aligner) -> None:
    """Slang pages name the English first: 'the standard word for “necktie,” which is “رباط”'."""
    text = (
        "Iraqi slang for the office, part two.\n\n"
        "Nobody in Baghdad says the standard word for 'necktie,' which is 'رباط.' They say something else "
        "entirely, borrowed from Turkish.\n"
    )
    assert _pairs(aligner, text) == [("رباط", "necktie")]


def test_the_noun_announcing_a_quoted_arabic_word_is_no_gloss(aligner: Aligner) -> None:
    """'The classic word “خاشوكة” confuses visitors': 'The classic word' names the Arabic, it does not
    render it; a bare Arabic word after its English ('the many hashtags الهاشتاجز') is still glossed."""
    text = "Dinner in Basra.\n\nThe classic word 'خاشوكة' leaves visitors at the table confused.\n"
    assert _pairs(aligner, text) == []
    assert "The classic word" not in _candidates(text, "خاشوكة")
    text = "Online, people shared many hashtags الهاشتاجز to keep each other's spirits up during the curfew.\n"
    assert "hashtags" in _candidates(text, "الهاشتاجز")


def test_a_label_line_above_a_post_is_not_taken_into_its_pair(aligner: Aligner) -> None:
    """Bilingual news sites put 'Read in Arabic:' (إقرأ باللغة العربية:) above the Arabic headline; the
    label's words show up in the English ('Arabic'), but a line ending in a colon introduces the post."""
    text = (
        "Schools news\n\n"
        "إقرأ باللغة العربية:\n\n"
        "وزير التعليم يعلن إغلاق المدارس\n\n"
        "The Arabic edition reports that the education minister announced that schools will close, a decision "
        "that Arabic-speaking parents and teachers across the country welcomed with relief after a week of "
        "storms and floods.\n"
    )
    (pair,) = aligner.align(Document(id="t", text=text)).pairs
    assert pair.ar == "وزير التعليم يعلن إغلاق المدارس"


@pytest.mark.parametrize(
    ("text", "arabic", "present", "absent"),
    [
        # a plural possessive's apostrophe is no stray quotation mark
        ("They chanted for the workers' union (نقابة العمال) all day.\n", "نقابة العمال", "workers' union", None),
        # a bare 'or' joins two alternatives; a spaced dash links a rendering
        ("Fans shouted 'goal!' or 'يا سلام' at every chance.\n", "يا سلام", None, "goal!"),
        ("The crowd chanted 'leave' - 'ارحل' - until dawn.\n", "ارحل", "leave", None),
        # before a bare Arabic word a bare 'or' gives its Arabic name; words ending in the link are no gloss
        ("They call it 'the bed' or فراش in Iraq.\n", "فراش", "the bed", "They call it 'the bed' or"),
    ],
)
def test_gloss_candidates_around_quotes_and_links(
    text: str, arabic: str, present: str | None, absent: str | None
) -> None:
    cands = _candidates(text, arabic)
    if present is not None:
        assert present in cands
    if absent is not None:
        assert absent not in cands
