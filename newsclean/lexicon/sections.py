"""Section headings, in many languages, and the kind of block each opens.

Rule ``section-heading`` (:func:`heading_kind`); :func:`headings` and
:data:`WIDGET_WORDS` give the vocabularies to other rules.
"""

from __future__ import annotations

import re
from functools import lru_cache

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

#: A copyright notice: "©", "(c) 2024", "copyright" (rule ``copyright``, both front ends).
COPYRIGHT_PATTERN = r"©|\(c\)\s*\d{4}|\bcopyright\b"
COPYRIGHT = re.compile(COPYRIGHT_PATTERN, re.I)

#: The footer headings that say "all rights reserved", in the lexicon's languages.
RIGHTS_RESERVED = tuple(
    p
    for p in _HEADINGS["footer"]
    if any(x in p for x in ("right", "recht", "droit", "derech", "diritt", "direit", "прав", "版", "転載", "무단"))
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
#: A count in brackets at the end of a line: "Related (10)", "Like [1,204]".
COUNT_SUFFIX = re.compile(r"\s*[\(\[]\s*\d[\d,.\s]*[\)\]]\s*$")


def normalise(line: str) -> str:
    """Casefold and strip decoration, counts and trailing colons: ``"Related (10):"`` → ``"related"``."""
    s = COUNT_SUFFIX.sub("", line.strip())
    s = _STRIP.sub("", s)
    s = " ".join(s.split()).casefold()
    return s.replace("’", "'")


def footer_phrase(line: str) -> bool:
    """The line holds one of the lexicon's "all rights reserved" phrases."""
    low = normalise(line)
    return any(p in low for p in RIGHTS_RESERVED)


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
