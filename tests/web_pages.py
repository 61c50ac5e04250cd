# ruff: noqa: E501  (the templates are HTML, one element a line as real pages have them)
"""Web pages in the shapes real ones have, written for the tests and ``scripts/bench_html.py``.

Three site templates: ``news`` (semantic ``<article>``, a navigation bar, breadcrumbs, related articles, a
share bar, a newsletter box, a cookie banner, scripts, styles and JSON-LD), ``blog`` (WordPress-like:
``div.entry-content``, a sidebar of widgets, a comment list) and ``portal`` (a ``div`` soup without
semantic tags, a table layout for the related links, an Arabic site menu). Posts are embedded with the
markup Twitter/X hands out (``<blockquote class="twitter-tweet">…&mdash; Name (@handle) <a>date</a>``).

:func:`page_from_text` turns a plain-text article (one paragraph a line, posts copied as text with their
``— Name (@handle) Month D, YYYY`` line) into such a page, with each post as embed markup; the tests and
the benchmark use it to compare a page with the same article as text.

Every text here was written for the tests (see ``tests/review_corpus.py`` for the Arabic sentences).
"""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from bilingual.embeds import dash_line

TWITTER_EPOCH_MS = 1288834974657


@dataclass(frozen=True)
class Tweet:
    """One embedded post: its text (lines joined by ``\\n``), author, handle, date as the page shows it
    (``March 3, 2024``), and the ``lang`` Twitter gives its ``<p>``."""

    text: str
    name: str
    handle: str
    date: str
    lang: str = "ar"
    host: str = "twitter.com"
    second: int = 0  # seconds after midnight, so that the status ids differ

    @property
    def status(self) -> int:
        """A status id whose timestamp (the top bits, as Twitter's ids carry it) is the post's date."""
        day = datetime.strptime(self.date, "%B %d, %Y").replace(tzinfo=UTC)
        ms = int(day.timestamp() * 1000) + 1000 * self.second + 37
        return (ms - TWITTER_EPOCH_MS) << 22

    @property
    def url(self) -> str:
        """The status URL of the embed's date link (without the ``ref_src`` query the embed adds)."""
        return f"https://{self.host}/{self.handle}/status/{self.status}"


@dataclass(frozen=True)
class Heading:
    """An ``<h2>`` inside the article."""

    text: str


@dataclass(frozen=True)
class Rtl:
    """A paragraph with ``lang``/``dir`` attributes (a quote outside any embed); ``lang`` may be empty."""

    text: str
    lang: str = "ar"


Item = str | Tweet | Heading | Rtl

_HASHTAG_RE = re.compile(r"#(\w+)")
_PIC_RE = re.compile(r"\bpic\.twitter\.com/(\w+)")


def _post_html(text: str) -> str:
    out = html.escape(text, quote=False)
    out = _HASHTAG_RE.sub(
        lambda m: f'<a href="https://twitter.com/hashtag/{m.group(1)}?src=hash&amp;ref_src=twsrc%5Etfw">#{m.group(1)}</a>',
        out,
    )
    out = _PIC_RE.sub(lambda m: f'<a href="https://t.co/{m.group(1)[:10]}">pic.twitter.com/{m.group(1)}</a>', out)
    return out.replace("\n", "<br>")


def embed_html(t: Tweet, script: bool = True) -> str:
    """The embed code Twitter/X hands out for ``t`` (with the widgets script after it, as pasted)."""
    rtl = ' dir="rtl"' if t.lang in ("ar", "fa", "ur", "he") else ' dir="ltr"'
    name = html.escape(t.name, quote=False)
    out = (
        f'<blockquote class="twitter-tweet" data-lang="en"><p lang="{t.lang}"{rtl}>{_post_html(t.text)}</p>'
        f'&mdash; {name} (@{t.handle}) <a href="{t.url}?ref_src=twsrc%5Etfw">{t.date}</a></blockquote>'
    )
    if script:
        out += ' <script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'
    return out


def _body_html(items: list[Item], wordpress: bool = False) -> str:
    """The article's elements; ``wordpress`` wraps each embed in the ``<figure class="wp-block-embed">`` a
    WordPress editor puts around it (which the extractor drops with its content)."""
    out = []
    for it in items:
        if isinstance(it, Tweet):
            code = embed_html(it)
            if wordpress:
                code = (
                    '<figure class="wp-block-embed is-type-rich is-provider-twitter wp-block-embed-twitter">'
                    f'<div class="wp-block-embed__wrapper">\n{code}\n</div></figure>'
                )
            out.append(code)
        elif isinstance(it, Heading):
            out.append(f"<h2>{html.escape(it.text)}</h2>")
        elif isinstance(it, Rtl):
            lang = f' lang="{it.lang}"' if it.lang else ""
            out.append(f'<p{lang} dir="rtl">{html.escape(it.text)}</p>')
        else:
            out.append(f"<p>{html.escape(it)}</p>")
    return "\n".join(out)


def _head(title: str, url: str, date: str, site: str, charset: str | None) -> str:
    meta_charset = f'<meta charset="{charset}">' if charset else ""
    return f"""<head>
{meta_charset}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} | {html.escape(site)}</title>
<link rel="canonical" href="{url}">
<meta property="og:url" content="{url}?utm_source=share">
<meta property="og:title" content="{html.escape(title)}">
<meta property="og:site_name" content="{html.escape(site)}">
<meta property="article:published_time" content="{date}T09:30:00+00:00">
<link rel="stylesheet" href="/static/site.css">
<style>body{{margin:0;font-family:Georgia,serif}}.nav a{{color:#333;padding:0 .5em}}.cookie{{position:fixed}}</style>
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments);}}gtag('js',new Date());
gtag('config','G-XXXX');var ads={{slots:["top","side"],lazy:true}};</script>
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"{html.escape(title)}","datePublished":"{date}"}}</script>
</head>"""


RELATED = [
    "Cabinet meets again as the crisis drags on",
    "Five things to know about the new budget",
    "Opinion: the city deserves better services",
    "Watch: scenes from the capital at night",
]
RELATED_AR = ["الحكومة تجتمع مجددا", "أخبار الرياضة اليوم", "حالة الطقس غدا", "أسعار العملات"]


def _news(title: str, items: list[Item], byline: str) -> str:
    related = "".join(f'<li><a href="/news/{i}">{html.escape(t)}</a></li>' for i, t in enumerate(RELATED))
    return f"""<body class="article-page">
<div class="cookie" id="cookie-banner">We use cookies to improve your experience. <a href="/cookies">Learn more</a> <button>Accept</button></div>
<header class="site-header"><a class="logo" href="/">The Daily Example</a>
<nav class="nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/middle-east">Middle East</a></li>
<li><a href="/business">Business</a></li><li><a href="/opinion">Opinion</a></li><li><a href="/video">Video</a></li></ul></nav></header>
<main id="main">
<div class="breadcrumbs"><a href="/">Home</a> &gt; <a href="/middle-east">Middle East</a> &gt; <span>Article</span></div>
<article class="story">
<h1 class="headline">{html.escape(title)}</h1>
<div class="byline">{html.escape(byline)}</div>
<div class="story-body">
{_body_html(items)}
</div>
<div class="share-bar">Share this article <a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">WhatsApp</a> <a href="#">Email</a></div>
</article>
<aside class="related"><h3>Related articles</h3><ul>{related}</ul></aside>
<section class="newsletter"><h3>Sign up for our newsletter</h3><p>Get the day's top stories in your inbox every morning.</p>
<form><input type="email" placeholder="Your email"><button>Subscribe</button></form></section>
</main>
<footer class="site-footer"><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li>
<li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li></ul>
<p>© 2024 The Daily Example. All rights reserved.</p></footer>
<script src="/static/app.js"></script>
</body>"""


def _blog(title: str, items: list[Item], byline: str) -> str:
    return f"""<body class="post-template-default single single-post">
<div id="page" class="site"><div id="masthead"><h1 class="site-title"><a href="/">Notes from the Gulf</a></h1>
<p class="site-description">A blog about media, politics and the internet</p></div>
<div id="content" class="site-content"><div id="primary" class="content-area">
<article class="post type-post status-publish hentry">
<header class="entry-header"><h1 class="entry-title">{html.escape(title)}</h1>
<div class="entry-meta"><span class="posted-on">Posted on <time>{html.escape(byline)}</time></span></div></header>
<div class="entry-content">
{_body_html(items, wordpress=True)}
</div>
<footer class="entry-footer">Posted in <a href="/category/media">Media</a>, <a href="/category/gulf">Gulf</a> | Tagged
<a href="/tag/twitter">twitter</a> | <a href="#comments">2 Comments</a></footer>
</article>
<div id="comments" class="comments-area"><h2 class="comments-title">2 thoughts on this post</h2>
<ol class="comment-list"><li class="comment"><div class="comment-author">Sam</div><p>Great round-up, thanks.</p></li>
<li class="comment"><div class="comment-author">Huda</div><p>Very useful, shared it with my class.</p></li></ol>
<div id="respond"><h3>Leave a Reply</h3><p>Your email address will not be published. Required fields are marked *</p></div></div>
</div>
<div id="secondary" class="widget-area"><section class="widget"><h2 class="widget-title">Recent Posts</h2>
<ul><li><a href="/p/1">Hashtags of the week</a></li><li><a href="/p/2">Why satire trends</a></li></ul></section>
<section class="widget"><h2 class="widget-title">Archives</h2><ul><li><a href="/2024/03">March 2024</a></li>
<li><a href="/2024/02">February 2024</a></li></ul></section></div></div>
<footer id="colophon">Proudly powered by WordPress | Theme: Twenty Example</footer></div>
</body>"""


def _portal(title: str, items: list[Item], byline: str) -> str:
    menu = " | ".join(f'<a href="/c/{i}">{t}</a>' for i, t in enumerate(RELATED_AR))
    rows = "".join(f'<tr><td><a href="/n/{i}">{html.escape(t)}</a></td></tr>' for i, t in enumerate(RELATED))
    return f"""<body>
<div class="top"><div class="menu" dir="rtl" lang="ar">{menu}</div><div class="login"><a href="/login">Log in</a></div></div>
<div class="wrap"><div class="col-main"><div class="title-box"><h1>{html.escape(title)}</h1><div class="date">{html.escape(byline)}</div></div>
<div class="text-box">
{_body_html(items)}
</div>
<div class="tags">Tags: <a href="/t/1">Twitter</a> <a href="/t/2">Gulf</a></div>
<div class="more-box"><b>More from this section</b><table>{rows}</table></div></div>
<div class="col-side"><div class="ad">Advertisement</div><div class="most-read"><b>Most read</b><ol><li><a href="/m/1">Markets close higher</a></li>
<li><a href="/m/2">Heatwave expected this week</a></li></ol></div></div></div>
<div class="bottom">Copyright 2024 Example Portal. All rights reserved.</div>
</body>"""


TEMPLATES = {"news": _news, "blog": _blog, "portal": _portal}


def _bulk(seed: int) -> tuple[str, str]:
    """What real pages carry besides the article, by weight: a mega menu of links, inline SVG icons and a
    large inline JSON state script (``__NEXT_DATA__``-style), about 120 KB in all."""
    rng = random.Random(seed)
    words = ["world", "politics", "business", "tech", "science", "health", "sport", "culture", "travel", "style"]
    menu = "".join(
        f'<li class="menu-item"><a href="/{rng.choice(words)}/{i}">{rng.choice(words).title()} {i}</a></li>'
        for i in range(250)
    )
    icon = '<svg viewBox="0 0 24 24" width="24" height="24"><path d="M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2z"/></svg>'
    state = ",".join(
        f'{{"id":{i},"slug":"story-{rng.randrange(10**6)}","title":"Story {i} {rng.choice(words)}","score":{rng.random():.4f}}}'
        for i in range(900)
    )
    head = f'<script id="__NEXT_DATA__" type="application/json">{{"props":{{"items":[{state}]}}}}</script>'
    body = f'<div class="mega-menu" hidden><ul>{menu}</ul></div><div class="icons">{icon * 40}</div>'
    return head, body


def page(
    title: str,
    items: list[Item],
    *,
    template: str = "news",
    url: str = "https://news.example.com/2024/03/04/story",
    date: str = "2024-03-04",
    site: str = "The Daily Example",
    byline: str = "By Staff Reporter | March 4, 2024",
    charset: str | None = "utf-8",
    lang: str = "en",
    bulk: bool = True,
) -> str:
    """A whole HTML page around ``items`` (paragraphs, embeds, headings) in one of :data:`TEMPLATES`;
    ``bulk`` adds what real pages weigh besides the article (:func:`_bulk`)."""
    body = TEMPLATES[template](title, items, byline)
    head = _head(title, url, date, site, charset)
    if bulk:
        extra_head, extra_body = _bulk(len(title))
        head = head.replace("</head>", extra_head + "\n</head>")
        body = body.replace(">\n", ">\n" + extra_body + "\n", 1)
    return f'<!DOCTYPE html>\n<html lang="{lang}">\n{head}\n{body}\n</html>\n'


def page_from_text(text: str, *, template: str = "news", title: str | None = None, seed: int = 0) -> str:
    """``text`` (one paragraph a line) as a page: each post copied as text, with its ``— Name (@handle) Date``
    line (and the post's text before the dash on the same line, or the line before), becomes embed markup."""
    lines = [ln.strip() for ln in text.splitlines()]
    items: list[Item] = []
    rng = random.Random(seed)
    for ln in lines:
        if not ln:
            continue
        m = dash_line.recognise(ln)
        if m is None or not m.handle or not m.date:
            items.append(ln)
            continue
        if m.post is not None:
            post = ln[m.post[0] : m.post[1]]
        elif items and isinstance(items[-1], str):
            post = items.pop()
        else:
            items.append(ln)
            continue
        label = ln[m.label[0] : m.label[1]]
        date_text = (m.date_text or "").strip()
        day = datetime.strptime(m.date, "%Y-%m-%d")
        if not re.fullmatch(r"[A-Z][a-z]+ \d{1,2}, \d{4}", date_text):
            date_text = day.strftime("%B %-d, %Y")
        from bilingual.script import letter_profile

        n_ar, n_la = letter_profile(post)[:2]
        lang = "ar" if n_ar > n_la else "en"
        name = m.author or ""
        if not name and "(" in label:
            name = ""
        items.append(Tweet(post, name, m.handle, date_text, lang, second=rng.randrange(86400)))
    first = next((it for it in items if isinstance(it, str)), "Untitled")
    return page(title or first[:80], items, template=template)


def as_text(title: str, items: list[Item]) -> str:
    """The same article as a text scraper gives it: one paragraph a line, each post as its lines and its
    ``— Name (@handle) Month D, YYYY`` line."""
    lines = [title]
    for it in items:
        if isinstance(it, Tweet):
            lines.append(it.text)
            lines.append(f"— {it.name} (@{it.handle}) {it.date}".replace("—  (", "— ("))
        elif isinstance(it, Heading | Rtl):
            lines.append(it.text)
        else:
            lines.append(it)
    return "\n".join(lines) + "\n"


# A news article with two Arabic posts (one of two lines with a hashtag and a picture link, one on x.com),
# each followed by its English, in the news template's furniture.
NEWS_TITLE = "Power cuts spark anger in the south as summer heat arrives"
NEWS_ITEMS: list[Item] = [
    "Residents of the southern provinces say electricity has been cut for up to twenty hours a day, as "
    "temperatures passed 48 degrees Celsius this week.",
    "Local journalist Samir Haddad, who has reported on the power crisis for years, wrote on Twitter that his "
    "neighbourhood had been without electricity since the morning:",
    Tweet(
        "الكهرباء مقطوعة عن حينا منذ الصباح والحرارة لا تطاق\nالأطفال والمرضى يعانون ولا أحد يسمع #أزمة_الكهرباء "
        "pic.twitter.com/Xy12Ab34Cd",
        "سمير حداد",
        "SamirHaddad_J",
        "July 14, 2023",
        second=3600,
    ),
    "The electricity has been cut off from our neighbourhood since the morning and the heat is unbearable; "
    "children and the sick are suffering and no one is listening, he wrote.",
    "The ministry of electricity blamed the cuts on a fall in gas supplies and said the network could not meet "
    "demand.",
    "In response, the ministry's spokesperson said on X that the crews were working day and night:",
    Tweet(
        "فرقنا تعمل ليلا ونهارا لإعادة التيار إلى جميع المناطق في أقرب وقت",
        "وزارة الكهرباء",
        "MoE_Media",
        "July 15, 2023",
        host="x.com",
        second=7200,
    ),
    "Our teams are working day and night to restore power to all areas as soon as possible, the ministry wrote.",
    "Protests were held in two cities on Saturday, and local officials warned of more unrest if the cuts continue.",
]

# Persian written with Arabic yeh (as some Persian sites type it): letters alone would call it Arabic.
PERSIAN_POST = "امروز در تهران هوا خيلي داغ بود و برق سه ساعت قطع شد، مردم خيلي ناراحت بودند"
BLOG_TITLE = "What Tehran and Cairo tweeted about the heatwave"
BLOG_ITEMS: list[Item] = [
    "The heatwave that reached the region last week filled timelines in several languages, and this post "
    "collects a few of the messages we saw.",
    "A user in Tehran wrote about the power cuts there:",
    Tweet(PERSIAN_POST, "Mina", "mina_tehran", "August 2, 2023", lang="fa", second=100),
    "Today in Tehran the weather was very hot and the power was cut for three hours; people were very upset, "
    "she wrote.",
    "In Cairo, a journalist posted the same complaint in Arabic:",
    Tweet("الحر شديد في القاهرة اليوم والكهرباء انقطعت مرتين", "Omar", "omar_cairo", "August 2, 2023", second=200),
    "The heat is severe in Cairo today and the electricity went off twice, he wrote.",
]
