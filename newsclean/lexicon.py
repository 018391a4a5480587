"""Words that carry meaning for page structure, in many languages.

Two resources, both shared by the text and the HTML front end:

* section headings ("Related", "Most read", "Lesen Sie auch", "相关新闻" ...)
  mapped to the kind of block they introduce;
* stopword lists (jusText's, which ship with trafilatura) for the language of
  the page and for stopword density, the strongest single signal that a line
  is running prose rather than a headline or a menu item.

Loading is lazy and cached, and reads jusText's files without importing
jusText (which would pull in lxml) so that the text path stays light.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections import Counter
from functools import cache, lru_cache

from .lazy_re import lazy_compile

# --- section headings ----------------------------------------------------------
# Each entry is a normalised heading (casefolded, punctuation and counts
# stripped). A line equal to one of these, or starting with one followed by
# little else, opens a section of that kind. Keep entries generic: words a
# reader of that language would use, never a site's own label.
_HEADINGS: dict[str, tuple] = {
    "related": (
        # en
        "related",
        "related articles",
        "related article",
        "related stories",
        "related story",
        "related news",
        "related posts",
        "related content",
        "related coverage",
        "related links",
        "related topics",
        "read more",
        "read also",
        "also read",
        "see also",
        "more on this",
        "more on this story",
        "more on this topic",
        "more about",
        "more from",
        "more news",
        "more stories",
        "latest news",
        "latest stories",
        "latest",
        "read next",
        "up next",
        "further reading",
        "related reading",
        "in other news",
        "more in",
        "more coverage",
        # de
        "mehr zum thema",
        "weitere artikel",
        "verwandte artikel",
        "lesen sie auch",
        "auch interessant",
        "das könnte sie auch interessieren",
        "mehr aus",
        "weitere meldungen",
        "ähnliche artikel",
        "zum thema",
        "weitere nachrichten",
        "mehr dazu",
        # fr
        "à lire aussi",
        "a lire aussi",
        "lire aussi",
        "articles liés",
        "sur le même sujet",
        "voir aussi",
        "à lire également",
        "dans la même rubrique",
        "articles similaires",
        "en lien",
        # es / pt / it / ca
        "noticias relacionadas",
        "relacionado",
        "relacionadas",
        "lee también",
        "lea también",
        "ver también",
        "más noticias",
        "te puede interesar",
        "le puede interesar",
        "notícias relacionadas",
        "leia também",
        "veja também",
        "leia mais",
        "mais notícias",
        "articoli correlati",
        "leggi anche",
        "notizie correlate",
        "potrebbe interessarti",
        "altre notizie",
        "vedi anche",
        # nl / scandinavian / pl / cs / tr / ro / hu
        "gerelateerd",
        "lees ook",
        "lees meer",
        "meer over",
        "relaterat",
        "läs också",
        "läs mer",
        "relaterte artikler",
        "les også",
        "relaterede artikler",
        "læs også",
        "zobacz także",
        "czytaj także",
        "czytaj też",
        "powiązane",
        "zobacz też",
        "související články",
        "čtěte také",
        "ilgili haberler",
        "benzer haberler",
        "i̇lgili haberler",
        "citește și",
        "articole similare",
        "kapcsolódó cikkek",
        "ezt is ajánljuk",
        # ru / uk / el / ar / he / fa
        "читайте также",
        "похожие новости",
        "по теме",
        "смотрите также",
        "читайте також",
        "схожі новини",
        "по темі",
        "σχετικά άρθρα",
        "διαβάστε επίσης",
        "أخبار ذات صلة",
        "اقرأ أيضا",
        "اقرأ أيضاً",
        "مواضيع ذات صلة",
        "כתבות נוספות",
        "אולי יעניין אותך",
        "اخبار مرتبط",
        # id / ms / vi / th / hi
        "berita terkait",
        "baca juga",
        "artikel terkait",
        "tin liên quan",
        "bài liên quan",
        "đọc thêm",
        "ข่าวที่เกี่ยวข้อง",
        "संबंधित खबरें",
        "यह भी पढ़ें",
        # zh / ja / ko
        "相关新闻",
        "相关阅读",
        "相关文章",
        "延伸阅读",
        "相關新聞",
        "相關閱讀",
        "延伸閱讀",
        "相关报道",
        "関連記事",
        "関連ニュース",
        "관련기사",
        "관련 기사",
        "관련뉴스",
        "관련 뉴스",
    ),
    "ranking": (
        "ranking",
        "rankings",
        "most popular",
        "most read",
        "most viewed",
        "most shared",
        "most commented",
        "most emailed",
        "popular",
        "popular now",
        "popular stories",
        "popular posts",
        "trending",
        "trending now",
        "trending stories",
        "top stories",
        "top news",
        "top articles",
        "meistgelesen",
        "meistgelesene artikel",
        "am meisten gelesen",
        "meistgeklickt",
        "beliebt",
        "les plus lus",
        "les plus populaires",
        "populaires",
        "lo más leído",
        "lo más visto",
        "más leídas",
        "más leído",
        "más vistas",
        "i più letti",
        "più letti",
        "più lette",
        "mais lidas",
        "mais lidas da semana",
        "mais vistas",
        "meest gelezen",
        "populair",
        "mest lästa",
        "mest leste",
        "mest læste",
        "najczęściej czytane",
        "najpopularniejsze",
        "nejčtenější",
        "en çok okunanlar",
        "cele mai citite",
        "популярное",
        "самое читаемое",
        "самое популярное",
        "популярні",
        "найпопулярніше",
        "δημοφιλή",
        "الأكثر قراءة",
        "الأكثر مشاهدة",
        "הנקראים ביותר",
        "terpopuler",
        "đọc nhiều nhất",
        "热门",
        "热门新闻",
        "热门文章",
        "排行",
        "排行榜",
        "点击排行",
        "熱門",
        "排行榜單",
        "人気記事",
        "ランキング",
        "アクセスランキング",
        "많이 본 뉴스",
        "많이 본 기사",
        "인기 기사",
    ),
    "recommendation": (
        "recommendation",
        "recommendations",
        "recommended",
        "recommended for you",
        "recommended stories",
        "recommended articles",
        "recommended reading",
        "you may also like",
        "you might also like",
        "you may like",
        "you might like",
        "we recommend",
        "don't miss",
        "dont miss",
        "editor's picks",
        "editors picks",
        "editors' picks",
        "around the web",
        "from the web",
        "more for you",
        "for you",
        "what to read next",
        "you may have missed",
        "empfehlungen",
        "empfohlen",
        "unsere empfehlung",
        "vous aimerez aussi",
        "recommandé",
        "recommandés",
        "nos recommandations",
        "recomendado",
        "recomendados",
        "recomendamos",
        "ti potrebbe interessare",
        "consigliati",
        "aanbevolen",
        "rekommenderat",
        "polecamy",
        "doporučujeme",
        "önerilen",
        "рекомендуем",
        "рекомендации",
        "рекомендуємо",
        "推荐",
        "推荐阅读",
        "为你推荐",
        "猜你喜欢",
        "推薦",
        "推薦閱讀",
        "おすすめ",
        "おすすめ記事",
        "추천",
        "추천 기사",
    ),
    "comments": (
        "comments",
        "comment",
        "leave a comment",
        "leave a reply",
        "join the conversation",
        "reader comments",
        "post a comment",
        "add a comment",
        "discussion",
        "responses",
        "kommentare",
        "kommentar",
        "kommentieren",
        "commentaires",
        "commentaire",
        "réagir",
        "comentarios",
        "comentario",
        "comentários",
        "commenti",
        "commento",
        "reacties",
        "kommentarer",
        "komentarze",
        "komentáře",
        "yorumlar",
        "комментарии",
        "коментарі",
        "σχόλια",
        "التعليقات",
        "תגובות",
        "komentar",
        "bình luận",
        "评论",
        "評論",
        "网友评论",
        "コメント",
        "댓글",
    ),
    "tags": (
        "tags",
        "tag",
        "in",
        "topics",
        "topic",
        "filed under",
        "keywords",
        "categories",
        "category",
        "related topics",
        "more on",
        "subjects",
        "schlagwörter",
        "themen",
        "stichworte",
        "mots-clés",
        "mots clés",
        "thèmes",
        "etiquetas",
        "temas",
        "tags relacionados",
        "argomenti",
        "parole chiave",
        "onderwerpen",
        "ämnen",
        "emner",
        "tagi",
        "tematy",
        "témata",
        "etiketler",
        "конкурсы",
        "теги",
        "метки",
        "темы",
        "ετικέτες",
        "الوسوم",
        "כתגיות",
        "label",
        "topik",
        "thẻ",
        "chủ đề",
        "标签",
        "关键词",
        "標籤",
        "關鍵字",
        "タグ",
        "キーワード",
        "태그",
        "키워드",
    ),
    "advertisement": (
        "advertisement",
        "advertising",
        "ad",
        "ads",
        "sponsored",
        "sponsored content",
        "sponsored links",
        "promoted",
        "promoted content",
        "paid content",
        "partner content",
        "paid post",
        "anzeige",
        "werbung",
        "publicité",
        "publicidad",
        "pubblicità",
        "publicidade",
        "advertentie",
        "annons",
        "reklama",
        "reklam",
        "реклама",
        "διαφήμιση",
        "إعلان",
        "פרסומת",
        "iklan",
        "quảng cáo",
        "广告",
        "廣告",
        "広告",
        "광고",
        "pr",
    ),
    "footer": (
        "all rights reserved",
        "copyright",
        "privacy policy",
        "terms of use",
        "terms of service",
        "terms and conditions",
        "cookie policy",
        "contact us",
        "about us",
        "impressum",
        "datenschutz",
        "alle rechte vorbehalten",
        "tous droits réservés",
        "mentions légales",
        "todos los derechos reservados",
        "aviso legal",
        "tutti i diritti riservati",
        "todos os direitos reservados",
        "alle rechten voorbehouden",
        "все права защищены",
        "版权所有",
        "版權所有",
        "無断転載を禁じます",
        "무단전재",
    ),
    "widget": (
        "share",
        "share this",
        "share this article",
        "share this story",
        "share on facebook",
        "share on twitter",
        "tweet",
        "print",
        "email",
        "e-mail",
        "like",
        "likes",
        "view",
        "views",
        "follow us",
        "follow",
        "subscribe",
        "newsletter",
        "sign up",
        "save",
        "bookmark",
        "listen",
        "listen to this article",
        "copy link",
        "reddit",
        "whatsapp",
        "facebook",
        "twitter",
        "linkedin",
        "pinterest",
        "teilen",
        "drucken",
        "merken",
        "folgen",
        "partager",
        "imprimer",
        "compartir",
        "imprimir",
        "condividi",
        "stampa",
        "compartilhar",
        "delen",
        "dela",
        "udostępnij",
        "paylaş",
        "поделиться",
        "поширити",
        "μοιραστείτε",
        "مشاركة",
        "שתף",
        "bagikan",
        "chia sẻ",
        "分享",
        "分享到",
        "打印",
        "收藏",
        "シェア",
        "ツイート",
        "공유",
        "공유하기",
    ),
    "navigation": (
        "home",
        "menu",
        "main menu",
        "navigation",
        "skip to content",
        "skip to main content",
        "search",
        "log in",
        "login",
        "sign in",
        "register",
        "you are here",
        "breadcrumb",
        "startseite",
        "suche",
        "anmelden",
        "accueil",
        "recherche",
        "connexion",
        "inicio",
        "buscar",
        "portada",
        "início",
        "pesquisar",
        "cerca",
        "accedi",
        "zoeken",
        "главная",
        "поиск",
        "首页",
        "首頁",
        "ホーム",
        "홈",
    ),
}


def headings(kind: str) -> tuple:
    """The normalised headings (all languages) that open or label ``kind``."""
    return _HEADINGS.get(kind, ())


#: Words of share/like/print buttons, for the rule that spots such widgets.
WIDGET_WORDS = tuple(
    sorted(
        (w for w in _HEADINGS["widget"] if w not in ("view", "views", "like", "likes", "follow", "save", "listen")),
        key=len,
        reverse=True,
    )
)

_HEADING_KIND: dict[str, str] = {}
for _kind, _words in _HEADINGS.items():
    for _w in _words:
        _HEADING_KIND.setdefault(_w, _kind)


@lru_cache(maxsize=1)
def _cjk_headings() -> list[str]:
    """Headings written without spaces (CJK), matched inside a short heading line (made on first use)."""
    return sorted((w for w in _HEADING_KIND if any(ord(c) >= 0x2E80 for c in w)), key=len, reverse=True)


_LEAD = re.compile(r"[a-z']+")


def _first_word(low: str) -> str:
    m = _LEAD.search(low)
    return m.group() if m else ""


#: First words of the headings: a line starting otherwise is not one.
_FIRST_WORDS = frozenset(w.split()[0].replace("’", "'") for w in _HEADING_KIND)

_STRIP = re.compile(r"^[\W_\d]+|[\W_\d]+$")
_COUNT = re.compile(r"\s*[\(\[]\s*\d[\d,.\s]*[\)\]]\s*$")


def normalise(line: str) -> str:
    """Casefold and strip decoration, counts and trailing colons: ``"Related (10):"`` → ``"related"``."""
    s = _COUNT.sub("", line.strip())
    s = _STRIP.sub("", s)
    s = " ".join(s.split()).casefold()
    return s.replace("’", "'")


def heading_kind(line: str) -> str | None:
    """The kind of section a short heading line opens, or ``None``.

    Rule ``section-heading``: the line, normalised, is a known heading word, or
    a known heading followed by at most three more words ("More from Sport").
    """
    if len(line) > 60:
        return None
    low = line.casefold()
    kind = _HEADING_KIND.get(low)
    if kind:
        return kind
    if low.isascii() and _first_word(low) not in _FIRST_WORDS:
        return None  # most lines: no heading starts with their first word
    s = normalise(line)
    if not s:
        return None
    kind = _HEADING_KIND.get(s)
    if kind:
        return kind
    words = s.split()
    if len(words) > 6:
        return None
    if len(words) == 1 and len(s) <= 12 and not s.isascii() and "：" not in line and ":" not in line.rstrip(":： "):
        for w in _cjk_headings():
            if w in s and len(w) >= 2 and len(s) - len(w) <= 4:
                return _HEADING_KIND[w]
    for n in range(min(len(words) - 1, 4), 0, -1):
        kind = _HEADING_KIND.get(" ".join(words[:n]))
        if kind and kind in ("related", "ranking", "recommendation") and len(words) - n <= 3:
            return kind
    return None


# --- stopwords and language --------------------------------------------------

#: jusText stoplist file name → ISO 639-1 code (lists with no 639-1 code are left out).
_LANG_CODES = {
    "Afrikaans": "af",
    "Albanian": "sq",
    "Arabic": "ar",
    "Aragonese": "an",
    "Armenian": "hy",
    "Asturian": None,
    "Azerbaijani": "az",
    "Basque": "eu",
    "Belarusian": "be",
    "Bengali": "bn",
    "Bosnian": "bs",
    "Breton": "br",
    "Bulgarian": "bg",
    "Catalan": "ca",
    "Chuvash": "cv",
    "Croatian": "hr",
    "Czech": "cs",
    "Danish": "da",
    "Dutch": "nl",
    "English": "en",
    "Esperanto": "eo",
    "Estonian": "et",
    "Finnish": "fi",
    "French": "fr",
    "Galician": "gl",
    "Georgian": "ka",
    "German": "de",
    "Greek": "el",
    "Gujarati": "gu",
    "Haitian": "ht",
    "Hebrew": "he",
    "Hindi": "hi",
    "Hungarian": "hu",
    "Icelandic": "is",
    "Ido": "io",
    "Igbo": "ig",
    "Indonesian": "id",
    "Irish": "ga",
    "Italian": "it",
    "Javanese": "jv",
    "Kannada": "kn",
    "Kazakh": "kk",
    "Korean": "ko",
    "Kurdish": "ku",
    "Kyrgyz": "ky",
    "Latin": "la",
    "Latvian": "lv",
    "Lithuanian": "lt",
    "Luxembourgish": "lb",
    "Macedonian": "mk",
    "Malay": "ms",
    "Malayalam": "ml",
    "Maltese": "mt",
    "Marathi": "mr",
    "Nepali": "ne",
    "Norwegian_Bokmal": "nb",
    "Norwegian_Nynorsk": "nn",
    "Occitan": "oc",
    "Persian": "fa",
    "Polish": "pl",
    "Portuguese": "pt",
    "Quechua": "qu",
    "Romanian": "ro",
    "Russian": "ru",
    "Serbian": "sr",
    "Slovak": "sk",
    "Slovenian": "sl",
    "Spanish": "es",
    "Sundanese": "su",
    "Swahili": "sw",
    "Swedish": "sv",
    "Tagalog": "tl",
    "Tamil": "ta",
    "Telugu": "te",
    "Turkish": "tr",
    "Ukrainian": "uk",
    "Urdu": "ur",
    "Uzbek": "uz",
    "Vietnamese": "vi",
    "Welsh": "cy",
    "West_Frisian": "fy",
    "Yoruba": "yo",
}
#: How many of each list's most frequent words vote in language identification.
_ID_WORDS = 60


@lru_cache(maxsize=1)  # finding jusText's package walks sys.path: ~0.1 ms, and language identification reads 80 lists
def _stoplist_dir() -> str | None:
    spec = importlib.util.find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = os.path.join(list(spec.submodule_search_locations)[0], "stoplists")
    return path if os.path.isdir(path) else None


@cache
def _read_stoplist(name: str) -> tuple:
    d = _stoplist_dir()
    if d is None:
        return ()
    try:
        with open(os.path.join(d, name + ".txt"), encoding="utf-8") as f:
            return tuple(w.strip().casefold() for w in f if w.strip())
    except OSError:
        return ()


def _stoplist_of(lang: str | None) -> tuple:
    """The stoplist of an ISO 639-1 language, most frequent words first (empty when unknown)."""
    for name, code in _LANG_CODES.items():
        if lang and code == lang:  # lists without a code are stored as None: none for "unknown"
            return _read_stoplist(name)
    return ()


@cache
def stopwords(lang: str | None) -> frozenset[str]:
    """All stopwords of an ISO 639-1 language (empty set when unknown)."""
    return frozenset(_stoplist_of(lang))


#: How many of a stoplist's most frequent words are its function words (articles, prepositions,
#: conjunctions: "the, of, and, in, to, a"); further down the lists hold words like "album".
FUNCTION_WORDS = 30


@cache
def function_words(lang: str | None) -> frozenset[str]:
    """The most frequent stopwords of an ISO 639-1 language: words a sentence does not end on."""
    return frozenset(_stoplist_of(lang)[:FUNCTION_WORDS])


def _head_of_stoplist(name: str, n: int) -> tuple:
    """The n most frequent words of a stoplist (its first lines), read lazily."""
    d = _stoplist_dir()
    if d is None:
        return ()
    out = []
    try:
        with open(os.path.join(d, name + ".txt"), encoding="utf-8") as f:
            for line in f:
                w = line.strip().casefold()
                if w:
                    out.append(w)
                    if len(out) >= n:
                        break
    except OSError:
        return ()
    return tuple(out)


@lru_cache(maxsize=1)
def _id_table() -> dict[str, tuple]:
    """Frequent stopword → languages it belongs to."""
    table: dict[str, list] = {}
    for name, code in _LANG_CODES.items():
        if not code:
            continue
        for w in _head_of_stoplist(name, _ID_WORDS):
            table.setdefault(w, []).append(code)
    return {w: tuple(c) for w, c in table.items()}


_WORD = re.compile(r"\w+")
#: Bytes of ASCII text that ``\w`` does not match, mapped to a space: splitting
#: ``text.encode().translate(ASCII_NON_WORD)`` gives the words of an ASCII
#: text as ``\w+`` does, several times faster.
ASCII_NON_WORD = bytes.maketrans(
    bytes(range(128)), bytes(c if chr(c).isalnum() or c == ord("_") else 32 for c in range(128))
)


#: Non-ASCII punctuation common in prose (quotes, dashes, ellipsis, no-break space): never part of
#: a word, so it is made a space before the words are split out.
_COMMON_PUNCT = "’‘“”„«»–—…\u00a0"


def word_tokens(text: str) -> list[str]:
    r"""``re.findall(r"\w+", text)``, faster on text that is mostly ASCII.

    ASCII punctuation becomes a space (in UTF-8, no byte of a non-ASCII
    character is ASCII); only the pieces left with non-ASCII punctuation
    ("don’t", "«Titel»") go through the regular expression.
    """
    if not text.isascii():
        for ch in _COMMON_PUNCT:  # a C-level search each: the usual non-ASCII punctuation
            if ch in text:
                text = text.replace(ch, " ")
    try:
        spaced = text.encode().translate(ASCII_NON_WORD).decode()
    except UnicodeEncodeError:  # lone surrogates
        return _WORD.findall(text)
    pieces = spaced.split()
    if spaced.isascii() or all(map(str.isalnum, pieces)):
        return pieces
    out: list[str] = []
    for piece in pieces:
        if piece.isascii() or piece.isalnum():  # one word ("news", "München")
            out.append(piece)
        else:
            out.extend(_WORD.findall(piece))
    return out


#: Characters of scripts written without spaces between words (Thai, Hangul,
#: kana, Han). One expression shared by the text path: compiling such ranges
#: is slow (about 6 ms), so it happens once, and only on a page that has such
#: characters (:func:`has_cjk` tells without it).
CJK_CHARS = lazy_compile(r"[\u0e00-\u0e7f\u1100-\u11ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
#: The same characters in UTF-8 (all three bytes long), as a bytes expression, which compiles
#: ten times faster. It opens with the lead bytes they can have, so that a search skips
#: everything else (Latin, Cyrillic, dashes and quotes) as fast as CJK_CHARS does; the
#: second byte, checked against its lead byte, narrows them to the ranges above.
_CJK_UTF8 = lazy_compile(
    rb"[\xe0\xe1\xe3-\xed]"
    rb"(?:(?<=\xe0)[\xb8\xb9]"  # U+0E00-0E7F
    rb"|(?<=\xe1)[\x84-\x87]"  # U+1100-11FF
    rb"|(?<=\xe3)[\x81-\x83\x90-\xbf]"  # U+3040-30FF, U+3400-3FFF
    rb"|(?<=[\xe4-\xe9\xeb\xec])[\x80-\xbf]"  # U+4000-9FFF, U+B000-CFFF
    rb"|(?<=\xea)[\xb0-\xbf]"  # U+AC00-AFFF
    rb"|(?<=\xed)(?:[\x80-\x9d]|\x9e(?=[\x80-\xaf])))"  # U+D000-D7AF
    rb"[\x80-\xbf]"
)


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds one of :data:`CJK_CHARS` (``CJK_CHARS.search(text) is not None``)."""
    return not text.isascii() and _CJK_UTF8.search(text.encode("utf-8", "surrogatepass")) is not None


def script_language(text: str) -> str | None:
    """Languages told apart by their script alone (no stoplist needed).

    Kana means Japanese, Hangul Korean; Han without either means Chinese;
    Thai likewise.
    """
    sample = text[:3000]
    if not has_cjk(sample):
        return None
    chars = CJK_CHARS.findall(sample)
    if len(chars) < 20:
        return None
    kana = han = hangul = thai = 0
    for ch in chars:
        o = ord(ch)
        if o <= 0x0E7F:
            thai += 1
        elif 0x3040 <= o <= 0x30FF:
            kana += 1
        elif 0x3400 <= o <= 0x9FFF:
            han += 1
        else:
            hangul += 1
    letters = sum(1 for ch in sample if ch.isalpha()) - len(chars)
    if len(chars) < letters * 0.3:
        return None
    if hangul > (han + kana) * 0.5:
        return "ko"
    if kana >= 0.05 * (han + kana):
        return "ja"
    if thai > han:
        return "th"
    return "zh"


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the page's language, or ``None`` when unsure.

    Rule ``lang-script``: CJK and Thai by script; otherwise rule
    ``lang-stopwords``: the language whose most frequent stopwords cover the
    most words of the text wins, if it covers enough of them.
    """
    by_script = script_language(text)
    if by_script:
        return by_script
    table = _id_table()
    toks = word_tokens(text[:12000].casefold())
    votes: dict[str, int] = {}
    for w, k in Counter(filter(table.__contains__, toks)).items():
        for code in table[w]:
            votes[code] = votes.get(code, 0) + k
    n = len(toks)
    if not votes or n < 5:
        return None
    top = max(votes.values())
    # Ties go to English, then to the language first voted for.
    best = "en" if votes.get("en") == top else next(c for c, v in votes.items() if v == top)
    return best if top >= max(3, 0.08 * n) else None
