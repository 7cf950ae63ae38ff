"""Project-owned table of variant kanji (異体字) folded together in name search keys.

Why a table of our own: Unicode normalisation does not fold these pairs (髙 U+9AD9 and 高
U+9AD8 are separate unified ideographs; 﨑 U+FA11 is a compatibility-block ideograph *without*
a decomposition, so NFC/NFKC keep it), yet staff type 高橋 when the register says 髙橋. Every
row below was reviewed by hand against common Japanese name usage and the 異体字 families in
public lists (e.g. camelmasa/itaiji ``itaiji_list.yml``, ja-itaiji); extend it from the 文字情報基盤
MJ縮退マップ when a municipality reports a missed match.

Rules for editing:

* one row per variant: ``(variant, base, example)``; the base is the common 常用/人名用 form;
* a base must never appear as a variant (no chains), and both sides must be NFKC-stable, since
  the key is built after NFKC (compatibility ideographs such as 神 U+FA19 are already folded by
  NFKC and do not belong here);
* the fold is for *matching only*: stored names, letters and official documents keep the
  registered characters.

斎 and 斉 are strictly different families (齋→斎, 齊→斉), but in names they are confused all the
time (斎藤・斉藤・齋藤・齊藤 are one さいとう family to a caller spelling it on the phone), so for
matching the four fold to 斉, as the project's requirements say (齋・齊→斉). Stored names are
untouched, so nothing is lost by folding generously here.
"""

from types import MappingProxyType

#: (variant, base, example of use in a name)
ITAIJI_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("髙", "高", "髙橋"),  # U+9AD9→U+9AD8
    ("﨑", "崎", "山﨑"),  # U+FA11→U+5D0E (compatibility block, no decomposition)
    ("嵜", "崎", "山嵜"),  # U+5D5C→U+5D0E
    ("邊", "辺", "渡邊"),  # U+908A→U+8FBA
    ("邉", "辺", "渡邉"),  # U+9089→U+8FBA
    ("齋", "斉", "齋藤"),  # U+9F4B→U+6589 (via 斎, folded with 斉 for matching)
    ("斎", "斉", "斎藤"),  # U+658E→U+6589 (different family, confused in names)
    ("齊", "斉", "齊藤"),  # U+9F4A→U+6589
    ("澤", "沢", "澤田"),  # U+6FA4→U+6CA2
    ("濱", "浜", "濱田"),  # U+6FF1→U+6D5C
    ("濵", "浜", "濵田"),  # U+6FF5→U+6D5C
    ("廣", "広", "廣瀬"),  # U+5EE3→U+5E83
    ("𠮷", "吉", "𠮷田"),  # U+20BB7→U+5409 (outside the BMP)
    ("德", "徳", "德永"),  # U+5FB7→U+5FB3
    ("櫻", "桜", "櫻井"),  # U+6AFB→U+685C
    ("國", "国", "國分"),  # U+570B→U+56FD
    ("圀", "国", "光圀"),  # U+5700→U+56FD
    ("壽", "寿", "壽子"),  # U+58FD→U+5BFF
    ("惠", "恵", "惠子"),  # U+60E0→U+6075
    ("藏", "蔵", "藏本"),  # U+85CF→U+8535
    ("邨", "村", "中邨"),  # U+90A8→U+6751
    ("嶋", "島", "中嶋"),  # U+5D8B→U+5CF6
    ("嶌", "島", "中嶌"),  # U+5D8C→U+5CF6
    ("峯", "峰", "峯岸"),  # U+5CEF→U+5CF0
    ("冨", "富", "冨田"),  # U+51A8→U+5BCC
    ("眞", "真", "眞理"),  # U+771E→U+771F
    ("龍", "竜", "龍也"),  # U+9F8D→U+7ADC
    ("槇", "槙", "槇原"),  # U+69C7→U+69D9
    ("螢", "蛍", "螢子"),  # U+87A2→U+86CD
    ("瀨", "瀬", "瀨戸"),  # U+7028→U+702C
    ("彌", "弥", "彌生"),  # U+5F4C→U+5F25
    ("與", "与", "與那覇"),  # U+8207→U+4E0E
    ("實", "実", "實"),  # U+5BE6→U+5B9F
    ("條", "条", "北條"),  # U+689D→U+6761
    ("禮", "礼", "禮子"),  # U+79AE→U+793C
    ("萬", "万", "萬田"),  # U+842C→U+4E07
    ("淺", "浅", "淺野"),  # U+6DFA→U+6D45
    ("增", "増", "增田"),  # U+589E→U+5897
    ("靜", "静", "靜香"),  # U+975C→U+9759
    ("會", "会", "會田"),  # U+6703→U+4F1A
    ("應", "応", "應"),  # U+61C9→U+5FDC
    ("將", "将", "將太"),  # U+5C07→U+5C06
    ("﨔", "欅", "﨔"),  # U+FA14→U+6B05 (compatibility block, no decomposition)
    ("澁", "渋", "澁谷"),  # U+6F81→U+6E0B
    ("鐵", "鉄", "鐵男"),  # U+9435→U+9244
    ("舘", "館", "舘野"),  # U+8218→U+9928
    ("栁", "柳", "栁田"),  # U+6801→U+67F3
    ("曾", "曽", "曾根"),  # U+66FE→U+66FD
    ("莊", "荘", "莊司"),  # U+838A→U+8358
    ("圓", "円", "圓谷"),  # U+5713→U+5186
    ("稻", "稲", "稻葉"),  # U+7A3B→U+7A32
    ("桒", "桑", "桒原"),  # U+6852→U+6851
    ("黑", "黒", "黑田"),  # U+9ED1→U+9ED2
    ("靑", "青", "靑木"),  # U+9751→U+9752
    ("淸", "清", "淸水"),  # U+6DF8→U+6E05
    ("戶", "戸", "戶田"),  # U+6236→U+6238
    ("槗", "橋", "髙槗"),  # U+69D7→U+6A4B
    ("嶽", "岳", "嶽"),  # U+5DBD→U+5CB3
    ("巖", "巌", "巖"),  # U+5DD6→U+5DCC
    ("榮", "栄", "榮一"),  # U+69AE→U+6804
    ("恆", "恒", "恆夫"),  # U+6046→U+6052
    ("兒", "児", "兒玉"),  # U+5152→U+5150
    ("薰", "薫", "薰"),  # U+85B0→U+85AB
    ("豐", "豊", "豐田"),  # U+8C50→U+8C4A
    ("亞", "亜", "亞希子"),  # U+4E9E→U+4E9C
    ("晉", "晋", "晉"),  # U+6649→U+664B
    ("寬", "寛", "寬"),  # U+5BEC→U+5BDB
    ("學", "学", "學"),  # U+5B78→U+5B66
    ("渕", "淵", "田渕"),  # U+6E15→U+6DF5
    ("鷗", "鴎", "鷗"),  # U+9DD7→U+9D0E
    ("遙", "遥", "遙"),  # U+9059→U+9065
    ("凜", "凛", "凜"),  # U+51DC→U+51DB
    ("堯", "尭", "堯"),  # U+582F→U+5C2D
    ("曉", "暁", "曉"),  # U+66C9→U+6681
    ("檜", "桧", "檜山"),  # U+6A9C→U+6867
    ("濟", "済", "濟"),  # U+6FDF→U+6E08
    ("聰", "聡", "聰"),  # U+8070→U+8061
    ("讓", "譲", "讓二"),  # U+8B93→U+8B72
    ("龜", "亀", "龜井"),  # U+9F9C→U+4E80
    ("瀧", "滝", "瀧本"),  # U+7027→U+6EDD
    ("寶", "宝", "寶田"),  # U+5BF6→U+5B9D
    ("寳", "宝", "寳田"),  # U+5BF3→U+5B9D
    ("祿", "禄", "祿郎"),  # U+797F→U+7984
    ("穗", "穂", "穗"),  # U+7A57→U+7A42
    ("埜", "野", "埜口"),  # U+57DC→U+91CE
    ("舩", "船", "舩木"),  # U+8229→U+8239
    ("蘆", "芦", "蘆田"),  # U+8606→U+82A6
    ("驒", "騨", "飛驒"),  # U+9A52→U+9A28
)

#: variant → base, read-only.
VARIANT_TO_BASE = MappingProxyType({variant: base for variant, base, _ in ITAIJI_PAIRS})

_TRANSLATION = str.maketrans(dict(VARIANT_TO_BASE))


def fold_itaiji(text: str) -> str:
    """Replace every listed variant kanji by its base so that 髙橋 and 高橋 compare equal.

    Characters that are not in the table pass through untouched; the caller is expected to
    have applied NFKC first (see :func:`tsunagu.jp.names.search_key`).
    """
    return text.translate(_TRANSLATION)
