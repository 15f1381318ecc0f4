"""XSS payloads (OWASP filter-evasion list, Markdown link tricks, front-matter breaks) and a checker."""
import re

from bs4 import BeautifulSoup

_RAW_SCRIPT = re.compile(r"<script\b[^>]*>", re.I)

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(2)>",
    "<IMG SRC=\"javascript:alert(3);\">",
    "<svg onload=alert(4)>",
    "<svg><script>alert(5)</script></svg>",
    "<body onload=alert(6)>",
    "<iframe src=\"javascript:alert(7)\"></iframe>",
    "<a href=\"javascript:alert(8)\">x</a>",
    "[click](javascript:alert(9))",
    "[click](JaVaScRiPt:alert(10))",
    "[click](java\tscript:alert(11))",
    "[click](&#106;avascript:alert(12))",
    "![img](javascript:alert(13))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxNCk8L3NjcmlwdD4=)",
    "[vb](vbscript:msgbox(15))",
    "\"><script>alert(16)</script>",
    "'><img src=x onerror=alert(17)>",
    "</textarea><script>alert(18)</script>",
    "</title><script>alert(19)</script>",
    "<details open ontoggle=alert(20)>",
    "<input autofocus onfocus=alert(21)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(22)>",
    "<object data=\"javascript:alert(23)\"></object>",
    "<embed src=\"javascript:alert(24)\">",
    "<style>@import 'javascript:alert(25)';</style>",
    "<div style=\"background:url(javascript:alert(26))\">x</div>",
    "<base href=\"javascript:alert(27)//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(28)\">",
    "[[placeholder: <script>alert(29)</script>]]",
    "[x](glossary:\"><script>alert(30)</script>)",
    "[x](info:\"onmouseover=alert(31))",
    "<a href=\"&#x6A;avascript:alert(32)\">x</a>",
    "<!--><script>alert(33)</script>-->",
    "---\ntitle: <script>alert(34)</script>\n---",
    "`<script>alert(35)</script>`",
    "<form action=\"javascript:alert(36)\"><button>x</button></form>",
    "<marquee onstart=alert(37)>",
    "<a href=\"  javascript:alert(38)\">x</a>",
    "{{ 7*7 }}{% raw %}<script>alert(39)</script>",
]
ONE_LINE = [p.replace("\n", " ") for p in PAYLOADS]
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


def problems(html: str) -> list[str]:
    """What an injected payload would leave in a page: scripts, handlers, bad links, active tags."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    # raw text too: a parser can disagree with a browser about comments (`<!-->`)
    for tag in _RAW_SCRIPT.findall(html):
        if not re.search(r'src="/static/[^"]+"', tag):
            found.append(f"raw {tag[:60]}")
    for script in soup.find_all("script"):
        src = script.get("src") or ""
        if not src.startswith("/static/") or script.string:
            found.append(f"script: {str(script)[:80]}")
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"handler {name} on <{tag.name}>")
            url_like = name.lower() in ("href", "src", "action", "formaction", "data")
            if name.lower() == "content":  # a URL only in <meta http-equiv=refresh>; a description is text
                url_like = tag.name == "meta" and tag.get("http-equiv") is not None
            if url_like:
                text = "".join((value if isinstance(value, str) else " ".join(value)).split()).lower()
                if any(s in text for s in BAD_SCHEMES):
                    found.append(f"{name}={value!r} on <{tag.name}>")
            if name.lower() == "style":
                found.append(f"inline style on <{tag.name}>")
        if tag.name in ("iframe", "object", "embed", "base", "frame", "style", "marquee", "math", "svg"):
            found.append(f"<{tag.name}>")
        if tag.name == "meta" and tag.get("http-equiv"):
            found.append("meta refresh")
        if tag.name == "input" and tag.get("autofocus") is not None:
            found.append("autofocus input")
    return found
