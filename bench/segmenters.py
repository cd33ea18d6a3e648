"""Which word segmentation lets a search over Chinese, Japanese, Korean and Thai transcripts find every passage.

    python bench/segmenters.py                 # every approach installed, every language
    python bench/segmenters.py --lang ja -v    # one language, listing each passage missed or wrongly found
    python bench/segmenters.py --audit         # the test set: where each query's characters occur, what counts
    python bench/segmenters.py --no-startup    # skip the fresh-process start-up timings

Why it exists: these four languages are written without spaces between words, so an index has to cut text into
terms before a query can find it. Two families are compared on one test set written for the purpose and embedded
below (short news-transcript passages, queries a native speaker would type, and the passages that truly contain each
query as a word):

* character bigrams in the manner of Lucene's CJKBigramFilter (Han, Hiragana, Katakana, Hangul; for Thai, bigrams
  of grapheme clusters: a base character with its combining vowel and tone marks), written here in plain Python, in
  three variants: pure bigrams (a lone character is dropped), ``+iso`` (a lone character between non-CJK characters
  becomes a unigram, as Lucene does), ``+uni`` (every character is also indexed as a unigram, and a one-character
  query searches those);
* dictionary segmenters: jieba and rjieba (Chinese), SudachiPy with sudachidict_core in split modes A and C and
  fugashi with unidic-lite (Japanese), kiwipiepy (Korean, morphemes) and pythainlp's newmm (Thai).

The query is analysed as the passage is, and matches when its terms occur consecutively (a phrase). Text is NFKC
normalised and lower-cased first for every approach (with Thai SARA AM recomposed: NFKC splits it into NIKHAHIT +
SARA AA, which breaks dictionary look-up).

Measured per approach and language: recall and precision of the passages found (micro-averaged over
query-passage pairs) and how many queries find all their passages; indexing speed (characters per second, passage
by passage, best of 3 passes over about 1 MB of UTF-8 made by repeating the passages); start-up (import,
construction and a first call in a fresh process, median of 5 after one warm-up run, minus ``python -c pass``);
size on disk of the distributions and their dependencies (du of what each installs in site-packages); license from
the package metadata. Libraries that are not installed are skipped and said so. Nothing here downloads anything:
each library's data ships in its wheel (jieba does write a cache of its dictionary to /tmp/jieba.cache on its first
run, which the warm-up run creates, and pythainlp creates an empty ~/pythainlp-data on import).

Set up (a separate venv; none of this is a dependency of the project):

    python3 -m venv /tmp/segvenv && . /tmp/segvenv/bin/activate
    pip install jieba rjieba sudachipy sudachidict_core fugashi unidic-lite kiwipiepy pythainlp

Truth is the author's judgement of "contains the word as a word": a compound whose part keeps its meaning counts
(北京 in 北京市, 정부 in 정부가, 雨 in 大雨), characters that only happen to be adjacent do not (京都 in 東京都,
研究生 in 研究生命, 인도 in 인도네시아, ยก in นายก, 油 in 加油). ``--audit`` lists both kinds for every query.
"""

from __future__ import annotations

import re
import sys
import unicodedata

# ---------------------------------------------------------------------------------------------------------------
# The test set. Passages are numbered from 0 in each language; each query lists the passages that contain it as a
# word. A comment names the passages that contain the characters but not the word (the decoys, for precision).
# ---------------------------------------------------------------------------------------------------------------

PASSAGES: dict[str, list[str]] = {
    "zh": [
        "国家主席习近平今天在人民大会堂会见了来访的法国总统马克龙，双方就中法关系和乌克兰局势交换了意见。",  # 0
        "美国总统特朗普宣布对中国进口商品加征百分之二十的关税，商务部发言人表示中方将采取必要措施。",  # 1
        "受台风影响，广东沿海地区今天出现暴雨，气象部门提醒市民注意防范。",  # 2
        "北京市政府发布通知，明天起全市中小学恢复线下教学。",  # 3
        "中国人民银行宣布下调存款准备金率零点五个百分点，释放长期资金约一万亿元。",  # 4
        "国务院总理李强在达沃斯论坛上发表演讲，强调中国经济长期向好的基本面没有改变。",  # 5
        "科学家正在研究生命起源的问题，相关论文发表在《自然》杂志上。",  # 6
        "南京市长江大桥今天起封闭施工，过江车辆请绕行。",  # 7
        "最近猪肉价格持续上涨，国家发改委表示将投放储备猪肉稳定市场。",  # 8
        "在昨晚的比赛中，中国队加油声响彻全场，最终以二比一战胜对手。",  # 9
        "国际油价连续三天下跌，国内成品油价格有望下调。",  # 10
        "今年高校毕业生人数再创新高，多地出台政策帮助大学生就业。",  # 11
        "他说，结婚的和尚未结婚的员工都可以申请这项补贴。",  # 12
        "寒潮南下，连北京都下起了大雪，气温降到零下十度。",  # 13
        "日本首相石破茂在京都出席了一场国际会议，讨论人工智能的监管问题。",  # 14
        "俄罗斯和乌克兰代表在伊斯坦布尔举行新一轮谈判。",  # 15
        "人工智能芯片出口管制进一步收紧，多家企业股价下跌。",  # 16
        "本届G20峰会将在南非举行，各国领导人将讨论全球经济和气候变化。",  # 17
        "外交部发言人毛宁在例行记者会上回答了关于朝鲜问题的提问。",  # 18
        "今天上午，一场大雨让城市多处道路积水，交通一度中断。",  # 19
        "大学生活丰富多彩，很多同学参加了志愿者活动。",  # 20
    ],
    "ja": [
        "トランプ大統領は記者会見で、日本からの輸入品に関税を課す方針を明らかにした。",  # 0
        "石破総理大臣は国会で、物価高対策として新たな経済対策をまとめる考えを示しました。",  # 1
        "東京都の小池知事は、都内の新型コロナウイルスの感染者数が増加していると述べました。",  # 2
        "京都市内では紅葉シーズンを迎え、多くの観光客でにぎわっています。",  # 3
        "外国人参政権をめぐる議論が国会で続いています。",  # 4
        "日銀は金融政策決定会合で、政策金利を据え置くことを決めました。",  # 5
        "外国為替市場では円安が進み、一時一ドル百六十円台をつけました。",  # 6
        "気象庁によりますと、台風十号の影響で九州では大雨となっています。",  # 7
        "今朝、関東地方で震度四の地震がありました。津波の心配はありません。",  # 8
        "国会議員の政治資金をめぐる問題で、検察が捜査を進めています。",  # 9
        "大阪・関西万博の来場者数が一千万人を超えました。",  # 10
        "政府は、コメの価格高騰を受けて備蓄米を放出すると発表しました。",  # 11
        "日経平均株価は前日比五百円高で取引を終えました。",  # 12
        "交渉は円滑に進み、両国の首脳は共同声明に署名しました。",  # 13
        "雨の中、多くの人が投票所に足を運びました。参議院選挙の投票率は五十二パーセントでした。",  # 14
        "北海道では今シーズン初めての雪が観測されました。",  # 15
        "アメリカのバイデン前大統領が来日し、岸田前総理と会談しました。",  # 16
        "人参や玉ねぎなどの野菜の値上げが家計を直撃しています。",  # 17
        "中国外務省の報道官は、日本の対応に強い不満を表明しました。",  # 18
        "ＡＩを使った詐欺の被害が相次いでいると、警察が注意を呼びかけています。",  # 19
    ],
    "ko": [
        "윤석열 전 대통령이 오늘 헌법재판소에 출석해 직접 변론했습니다.",  # 0
        "정부가 내년 예산안을 국회에 제출했습니다.",  # 1
        "이재명 대통령은 미국의 트럼프 대통령과 정상회담을 가졌습니다.",  # 2
        "한국은행이 기준금리를 0.25%포인트 인하했습니다.",  # 3
        "북한이 동해상으로 탄도미사일을 발사했다고 합동참모본부가 밝혔습니다.",  # 4
        "서울시는 내일부터 버스 요금을 인상한다고 발표했습니다.",  # 5
        "태풍의 영향으로 남부 지방에 폭우가 쏟아졌습니다.",  # 6
        "오늘 밤부터 전국에 비가 내리겠습니다.",  # 7
        "정부는 비상경제회의를 열고 물가 안정 대책을 논의했습니다.",  # 8
        "행사 준비에 드는 비용은 모두 시에서 부담합니다.",  # 9
        "인도네시아에서 규모 6.2의 지진이 발생했습니다.",  # 10
        "인도와 파키스탄의 긴장이 고조되고 있습니다.",  # 11
        "제2차 세계대전이 끝난 지 80년이 지났습니다.",  # 12
        "대전에서 열린 과학 축제에 많은 시민들이 찾았습니다.",  # 13
        "이란 외무장관은 핵 협상을 재개할 뜻이 있다고 말했습니다.",  # 14
        "진정한 정치인이란 국민의 목소리에 귀를 기울이는 사람입니다.",  # 15
        "수도권 집값이 다시 오르고 있습니다.",  # 16
        "노동조합이 도심에서 대규모 집회를 열었습니다.",  # 17
        "국회의원들은 새 법안 처리를 놓고 밤샘 협상을 벌였습니다.",  # 18
        "전문가들은 문제를 해결할 방법을 찾아야 한다고 지적했습니다.",  # 19
        "코로나19 이후 경제가 회복세를 보이고 있습니다.",  # 20
        "중국 정부의 발표에 따르면 올해 경제성장률은 5%입니다.",  # 21
        "주말에는 전국에 비 소식이 있겠습니다.",  # 22
    ],
    "th": [
        "นายกรัฐมนตรีแถลงข่าวที่ทำเนียบรัฐบาลเมื่อเช้านี้",  # 0
        "รัฐบาลประกาศมาตรการช่วยเหลือเกษตรกรที่ได้รับผลกระทบจากน้ำท่วม",  # 1
        "กรมอุตุนิยมวิทยาเตือนว่าจะมีฝนตกหนักในภาคเหนือ",  # 2
        "ราคาน้ำมันในตลาดโลกปรับตัวลดลงเป็นวันที่สาม",  # 3
        "ประธานาธิบดีทรัมป์ประกาศขึ้นภาษีสินค้านำเข้าจากจีน",  # 4
        "ตำรวจจับกุมผู้ต้องหาคดียาเสพติดได้ที่จังหวัดตาก",  # 5
        "กรุงเทพมหานครเตรียมรับมือน้ำท่วมในช่วงฤดูฝน",  # 6
        "คณะกรรมการการเลือกตั้งประกาศผลการเลือกตั้งอย่างเป็นทางการ",  # 7
        "ธนาคารแห่งประเทศไทยคงอัตราดอกเบี้ยนโยบายไว้ที่ร้อยละสองจุดห้า",  # 8
        "นักท่องเที่ยวต่างชาติเดินทางเข้ากรุงเทพฯ เพิ่มขึ้นอย่างต่อเนื่อง",  # 9
        "เด็ก ๆ ไปตากลมที่ชายหาดหลังเลิกเรียน",  # 10
        "เศรษฐกิจไทยในไตรมาสแรกขยายตัวร้อยละสาม",  # 11
        "เกิดเหตุไฟไหม้โรงงานในจังหวัดสมุทรปราการ",  # 12
        "ผู้ป่วยโควิดเพิ่มขึ้นหลังเทศกาลสงกรานต์",  # 13
        "แพทย์แนะนำให้ดื่มน้ำวันละแปดแก้ว",  # 14
        "นายกเทศมนตรีเมืองพัทยาลงพื้นที่ตรวจสอบชายหาด",  # 15
        "สหรัฐอเมริกาและจีนเริ่มเจรจาการค้ารอบใหม่",  # 16
        "ผู้ว่าราชการจังหวัดเชียงใหม่สั่งปิดโรงเรียนเพราะฝุ่น PM2.5 เกินมาตรฐาน",  # 17
        "ชาวนาในภาคอีสานเริ่มปลูกข้าวหลังฝนแรกของปี",  # 18
        "นานาชาติแสดงความกังวลต่อสถานการณ์ในเมียนมา",  # 19
        "ตลาดหุ้นไทยปิดตลาดวันนี้ปรับตัวขึ้นสิบจุด",  # 20
    ],
}

QUERIES: dict[str, list[tuple[str, set[int]]]] = {
    "zh": [
        ("习近平", {0}),
        ("特朗普", {1}),
        ("马克龙", {0}),
        ("李强", {5}),
        ("石破茂", {14}),
        ("毛宁", {18}),
        ("北京", {3, 13}),
        ("北京市", {3}),
        ("京都", {14}),  # not 13: 北京|都
        ("南京", {7}),
        ("市长", set()),  # not 7: 南京市|长江大桥
        ("长江", {7}),
        ("长江大桥", {7}),
        ("研究生", set()),  # not 6: 研究|生命
        ("生命", {6}),
        ("和尚", set()),  # not 12: 和|尚未
        ("尚未", {12}),
        ("结婚", {12}),
        ("关税", {1}),
        ("税", {1}),
        ("台风", {2}),
        ("暴雨", {2}),
        ("雨", {2, 19}),
        ("猪肉", {8}),
        ("猪", {8}),
        ("油", {10}),  # not 9: 加油 (cheering)
        ("油价", {10}),
        ("加油", {9}),
        ("中国人民银行", {4}),
        ("人民银行", {4}),
        ("银行", {4}),
        ("经济", {5, 17}),
        ("中国", {1, 4, 5, 9}),
        ("乌克兰", {0, 15}),
        ("俄罗斯", {15}),
        ("人工智能", {14, 16}),
        ("芯片", {16}),
        ("G20", {17}),
        ("峰会", {17}),
        ("大学生", {11}),  # not 20: 大学|生活
        ("学生", {11}),  # not 20: 大学|生活
        ("毕业生", {11}),
        ("记者会", {18}),
        ("发言人", {1, 18}),
        ("股价", {16}),
        ("下跌", {10, 16}),
        ("朝鲜", {18}),
        ("气候变化", {17}),
        ("准备金", {4}),
        ("国务院", {5}),
        ("发改委", {8}),
        ("欧盟", set()),
    ],
    "ja": [
        ("トランプ", {0}),
        ("大統領", {0, 16}),
        ("記者会見", {0}),
        ("会見", {0}),
        ("関税", {0}),
        ("石破", {1}),
        ("総理", {1, 16}),
        ("国会", {1, 4, 9}),
        ("会議", set()),  # not 9: 国会|議員
        ("議員", {9}),
        ("東京", {2}),
        ("東京都", {2}),
        ("京都", {3}),  # not 2: 東京|都
        ("小池", {2}),
        ("都内", {2}),
        ("新型コロナ", {2}),
        ("コロナ", {2}),
        ("ウイルス", {2}),
        ("人参", {17}),  # not 4: 外国人|参政権
        ("参政権", {4}),
        ("外国人", {4}),
        ("日銀", {5}),
        ("金利", {5}),
        ("円安", {6}),
        ("円", {6, 12}),  # not 13: 円滑
        ("台風", {7}),
        ("大雨", {7}),
        ("雨", {7, 14}),
        ("雪", {15}),
        ("地震", {8}),
        ("津波", {8}),
        ("大阪", {10}),
        ("万博", {10}),
        ("コメ", {11}),
        ("米", {11}),
        ("政府", {11}),
        ("発表", {11}),
        ("株価", {12}),
        ("署名", {13}),
        ("選挙", {14}),
        ("投票", {14}),
        ("北海道", {15}),
        ("バイデン", {16}),
        ("岸田", {16}),
        ("値上げ", {17}),
        ("野菜", {17}),
        ("中国", {18}),
        ("日本", {0, 18}),
        ("AI", {19}),
        ("詐欺", {19}),
        ("警察", {19}),
        ("政治資金", {9}),
    ],
    "ko": [
        ("윤석열", {0}),
        ("대통령", {0, 2}),
        ("이재명", {2}),
        ("트럼프", {2}),
        ("미국", {2}),
        ("정부", {1, 8, 21}),  # 정부가, 정부는, 정부의
        ("정상회담", {2}),
        ("국회", {1, 18}),
        ("국회의원", {18}),
        ("헌법재판소", {0}),
        ("헌법", {0}),
        ("법", {0, 18}),  # not 19: 방법 (method)
        ("법안", {18}),
        ("예산", {1}),
        ("한국은행", {3}),
        ("금리", {3}),
        ("북한", {4}),
        ("미사일", {4}),
        ("서울", {5}),
        ("버스", {5}),
        ("요금", {5}),
        ("태풍", {6}),
        ("폭우", {6}),
        ("비", {7, 22}),  # not 8: 비상 (emergency), not 9: 준비 (preparation), 비용 (cost)
        ("비용", {9}),
        ("경제", {8, 20, 21}),
        ("물가", {8}),
        ("인도", {11}),  # not 10: 인도네시아
        ("인도네시아", {10}),
        ("지진", {10}),
        ("대전", {13}),  # not 12: 세계대전 (world war)
        ("세계대전", {12}),
        ("이란", {14}),  # not 15: 정치인이란 (particle)
        ("수도", {16}),
        ("집값", {16}),
        ("집", {16}),  # not 17: 집회 (rally)
        ("집회", {17}),
        ("코로나", {20}),
        ("중국", {21}),
        ("발표", {5, 21}),
        ("일본", set()),
    ],
    "th": [
        ("นายกรัฐมนตรี", {0}),
        ("ทำเนียบรัฐบาล", {0}),
        ("รัฐบาล", {0, 1}),
        ("แถลงข่าว", {0}),
        ("ข่าว", {0}),
        ("มาตรการ", {1}),
        ("เกษตรกร", {1}),
        ("น้ำท่วม", {1, 6}),
        ("น้ำ", {1, 6, 14}),  # not 3: น้ำมัน (oil)
        ("น้ำมัน", {3}),
        ("ฝน", {2, 6, 18}),
        ("ฝนตก", {2}),
        ("ทรัมป์", {4}),
        ("ภาษี", {4}),
        ("จีน", {4, 16}),
        ("สหรัฐ", {16}),
        ("ตำรวจ", {5}),
        ("จังหวัด", {5, 12, 17}),
        ("ตา", set()),  # eye; not 5: ตาก (Tak), not 10: ตาก|ลม
        ("กลม", set()),  # round; not 10: ตาก|ลม
        ("ลม", {10}),
        ("ยก", set()),  # lift; not 0, 15: นายก
        ("กรุงเทพ", {6, 9}),
        ("เลือกตั้ง", {7}),
        ("การเลือกตั้ง", {7}),
        ("ดอกเบี้ย", {8}),
        ("ธนาคาร", {8}),
        ("ไทย", {8, 11, 20}),
        ("ประเทศไทย", {8}),
        ("นักท่องเที่ยว", {9}),
        ("ท่องเที่ยว", {9}),
        ("ต่างชาติ", {9}),
        ("ชาติ", {9, 19}),
        ("เศรษฐกิจ", {11}),
        ("ไฟไหม้", {12}),
        ("โรงงาน", {12}),
        ("โควิด", {13}),
        ("สงกรานต์", {13}),
        ("ชายหาด", {10, 15}),
        ("พัทยา", {15}),
        ("เชียงใหม่", {17}),
        ("ฝุ่น", {17}),
        ("PM2.5", {17}),
        ("ข้าว", {18}),
        ("ชาวนา", {18}),
        ("เมียนมา", {19}),
        ("หุ้น", {20}),
        ("ตลาด", {3, 20}),
        ("เวียดนาม", set()),
    ],
}

LANGS = ("zh", "ja", "ko", "th")


def normalise(text: str) -> str:
    """NFKC and lower case, as an index would do before any segmenter; Thai SARA AM put back together."""
    return unicodedata.normalize("NFKC", text).replace("\u0e4d\u0e32", "\u0e33").lower()


# ---------------------------------------------------------------------------------------------------------------
# Character bigrams. Self-contained (its imports inside) so that its source can be timed in a fresh process too.
# ---------------------------------------------------------------------------------------------------------------


def bigram_analyzer(mode: str):
    """Return (index, query) functions for CJK/Thai bigrams; mode is "bigram", "iso" or "uni".

    Runs of Han, Kana and Hangul characters (and, separately, of Thai grapheme clusters) become overlapping bigrams;
    other letters and digits become whole lower-cased words. A run of one character is dropped ("bigram"), becomes
    a unigram in place ("iso", Lucene's CJKBigramFilter), or, in "uni", every character is also indexed as a unigram
    after a separator, and a query that is a single character searches those.
    """
    import itertools
    import re

    han = "\u3005\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
    kana = "\u3040-\u309f\u30a0-\u30fa\u30fc-\u30ff\u31f0-\u31ff"  # not U+30FB, the katakana middle dot
    hangul = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
    cjk = han + kana + hangul
    thai = "\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e"  # letters, vowels, marks; not ฯ, ๆ, digits
    runs = re.compile(f"([{cjk}]+)|([{thai}]+)|([^\\W_{cjk}{thai}]+)")
    clusters = re.compile("[\u0e01-\u0e4e][\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]*")

    def analyse(text: str, query: bool) -> list[str]:
        grams: list[str] = []
        unis: list[str] = []
        for m in runs.finditer(text.lower()):
            if m.group(3):
                grams.append(m.group(3))
                continue
            units = list(m.group(1)) if m.group(1) else clusters.findall(m.group(2))
            if len(units) == 1:
                if mode == "iso":
                    grams.append(units[0])
            else:
                grams.extend(a + b for a, b in itertools.pairwise(units))
            if mode == "uni":
                unis.extend(units)
        if mode != "uni":
            return grams
        if query:
            return unis if len(unis) == 1 and not grams else grams
        return [*grams, "\x00", *unis]

    def index(text: str) -> list[str]:
        return analyse(text, False)

    def query(text: str) -> list[str]:
        return analyse(text, True)

    return index, query


# ---------------------------------------------------------------------------------------------------------------
# The approaches. Each setup is code that defines index() and query(); run in this process for the measurements and
# in a fresh one for the start-up time, so that both time the same thing.
# ---------------------------------------------------------------------------------------------------------------


def _bigram_setup(mode: str) -> str:
    import inspect

    return inspect.getsource(bigram_analyzer) + f"index, query = bigram_analyzer({mode!r})\n"


SAME = "query = index\n"
APPROACHES: list[dict] = [
    {"name": "bigram", "langs": LANGS, "modules": [], "dists": [], "setup": _bigram_setup("bigram")},
    {"name": "bigram+iso", "langs": LANGS, "modules": [], "dists": [], "setup": _bigram_setup("iso")},
    {"name": "bigram+uni", "langs": LANGS, "modules": [], "dists": [], "setup": _bigram_setup("uni")},
    {
        "name": "jieba",
        "langs": ("zh",),
        "modules": ["jieba"],
        "dists": ["jieba"],
        "setup": "import jieba\njieba.setLogLevel(60)\nindex = jieba.lcut\n" + SAME,
    },
    {
        "name": "rjieba",
        "langs": ("zh",),
        "modules": ["rjieba"],
        "dists": ["rjieba"],
        "setup": "import rjieba\nindex = rjieba.cut\n" + SAME,
    },
    {
        "name": "sudachi-A",
        "langs": ("ja",),
        "modules": ["sudachipy", "sudachidict_core"],
        "dists": ["sudachipy", "sudachidict_core"],
        "setup": "from sudachipy import Dictionary, SplitMode\n"
        "_t = Dictionary(dict='core').tokenizer(mode=SplitMode.A)\n"
        "def index(text):\n    return [m.surface() for m in _t.tokenize(text)]\n" + SAME,
    },
    {
        "name": "sudachi-C",
        "langs": ("ja",),
        "modules": ["sudachipy", "sudachidict_core"],
        "dists": ["sudachipy", "sudachidict_core"],
        "setup": "from sudachipy import Dictionary, SplitMode\n"
        "_t = Dictionary(dict='core').tokenizer(mode=SplitMode.C)\n"
        "def index(text):\n    return [m.surface() for m in _t.tokenize(text)]\n" + SAME,
    },
    {
        "name": "fugashi",
        "langs": ("ja",),
        "modules": ["fugashi", "unidic_lite"],
        "dists": ["fugashi", "unidic-lite"],
        "setup": "import fugashi\n_t = fugashi.Tagger()\ndef index(text):\n    return [w.surface for w in _t(text)]\n"
        + SAME,
    },
    {
        "name": "kiwi",
        "langs": ("ko",),
        "modules": ["kiwipiepy"],
        "dists": ["kiwipiepy"],
        "setup": "from kiwipiepy import Kiwi\n_k = Kiwi()\n"
        "def index(text):\n    return [t.form for t in _k.tokenize(text)]\n" + SAME,
    },
    {
        "name": "newmm",
        "langs": ("th",),
        "modules": ["pythainlp"],
        "dists": ["pythainlp"],
        "setup": "from pythainlp.tokenize import word_tokenize\n"
        "def index(text):\n    return word_tokenize(text, engine='newmm', keep_whitespace=False)\n" + SAME,
    },
]


def build(approach: dict):
    """The approach's (index, query) functions, dictionary tokens cleaned of spaces and punctuation, lower-cased."""
    namespace: dict = {}
    exec(approach["setup"], namespace)
    index, query = namespace["index"], namespace["query"]
    if not approach["dists"]:
        return index, query

    def clean(fn):
        return lambda text: [t.lower() for t in fn(text) if any(c.isalnum() for c in t)]

    return clean(index), clean(query)


# ---------------------------------------------------------------------------------------------------------------
# Measurements.
# ---------------------------------------------------------------------------------------------------------------


def is_phrase(needle: list[str], hay: list[str]) -> bool:
    if not needle:
        return False
    n = len(needle)
    first = needle[0]
    return any(hay[i] == first and hay[i : i + n] == needle for i in range(len(hay) - n + 1))


def truth_check() -> None:
    """Each passage named true must at least contain the query's characters."""
    for lang in LANGS:
        texts = [normalise(p) for p in PASSAGES[lang]]
        for q, true in QUERIES[lang]:
            for i in true:
                assert normalise(q) in texts[i], f"{lang} {q!r}: passage {i} does not contain it"


def quality(index, query, lang: str, verbose: str) -> dict:
    docs = [index(normalise(p)) for p in PASSAGES[lang]]
    hits = found = wrong = all_found = with_truth = 0
    for q, true in QUERIES[lang]:
        terms = query(normalise(q))
        got = {i for i, d in enumerate(docs) if is_phrase(terms, d)}
        hits += len(got & true)
        wrong += len(got - true)
        found += len(got)
        if true:
            with_truth += 1
            all_found += true <= got
        if verbose and got != true:
            missed, extra = sorted(true - got), sorted(got - true)
            print(f"    {verbose} {lang} {q!r} -> {terms}: missed {missed} wrongly found {extra}")
    total = sum(len(t) for _, t in QUERIES[lang])
    return {
        "recall": hits / total if total else 1.0,
        "precision": hits / found if found else 1.0,
        "all_found": all_found,
        "with_truth": with_truth,
        "wrong": wrong,
    }


def speed(index, lang: str, target_bytes: int = 1_000_000, passes: int = 3) -> float:
    """Characters per second, the best of a few passes over about 1 MB, passage by passage."""
    import time

    texts = [normalise(p) for p in PASSAGES[lang]]
    corpus: list[str] = []
    size = 0
    while size < target_bytes:
        for t in texts:
            corpus.append(t)
            size += len(t.encode("utf-8"))
    chars = sum(len(t) for t in corpus)
    best = float("inf")
    for _ in range(passes):
        start = time.perf_counter()
        for t in corpus:
            index(t)
        best = min(best, time.perf_counter() - start)
    return chars / best


def _seconds(code: str) -> float:
    import subprocess
    import time

    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def startup_ms(code: str, runs: int = 5) -> tuple[float, float]:
    """Median ms of a fresh process running code, and of ``python -c pass``, the two interleaved.

    One warm-up run first (file cache; jieba writes its own cache file). Interleaving makes the difference, which is
    what is reported, less sensitive to whatever else the machine is doing.
    """
    import statistics

    _seconds(code)
    pairs = [(_seconds(code), _seconds("pass")) for _ in range(runs)]
    return statistics.median(c for c, _ in pairs) * 1000, statistics.median(p for _, p in pairs) * 1000


def _closure(names: list[str]) -> list:
    """The installed distributions named and those they require (extras left out)."""
    from importlib import metadata

    seen: dict[str, metadata.Distribution] = {}
    todo = list(names)
    while todo:
        name = re.sub(r"[-_.]+", "-", todo.pop()).lower()
        if name in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[name] = dist
        for req in dist.requires or []:
            if ";" in req and "extra" in req.split(";", 1)[1]:
                continue
            todo.append(re.match(r"[A-Za-z0-9._-]+", req).group(0))
    return list(seen.values())


def _du(path) -> int:
    import os

    if path.is_file():
        return path.stat().st_blocks * 512
    total = 0
    for root, _dirs, files in os.walk(path):
        for f in files:
            p = os.path.join(root, f)
            if not os.path.islink(p):
                total += os.stat(p).st_blocks * 512
    return total


def size_and_license(approach: dict) -> tuple[float, str]:
    """Megabytes on disk of everything the distributions put in site-packages, and their licenses."""
    tops = set()
    licenses = []
    for dist in _closure(approach["dists"]):
        site = dist.locate_file("")
        for f in dist.files or []:
            if f.parts and f.parts[0] != "..":
                tops.add(site / f.parts[0])
        meta = dist.metadata
        lic = meta.get("License-Expression") or meta.get("License") or ""
        if not lic or len(lic) > 80:  # the License field sometimes holds the whole text
            classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License")]
            lic = ", ".join(classifiers) or "?"
        licenses.append(f"{meta['Name']}: {lic.replace(' License', '')}")
    if not approach["dists"]:
        return 0.0, "this script (stdlib only)"
    return sum(_du(p) for p in tops if p.exists()) / 1e6, "; ".join(licenses)


def audit() -> None:
    for lang in LANGS:
        texts = [normalise(p) for p in PASSAGES[lang]]
        print(f"== {lang}: {len(texts)} passages, {len(QUERIES[lang])} queries")
        for q, true in QUERIES[lang]:
            contains = {i for i, t in enumerate(texts) if normalise(q) in t}
            decoys = sorted(contains - true)
            print(f"  {q!r}: true {sorted(true)}" + (f"  decoys (characters, not the word) {decoys}" if decoys else ""))


def main(argv: list[str] | None = None) -> int:
    import argparse
    import importlib.util

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--lang", choices=LANGS, action="append", help="only this language (repeatable)")
    parser.add_argument("--approach", action="append", help="only this approach (repeatable)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every passage missed or wrongly found")
    parser.add_argument("--audit", action="store_true", help="print the test set's truth and decoys, then stop")
    parser.add_argument("--no-startup", action="store_true", help="skip the fresh-process start-up timings")
    parser.add_argument("--no-speed", action="store_true", help="skip the indexing speed")
    args = parser.parse_args(argv)

    truth_check()
    if args.audit:
        audit()
        return 0
    langs = args.lang or list(LANGS)
    nq = {lang: len(QUERIES[lang]) for lang in langs}
    npass = {lang: len(PASSAGES[lang]) for lang in langs}
    print(f"test set: passages {npass}, queries {nq}; python {sys.version.split()[0]}")

    rows = []
    licenses = {}
    for approach in APPROACHES:
        if args.approach and approach["name"] not in args.approach:
            continue
        targets = [lang for lang in approach["langs"] if lang in langs]
        if not targets:
            continue
        missing = [m for m in approach["modules"] if importlib.util.find_spec(m) is None]
        if missing:
            print(f"skipped {approach['name']}: {', '.join(missing)} not installed")
            continue
        index, query = build(approach)
        index("warm up")
        boot = None
        if not args.no_startup:
            sample = PASSAGES[targets[0]][0]
            full, bare = startup_ms(approach["setup"] + f"index({sample!r})\n")
            boot = full - bare
            print(f"start-up {approach['name']}: {full:.0f} ms, python -c pass {bare:.0f} ms")
        size, licenses[approach["name"]] = size_and_license(approach)
        for lang in targets:
            q = quality(index, query, lang, args.verbose and approach["name"])
            cps = None if args.no_speed else speed(index, lang)
            rows.append((lang, approach["name"], q, cps, boot, size))

    print()
    header = f"{'lang':4} {'approach':11} {'recall':>6} {'prec':>6} {'all found':>9} {'wrong':>5}"
    print(header + f" {'kchar/s':>8} {'start ms':>8} {'MB':>6}")
    for lang, name, q, cps, boot, size in sorted(rows, key=lambda r: langs.index(r[0])):
        line = f"{lang:4} {name:11} {q['recall']:6.3f} {q['precision']:6.3f} {q['all_found']:>4}/{q['with_truth']:<4}"
        line += f" {q['wrong']:>5} {'-' if cps is None else f'{cps / 1000:.0f}':>8}"
        line += f" {'-' if boot is None else f'{boot:.0f}':>8} {size:6.1f}"
        print(line)
    print("\nall found: queries whose every true passage was found; wrong: passages found that are not true")
    print("licenses:")
    for name, lic in licenses.items():
        print(f"  {name}: {lic}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
