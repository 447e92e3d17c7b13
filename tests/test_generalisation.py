"""General attribution patterns, each a table of should / should-not cases in both languages.

Every sentence here is written for these tests (invented people, places and events);
none comes from an evaluation corpus.
"""

from __future__ import annotations

import pytest

from quotecheck import lexicon
from quotecheck.lexicon import inflections
from tests.helpers import quote_containing

# -- the speaker is the name, only the name ------------------------------------------

NAME_ONLY = [
    ("vi", "Giám đốc Sở Xây dựng Lạng Sơn Đặng Minh Tú cho biết: “Cầu sẽ thông xe vào tháng "
           "sau.”", "Cầu sẽ", "Đặng Minh Tú"),
    ("vi", "Phó Chủ tịch UBND tỉnh Bến Tre Nguyễn Văn Sang nói: “Tỉnh đã chuẩn bị đủ nước "
           "ngọt.”", "nước ngọt", "Nguyễn Văn Sang"),
    ("vi", "Thứ trưởng Bộ Tài chính Hồ Thị Lan khẳng định: “Thuế sẽ không tăng.”", "Thuế",
     "Hồ Thị Lan"),
    ("vi", "PGS.TS Lương Quốc Bảo nhận định: “Dịch bệnh đã được kiểm soát.”", "Dịch bệnh",
     "Lương Quốc Bảo"),
    ("vi", "HLV Marco Vendel chia sẻ: “Các cầu thủ đã sẵn sàng.”", "cầu thủ", "Marco Vendel"),
    ("vi", "ĐBQH Trịnh Văn Khải phát biểu: “Luật cần sửa ngay.”", "Luật cần", "Trịnh Văn Khải"),
    ("vi", "Thống đốc Ngân hàng Nhà nước Việt Nam Lê Hoài Phong cho biết: “Lãi suất sẽ giảm.”",
     "Lãi suất", "Lê Hoài Phong"),
    ("en", 'House Speaker Dana Whitcombe said: "The vote is on Friday."', "vote",
     "Dana Whitcombe"),
    ("en", '"The vote is on Friday," said Del. Arlo Finch, R-Ky.', "vote", "Arlo Finch"),
    # a person "of" a team or body: the person speaks, not the team
    ("vi", "Trong khi đó, HLV trưởng Marco Vendel của đội U21 Lào bày tỏ: “Chúng tôi rất vui "
           "khi được mời.”", "rất vui", "Marco Vendel"),
    ("vi", "HLV Marco Vendel của U21 Lào cho biết “Chúng tôi sẽ đá tấn công.”", "tấn công",
     "Marco Vendel"),
    ("en", 'Coach Marco Vendel of the Harbor Rovers said: "We will attack."', "attack",
     "Marco Vendel"),
    ("en", 'Marco Vendel of U21 Laos told reporters, "We will attack."', "attack",
     "Marco Vendel"),
]

# Should not: an organisation or place named in a run is not cut into a person.
NOT_A_PERSON = [
    ("vi", "Công ty Mai Linh cho biết: “Giá cước không đổi.”", "Giá cước", "Công ty Mai Linh"),
    ("vi", "Ngân hàng Vạn Phúc thông báo: “Lãi suất giữ nguyên.”", "Lãi suất",
     "Ngân hàng Vạn Phúc"),
    ("vi", "Đại diện Đông Á - Thái Bình Dương Hannah Berg nói: “Chúng tôi theo dõi.”",
     "theo dõi", "Hannah Berg"),
    # no person before "của"/"of": the body named after it speaks
    ("vi", "Người phát ngôn của Công ty Mai Linh cho biết: “Giá cước không đổi.”", "Giá cước",
     "Công ty Mai Linh"),
    ("vi", "Giáo sư Park Min-jun tại Seoul cho biết: “Hai bên cần đối thoại.”", "đối thoại",
     "Park Min-jun"),
]


@pytest.mark.parametrize(("lang", "text", "needle", "speaker"), NAME_ONLY + NOT_A_PERSON)
def test_speaker_is_the_name_only(lang: str, text: str, needle: str, speaker: str) -> None:
    assert quote_containing(text, lang, needle).speaker == speaker


# -- cues that generalise -------------------------------------------------------------

@pytest.mark.parametrize(("base", "forms"), [
    ("call", {"call", "calls", "called", "calling"}),
    ("implore", {"implores", "implored", "imploring"}),
    ("deny", {"denies", "denied", "denying"}),
    ("admit", {"admits", "admitted", "admitting"}),
    ("say", {"say", "says", "said", "saying"}),
    ("point out", {"points out", "pointed out", "pointing out"}),
])
def test_english_verbs_are_inflected_from_base_forms(base: str, forms: set[str]) -> None:
    verbs = lexicon.load("en").verbs
    assert all(tuple(form.split()) in verbs for form in forms)
    assert base in {" ".join(p) for p in verbs}


def test_inflection_rules_are_data() -> None:
    rules = ["+>ed", ">ed", ">s", "y>ied"]
    assert inflections("fret", rules, {}) >= {"fretted", "frets"}
    assert inflections("reply", rules, {}) >= {"replied"}
    assert inflections("tell", rules, {"tell": ["told"]}) == {"tell", "told"}
    assert inflections("nói", [], {}) == {"nói"}


CUES = [
    ("en", '"Leave the port open," Mara Quell implored the board.', "port open", "Mara Quell"),
    ("en", '"This is absurd," fumed Tobias Wren.', "absurd", "Tobias Wren"),
    ("en", 'Ines Dale interjected, "Not before the audit."', "audit", "Ines Dale"),
    ("vi", "Bà Hoàng Thị Mơ chia sẻ: “Tôi mong con sớm khỏe lại.”", "con sớm", "Hoàng Thị Mơ"),
    ("vi", "Ông Tạ Văn Hùng cho rằng: “Giá lúa sẽ còn tăng.”", "Giá lúa", "Tạ Văn Hùng"),
    ("vi", "“Đường đã sửa xong”, ông Phùng Đức Lâm thông tin.", "Đường đã", "Phùng Đức Lâm"),
    ("vi", "Anh Mạc Văn Tư kể: “Nước lên rất nhanh.”", "Nước lên", "Mạc Văn Tư"),
]


@pytest.mark.parametrize(("lang", "text", "needle", "speaker"), CUES)
def test_broad_reporting_verbs(lang: str, text: str, needle: str, speaker: str) -> None:
    assert quote_containing(text, lang, needle).speaker == speaker


# Should not: a noun that shares a verb's spelling inside a capitalised name is no cue.
@pytest.mark.parametrize(("lang", "text", "needle"), [
    ("en", 'The United States "will not wait" for talks.', "will not"),
    ("vi", "Các bên giữ cam kết “không tấn công trước” trong văn kiện.", "tấn công"),
])
def test_no_cue_no_speaker(lang: str, text: str, needle: str) -> None:
    assert quote_containing(text, lang, needle).speaker is None


# -- turns and labels -------------------------------------------------------------------

LABELS = [
    ("vi", "Phỏng vấn sau trận.\nHLV Lê Văn Toàn (CLB Sông Lam):\n“Chúng tôi đã chơi tốt.”\n"
           "“Trận sau sẽ khó hơn.”\nHLV Marco Vendel (U23 Lào):\n“Học trò của tôi mệt.”",
     [("Lê Văn Toàn", "header"), ("Lê Văn Toàn", "continuation"), ("Marco Vendel", "header")]),
    ("en", "Amara Nwosu: “The river is rising.”", [("Amara Nwosu", "label")]),
    ("vi", "Ông Đỗ Minh Khoa: “Chúng tôi sẽ trả lời sau.”", [("Đỗ Minh Khoa", "label")]),
    # a quoted transcript: each paragraph opens a turn with its speaker's label
    ("en", 'Anchor Mark Halden spoke with Senator Ada Voss on Sunday.\n\n"HALDEN: Let us start '
           'with the budget.\n\n"MS. VOSS: The budget is fine, thank you."',
     [("Mark Halden", "label"), ("Ada Voss", "label")]),
    ("vi", "Cuộc trao đổi:\n\n“PV: Ông có lo ngại không?\n\n“Ông Lã Văn Cường: Tôi không lo.”",
     [("PV", "label"), ("Lã Văn Cường", "label")]),
    # a digest item: a headline, a dash, then its author's label
    ("en", "POLLS WERE RIGHT ON TURNOUT - Amara Nwosu: “The counts matched the forecasts.”",
     [("Amara Nwosu", "label")]),
    ("en", "Turnout rose in every county - Ida Renn and Tomas Reyes: “Young voters came out.”",
     [("Ida Renn", "label")]),
    ("vi", "Cử tri đi bầu đông - PGS.TS Lương Quốc Bảo: “Tỷ lệ đi bầu rất cao.”",
     [("Lương Quốc Bảo", "label")]),
]

# Should not: a line ending in a colon that is a sentence, not a name, labels nothing.
NOT_LABELS = [
    ("en", "The statement ended as follows:\n“We regret the delay.”"),
    ("vi", "Văn bản nêu rõ như sau:\n“Việc thi công sẽ tạm dừng.”"),
    # capitals the document also writes in lower case, or a lone name in a title
    ("en", 'Signs read "UPDATE: the road is open again." The update came at noon.'),
    ("en", 'A new book, "Halden: the man and the myth," was on the shelf.'),
    ("vi", "Tấm biển ghi “CHÚ Ý: đường đang sửa, xin chú ý an toàn.”"),
    # a dash before words that are no name
    ("en", "The vote was close - too close: “Every ballot counts.”"),
    ("vi", "Cuộc bầu cử rất sát - quá sát: “Mỗi lá phiếu đều quan trọng.”"),
]


@pytest.mark.parametrize(("lang", "text", "expected"), LABELS)
def test_speaker_labels_and_headers(lang: str, text: str, expected: list[tuple[str, str]]
                                    ) -> None:
    from tests.helpers import quotes_of
    assert [(q.speaker, q.evidence) for q in quotes_of(text, lang)] == expected


@pytest.mark.parametrize(("lang", "text"), NOT_LABELS)
def test_colon_lines_without_a_name_label_nothing(lang: str, text: str) -> None:
    from tests.helpers import quotes_of
    assert [q.speaker for q in quotes_of(text, lang)] == [None]


# -- the subject of the cue's clause ----------------------------------------------------

SUBJECTS = [
    ("en", 'Mara Quell, during a visit to Dunmore, Ohio, said she was "ready to serve."',
     "ready", "Mara Quell"),
    ("vi", "Bà Hoàng Thị Mơ, trong chuyến thăm tới Lạng Sơn, Cao Bằng, nói: “Tôi sẽ quay lại.”",
     "quay lại", "Hoàng Thị Mơ"),
]


@pytest.mark.parametrize(("lang", "text", "needle", "speaker"), SUBJECTS)
def test_name_after_a_preposition_is_not_the_subject(lang: str, text: str, needle: str,
                                                      speaker: str) -> None:
    assert quote_containing(text, lang, needle).speaker == speaker


APPOSITIONS_AND_ROLES = [
    # a dash apposition between the name and the cue
    ("vi", "Đại tá Hà Minh Quý - Trưởng Công an huyện Mèo Vạc, Hà Giang cho biết: “Đã bắt "
           "được nghi phạm.”", "nghi phạm", "Hà Minh Quý"),
    # after an honorific, one word is a person even when it also names a place
    ("vi", "Ông Mỹ hỏi lại: “Vậy hợp đồng ở đâu?”", "hợp đồng", "Mỹ"),
    # a bare title refers to the person the article gave it
    ("vi", "Thủ tướng Lý Quang Vinh thăm nhà máy. “Phải làm ngay”, Thủ tướng yêu cầu.",
     "Phải làm", "Lý Quang Vinh"),
    ("en", 'Governor Lena Ortiz toured the dam. "It will hold," the governor said.', "hold",
     "Lena Ortiz"),
    # the fullest name: a three-word name mentioned once beats its two-word short form
    ("vi", "HLV Nguyễn Hữu Tâm đã chọn đội hình. Hữu Tâm tin tưởng học trò. “Chúng tôi sẵn "
           "sàng”, Hữu Tâm nói.", "sẵn sàng", "Nguyễn Hữu Tâm"),
    # a sentence opener the article writes in lower case is not part of the name
    ("vi", "Dù Long Vũ từng thua, anh vẫn cười. “Tôi sẽ trở lại”, Long Vũ nói. Anh nói dù mệt.",
     "trở lại", "Long Vũ"),
]


@pytest.mark.parametrize(("lang", "text", "needle", "speaker"), APPOSITIONS_AND_ROLES)
def test_appositions_roles_and_full_names(lang: str, text: str, needle: str,
                                          speaker: str) -> None:
    assert quote_containing(text, lang, needle).speaker == speaker


def test_a_title_without_a_person_stays_a_role() -> None:
    quote = quote_containing("“Phải làm ngay”, Thủ tướng yêu cầu.", "vi", "Phải làm")
    assert (quote.speaker, quote.speaker_kind) == ("Thủ tướng", "role")


CLAUSE_SUBJECTS = [
    ("en", 'Nora Pike toured the mill in Dunmore with workers, saying "the jobs will stay."',
     "jobs will", "Nora Pike"),
    ("en", 'On Friday, Mr. Halden endorsed Ruth Cole at a rally, calling her "a real builder."',
     "real builder", "Halden"),
    ("en", "Governor Ivo Brandt issued the following statement:\n“Our thoughts are with the "
           "families.”", "thoughts", "Ivo Brandt"),
    ("vi", "Bà Trịnh Thị Lụa đến thăm trường và nhắn nhủ học sinh: “Hãy chăm học.”",
     "chăm học", "Trịnh Thị Lụa"),
    ("vi", "Ông Kiều Văn Mạnh dứt khoát: “Tôi không ký.”", "không ký", "Kiều Văn Mạnh"),
    # a colon lead-in after an opening phrase: the subject after its comma speaks
    ("vi", "Huấn luyện viên Nguyễn Văn Tâm nói về trận đấu.\nTrước thềm trận gặp U21 Lào, Văn "
           "Tâm hy vọng: “Tôi nghĩ đây sẽ là trận đấu thú vị.”", "thú vị", "Nguyễn Văn Tâm"),
    ("en", 'Ahead of the match with the Rovers, Ada Voss hoped: "It will be a fine game."',
     "fine game", "Ada Voss"),
]

# Should not: a one-word sentence opener, a noun phrase of common words, labels nothing.
NOT_CLAUSE_SUBJECTS = [
    ("en", 'Hundreds of voters marched through Center City, chanting "No more cuts."'),
    ("vi", "Văn bản nêu rõ như sau:\n“Việc thi công sẽ tạm dừng.”"),
    # an opening phrase, then no name before the colon
    ("vi", "Sau trận gặp U21 Lào, kế hoạch của đội vẫn như sau: “Nghỉ hai ngày.”"),
    ("en", "Ahead of the match with the Rovers, the plan was simple: \"Rest for two days.\""),
]


@pytest.mark.parametrize(("lang", "text", "needle", "speaker"), CLAUSE_SUBJECTS)
def test_the_clause_subject_speaks(lang: str, text: str, needle: str, speaker: str) -> None:
    assert quote_containing(text, lang, needle).speaker == speaker


@pytest.mark.parametrize(("lang", "text"), NOT_CLAUSE_SUBJECTS)
def test_no_clause_subject(lang: str, text: str) -> None:
    from tests.helpers import quotes_of
    assert [q.speaker for q in quotes_of(text, lang)] == [None]


ROLE_PHRASES = [
    # a role noun joined to a team by "của": the coach introduced earlier speaks
    ("vi", "HLV Nguyễn Hữu Tâm đến sân sớm. Vị HLV trưởng của đội U23 Lào cho biết: “Chúng "
           "tôi sẵn sàng.”", "sẵn sàng", "Nguyễn Hữu Tâm"),
    # broad reporting verbs: "so sánh", "kiến nghị"
    ("vi", "“Như vậy là chưa công bằng”, Đại biểu Cầm Thị Hoa kiến nghị.", "công bằng",
     "Cầm Thị Hoa"),
]


@pytest.mark.parametrize(("lang", "text", "needle", "speaker"), ROLE_PHRASES)
def test_role_phrases(lang: str, text: str, needle: str, speaker: str) -> None:
    assert quote_containing(text, lang, needle).speaker == speaker


QUALIFIED = [
    # a place or organisation run before a title and a name qualifies the name
    ("en", '"We are all props," said Ohio delegate Mara Quell, angered by the vote.', "props",
     "Mara Quell"),
    ("en", '"It is close," said Harbour spokesman Ivo Calder.', "close", "Ivo Calder"),
]


@pytest.mark.parametrize(("lang", "text", "needle", "speaker"), QUALIFIED)
def test_a_qualifying_run_is_not_the_speaker(lang: str, text: str, needle: str,
                                             speaker: str) -> None:
    assert quote_containing(text, lang, needle).speaker == speaker


# Should not: a capitalised plural or group word opening a sentence is no person.
@pytest.mark.parametrize("text", [
    'Demonstrators said they want "justice for the river" and will stay calm.',
    'Republicans said "the bill is dead" after the vote.',
])
def test_plural_openers_are_not_people(text: str) -> None:
    quote = quote_containing(text, "en", " ")
    assert quote.speaker_kind != "person" or quote.speaker is None


# -- a parenthetical reporting clause before a linked cue -------------------------------

# Should: "…, X said, adding, …" gives the quote to X, not to the first name of the clause.
REPORTING_CLAUSES = [
    ("en", 'Ida Renn and Tomas Reyes will meet next month, Odile Marsh said, adding, "They '
           'need a long talk."', "long talk", "Odile Marsh"),
    ("en", 'The ferry from Ilse Varga\'s yard left late, said Pavel Ostrov, adding, "Nobody was '
           'hurt."', "Nobody", "Pavel Ostrov"),
    ("vi", "Ông Tạ Minh Khôi sẽ về nước vào tuần sau, ông Lã Văn Cường cho biết, nhấn mạnh: "
           "“Mọi người đều khỏe.”", "đều khỏe", "Lã Văn Cường"),
]

# Should not: a verb inside a longer clause ("after the vote was declared, told") is no
# parenthetical; the clause's own subject speaks.
NOT_REPORTING_CLAUSES = [
    ("en", 'Clara Moss, who called Ida Renn after the vote was declared, told reporters, "We '
           'won."', "We won", "Clara Moss"),
    ("en", "Twelve boats came back, Ida Renn wrote in the harbour log, adding \"nothing was "
           "lost.\"", "nothing was", "Ida Renn"),
    ("en", 'Ada Voss, recalling long talks with Mrs. Ruth Cole, described herself as her '
           '"budget whisperer."', "whisperer", "Ada Voss"),
]


@pytest.mark.parametrize(("lang", "text", "needle", "speaker"),
                         REPORTING_CLAUSES + NOT_REPORTING_CLAUSES)
def test_a_reporting_clause_before_a_linked_cue(lang: str, text: str, needle: str,
                                                speaker: str) -> None:
    assert quote_containing(text, lang, needle).speaker == speaker


# -- outlets and nouns spelled like verbs ----------------------------------------------

# Should: an outlet that reports is named whole, its place words included.
OUTLETS = [
    ("en", '"Talks stalled again," the Washington Post reported.', "stalled",
     "the Washington Post"),
    ("en", '"Talks stalled again," The New York Times reported on Monday.', "stalled",
     "The New York Times"),
    ("vi", "“Giá xăng sẽ giảm vào tuần tới”, Reuters đưa tin.", "Giá xăng", "Reuters"),
]


@pytest.mark.parametrize(("lang", "text", "needle", "speaker"), OUTLETS)
def test_an_outlet_is_named_whole(lang: str, text: str, needle: str, speaker: str) -> None:
    quote = quote_containing(text, lang, needle)
    assert (quote.speaker, quote.speaker_kind) == (speaker, "organisation")


# Should not: after a determiner or possessive a cue word is a noun ("the report",
# "her answer", "những chia sẻ"), so it gives the quote no speaker.
@pytest.mark.parametrize(("lang", "text", "needle"), [
    ("en", 'Tomas Reyes filed the report "on time" last week.', "on time"),
    ("en", 'Senator Ada Voss and her answer, "not this year," surprised the council.',
     "not this"),
    ("vi", "Ông Lý Văn Sáu đọc những chia sẻ “rất xúc động” của người dân.", "xúc động"),
    ("vi", "Bà Đinh Thị Hoa nghe một lời kể “rất lạ” từ người dân.", "rất lạ"),
])
def test_a_cue_word_after_a_determiner_is_a_noun(lang: str, text: str, needle: str) -> None:
    assert quote_containing(text, lang, needle).speaker is None


# -- a quote inside the writer's clause ------------------------------------------------

# Should: words that are not the cue, the speaker or "that" before the quote make it
# embedded (its speaker is weaker evidence); should not: "said:", "said that", "theo".
@pytest.mark.parametrize(("lang", "text", "evidence"), [
    ("en", 'Ada Voss said that the plan was "fully funded and ready."', "embedded"),
    ("en", 'Ada Voss fired back, attacking Halden for "the greed and the bullying."',
     "embedded"),
    ("vi", "Ông Lã Văn Cường nói về việc “kế hoạch đã đủ vốn”.", "embedded"),
    ("en", 'Ada Voss said: "The plan is fully funded."', "before"),
    ("en", 'Ada Voss said that "the plan is fully funded."', "before"),
    ("en", 'According to Ada Voss, "the plan is fully funded."', "before"),
    ("vi", "Ông Lã Văn Cường cho biết “kế hoạch đã đủ vốn”.", "before"),
    ("vi", "Ông Lã Văn Cường khẳng định rằng “kế hoạch đã đủ vốn”.", "before"),
])
def test_a_quote_inside_the_writers_clause_is_embedded(lang: str, text: str,
                                                         evidence: str) -> None:
    from tests.helpers import quotes_of
    [quote] = quotes_of(text, lang)
    assert quote.speaker is not None
    assert (quote.evidence, quote.direct) == (evidence, evidence == "before")


# -- headlines lend no words to a name; a name after a quote's comma keeps its first word --

@pytest.mark.parametrize(("lang", "text", "needle", "speaker"), [
    ("en", "Halden Says Harbor Museum Will Tell the Story\n\nThe new museum will tell the "
           'story of the harbor.\n\n"It will be a place for everyone," Halden said.',
     "place for", "Halden"),
    ("en", "Will Pardo and Rose May met Mark Bell.\n\nMay is a fine month and the bell will "
           'ring.\n\n"We will win," Will Pardo said.', "will win", "Will Pardo"),
    ("vi", "Ông Lã Văn Cường Nói Về Bảo Tàng Mới\n\nBảo tàng mới sẽ mở cửa vào tháng sau.\n\n"
           "“Đây là nơi dành cho mọi người”, ông Lã Văn Cường nói.", "mọi người",
     "Lã Văn Cường"),
])
def test_headline_words_are_not_a_name(lang: str, text: str, needle: str, speaker: str
                                       ) -> None:
    assert quote_containing(text, lang, needle).speaker == speaker


# Should not: a long name with particles, or an organisation, is not cut as a headline.
@pytest.mark.parametrize(("lang", "text", "needle", "speaker"), [
    ("en", 'Judge Ana Lucia de la Vega Ruiz said: "The court will sit at ten." The court '
           "will rule de novo.", "will sit", "Ana Lucia de la Vega Ruiz"),
    ("en", 'The Harbor Office of Water Safety said: "The beach will reopen." The water is '
           "safe and the office will stay open.", "reopen", "Harbor Office of Water Safety"),
])
def test_long_names_are_not_headlines(lang: str, text: str, needle: str, speaker: str
                                      ) -> None:
    assert quote_containing(text, lang, needle).speaker == speaker


# -- fuller names are people's, not organisations' or pairs' -------------------------

@pytest.mark.parametrize(("lang", "text", "needle", "speaker", "kind"), [
    ("en", 'The Eric Vance Foundation gave $5 million to the port.\n\n"We are proud of it," '
           "Eric Vance said.", "proud", "Eric Vance", "person"),
    ("en", 'The Vance-Okafor plan was praised. Ada Vance spoke first.\n\nTomas Okafor spoke '
           'next.\n\n"It works," Okafor said.', "It works", "Tomas Okafor", "person"),
    ("vi", "Thỏa thuận Cường-Khôi được ký. Ông Lã Văn Cường phát biểu trước.\n\nÔng Tạ Minh "
           "Khôi phát biểu sau.\n\n“Thỏa thuận rất tốt”, ông Khôi nói.", "rất tốt",
     "Tạ Minh Khôi", "person"),
    # an organisation that opens a colon lead-in speaks
    ("en", 'The Harbor Institute for Elections was clear in its findings: "No further review '
           'is needed."', "review", "Harbor Institute for Elections", "organisation"),
    ("vi", "Hãng Vietjet rất rõ ràng trong thông báo: “Giá vé không đổi.”", "Giá vé",
     "Hãng Vietjet", "organisation"),
])
def test_people_and_organisations(lang: str, text: str, needle: str, speaker: str,
                                  kind: str) -> None:
    quote = quote_containing(text, lang, needle)
    assert (quote.speaker, quote.speaker_kind) == (speaker, kind)


# -- unnamed sources are the noun phrase, whole ----------------------------------------

# Should: a description ends before a relative clause or auxiliary and takes in what
# qualifies it ("at the port"); should not: it never ends on a preposition.
@pytest.mark.parametrize(("lang", "text", "needle", "speaker"), [
    ("en", '"The count is wrong," a harbor official who asked not to be named said.',
     "count", "a harbor official"),
    ("en", 'A spokesman for the Rovers could only quip: "We will be back."', "be back",
     "A spokesman for the Rovers"),
    ("en", 'A senior official at the port said: "Rents will rise."', "Rents",
     "A senior official at the port"),
    ("en", 'A report by the Harbor Institute had this to say: "Rents will rise."', "Rents",
     "A report by the Harbor Institute"),
    ("vi", "Một quan chức mà chúng tôi liên hệ cho biết: “Giá sẽ tăng.”", "Giá", "Một quan chức"),
    ("vi", "Một quan chức cấp cao của Bộ Tài chính cho biết: “Giá sẽ tăng.”", "Giá",
     "Một quan chức cấp cao của Bộ Tài chính"),
])
def test_unnamed_sources_are_noun_phrases(lang: str, text: str, needle: str,
                                          speaker: str) -> None:
    quote = quote_containing(text, lang, needle)
    assert (quote.speaker, quote.speaker_kind) == (speaker, "description")


# -- a name written without its middle names is the same person -----------------------

@pytest.mark.parametrize(("lang", "text", "needle", "speaker"), [
    ("vi", "HLV Phạm Thị Kim Huệ cùng học trò đến VFV. Phạm Kim Huệ nộp đơn. Sau đó Phạm Kim "
           "Huệ trở về.\n\n“Chúng tôi sẽ theo tới cùng”, Kim Huệ nói.", "theo tới",
     "Phạm Thị Kim Huệ"),
    ("en", "Judge Ada Maria Voss took the bench. Ada Voss ruled first. Then Ada Voss left."
           '\n\n"The law is clear," Voss said.', "law is", "Ada Maria Voss"),
    # should not: another given name is another person
    ("vi", "Ông Phạm Văn Hùng đến trước. Bà Phạm Thị Hùng Anh đến sau.\n\n“Chúng tôi đồng ý”, "
           "ông Phạm Văn Hùng nói.", "đồng ý", "Phạm Văn Hùng"),
])
def test_a_name_without_its_middle_names(lang: str, text: str, needle: str,
                                         speaker: str) -> None:
    assert quote_containing(text, lang, needle).speaker == speaker


# -- right after a quote, a name and a few lower-case words before the verb -------------

@pytest.mark.parametrize(("lang", "text", "needle", "speaker"), [
    ("vi", "“Người hâm mộ có quyền đặt câu hỏi”, HLV Lê Thị Hoa bức xúc cho biết.", "câu hỏi",
     "Lê Thị Hoa"),
    ("en", '"We will not move," Okafor angrily told reporters.', "not move", "Okafor"),
    ("en", 'Despite George Vance, the plan passed.\n\n"We won," George Vance said.', "We won",
     "George Vance"),
    # should not: a name that does not open the clause, a possessive, or a long gap
    ("en", 'Supporters answered with chants of "We want Voss" until Voss herself spoke up.',
     "want Voss", None),
    ("en", '"The talks will go on," Okafor’s office said in a statement.', "talks", None),
    ("vi", "“Chúng tôi sẽ theo tới cùng”, HLV Lê Thị Hoa sau trận đấu tối qua với đội bạn cho "
           "biết.", "theo tới", None),
])
def test_a_name_opening_the_clause_after_a_quote(lang: str, text: str, needle: str,
                                                 speaker: str | None) -> None:
    assert quote_containing(text, lang, needle).speaker == speaker


# -- a quote opening a sentence after its speaker's reported speech ---------------------

# Should: the sentence before, in the same paragraph, names a speaker with a cue; should
# not: it has no cue, or the speaker's sentence is not the one right before.
@pytest.mark.parametrize(("lang", "text", "speaker"), [
    ("vi", "ĐB Trần Phước Hải cho rằng kẹt xe tại sân bay quá khủng khiếp. “Trong khi sân bay "
           "kẹt như thế, đất sân bay lại dùng làm sân golf.”", "Trần Phước Hải"),
    ("en", "Mayor Tomas Okafor said the talks would resume on Monday. “We are ready for "
           "them.”", "Tomas Okafor"),
    ("en", "The port closed early on Friday. “We are ready for them.”", None),
    ("vi", "Cảng đóng cửa sớm vào thứ Sáu. “Chúng tôi đã sẵn sàng.”", None),
    ("vi", "Ông Tạ Minh Khôi cho biết đoàn sẽ về nước. Trong khi đó, bà Lê Thị Hoa đến thăm "
           "cảng. “Chúng tôi đã sẵn sàng.”", None),
])
def test_a_quote_after_its_speakers_sentence(lang: str, text: str, speaker: str | None
                                             ) -> None:
    from tests.helpers import quotes_of
    [quote] = quotes_of(text, lang)
    assert quote.speaker == speaker
    assert quote.direct is False


# -- "<person> of <organisation>": the person; "<title> of <place> <person>": the person --

@pytest.mark.parametrize(("lang", "text", "needle", "speaker"), [
    ("en", "Donors include Marc Vance of Harbor Capital and others.\n\n\"She is moving to the "
           'left," Vance told a reporter.', "moving", "Marc Vance"),
    ("vi", "Nhà tài trợ có Lã Văn Cường của Sông Hồng Capital.\n\n“Bà ấy đang thay đổi”, ông "
           "Cường nói.", "thay đổi", "Lã Văn Cường"),
])
def test_a_person_of_an_organisation(lang: str, text: str, needle: str, speaker: str) -> None:
    assert quote_containing(text, lang, needle).speaker == speaker


def test_a_misspelt_title_before_of_is_not_a_person() -> None:
    text = ("The former secretary spoke first. Former Secretery of State Ada Voss clashed "
            'with the board, chiding them: "What difference does it make?"')
    speaker = quote_containing(text, "en", "difference").speaker
    assert speaker is not None
    assert speaker.endswith("Ada Voss")
