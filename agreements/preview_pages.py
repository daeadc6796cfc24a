"""The preview's own pages (the index, an error, nothing here) and the script that reloads a page.

Every page the preview serves ends with a small inline script: it listens to the server's
events (``/_events``, server-sent events) and reloads the page, at the same scroll position,
when the page's token (a hash of what the server would serve now) differs from its own. No
page loads anything from elsewhere: the stylesheet and fonts come from the preview server.
"""

from __future__ import annotations

import hashlib
import json
import re
from itertools import groupby

from markupsafe import Markup

from .preview import Page, Preview

INDEX = ("/", "/index.html")

_STYLE = """\
@font-face { font-family: "Agreements Serif"; src: url("/fonts/AgreementsSerif-Regular.ttf"); }
@font-face { font-family: "Agreements Serif"; src: url("/fonts/AgreementsSerif-Bold.ttf"); font-weight: bold; }
body { font: 17px/1.5 "Agreements Serif", Georgia, serif; color: #111; max-width: 50em; margin: 2.5em auto;
  padding: 0 1.5em; }
h1 { font-size: 1.6em; margin: 0 0 .2em; }
h2 { font-size: 1.2em; margin: 1.8em 0 .4em; padding-bottom: .2em; border-bottom: 1px solid #ddd; }
h2 small { font-weight: normal; color: #666; }
.sub { color: #555; margin: 0 0 1.5em; }
table { border-collapse: collapse; width: 100%; }
td { padding: .25em .8em .25em 0; vertical-align: baseline; }
td.langs a { margin-right: .7em; }
a { color: #1f4e96; }
.problem { border: 1px solid #b00; background: #fff7f7; padding: .8em 1em; margin: 1em 0; }
.problem pre { white-space: pre-wrap; margin: .4em 0 0; font: 13.5px/1.5 ui-monospace, "DejaVu Sans Mono", monospace; }
.data-sample { background: #edf2fb; border-bottom: 1px dotted #7d98c6; }"""

_PAPER = """\
@media screen {
  html { background: #e8e8e4; }
  body { background: #fff; max-width: 166mm; margin: 28px auto; padding: 16mm 20mm; box-shadow: 0 1px 6px rgba(0,0,0,.2); }
  body.bilingual { max-width: 250mm; }
  .title-page, .toc { margin-bottom: 16mm; }  /* a page of their own on paper */
}"""

_LIVE = """\
<div id="agreements-live" data-state="off">preview</div>
<style>
#agreements-live { position: fixed; right: 10px; bottom: 10px; z-index: 2147483647; font: 12px/1.7 system-ui, sans-serif;
  color: #444; background: rgba(255,255,255,.94); border: 1px solid #ccc; border-radius: 4px; padding: 0 8px; }
#agreements-live::before { content: "\\25CF\\00A0"; color: #999; }
#agreements-live[data-state="live"]::before { color: #1a7f37; }
#agreements-live[data-state="offline"]::before { color: #b00; }
@media print { #agreements-live { display: none; } }
</style>
<script>
(function () {
  var token = @TOKEN@, page = @PAGE@, key = "agreements-preview-scroll:" + page;
  var badge = document.getElementById("agreements-live");
  badge.dataset.state = "connecting";
  var y = sessionStorage.getItem(key);
  if (y !== null) {
    sessionStorage.removeItem(key);
    window.addEventListener("load", function () { window.scrollTo(0, Number(y)); });
  }
  var events = new EventSource("/_events?page=" + encodeURIComponent(page));
  events.onopen = function () { badge.dataset.state = "live"; badge.textContent = "live preview"; };
  events.onerror = function () { badge.dataset.state = "offline"; badge.textContent = "preview server not reachable"; };
  events.onmessage = function (event) {
    if (event.data !== token) {
      sessionStorage.setItem(key, String(window.scrollY));
      events.close();
      location.reload();
    }
  };
})();
</script>
"""


def token(body: str) -> str:
    """What a browser compares to know whether its page changed."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def render(preview: Preview, url: str) -> tuple[int, str]:
    """The status and page for ``url`` as the server would serve it now, without the script."""
    pages, problem = preview.listing()
    if url in INDEX:
        return 200, index(pages, problem, str(preview.root), preview.highlight)
    known = {p.url: p for p in pages}
    if url in known:
        html, lines = preview.content(url)
        if html is not None:
            return 200, _on_paper(html)
        return 200, error_page(known[url], lines)
    if problem:
        return 200, error_page(None, problem)
    return 404, _page("Not found", Markup('<h1>No document here</h1>\n<p><a href="/">All documents</a></p>\n'))


def with_script(body: str, url: str) -> str:
    """``body`` with the reloading script before ``</body>``."""
    script = _LIVE.replace("@TOKEN@", _js(token(body))).replace("@PAGE@", _js(url))
    at = body.lower().rfind("</body>")
    return body + script if at < 0 else body[:at] + script + body[at:]


def index(pages: list[Page], problem: list[str], folder: str, highlight: bool = True) -> str:
    """Every document of the project, per enterprise, per agent for a document made per agent."""
    marks = ' · values from the data are marked <span class="data-sample">like this</span> (hover for their data path)'
    parts = [
        Markup(
            '<h1>Live preview</h1>\n<p class="sub">{}{} · every page reloads by itself when a file changes</p>\n'
        ).format(folder, Markup(marks) if highlight else "")
    ]
    if problem:
        parts.append(_problem(problem))
    for (_, name), of_enterprise in groupby(pages, key=lambda p: (p.enterprise, p.enterprise_name)):
        listed = list(of_enterprise)
        parts.append(Markup("<h2>{} <small>({})</small></h2>\n<table>\n").format(name, listed[0].enterprise))
        for _, grouped in groupby(listed, key=lambda p: (p.document, p.agent)):
            row = list(grouped)
            links = Markup(" ").join(Markup('<a href="{}">{}</a>').format(p.url, p.lang) for p in row)
            parts.append(
                Markup('<tr><td>{}</td><td>{}</td><td class="langs">{}</td></tr>\n').format(
                    row[0].title, row[0].agent_name, links
                )
            )
        parts.append(Markup("</table>\n"))
    if not pages and not problem:
        parts.append(Markup("<p>The project builds no documents.</p>\n"))
    return _page("Live preview", Markup("").join(parts))


def error_page(page: Page | None, lines: list[str]) -> str:
    """What stops a page from being built, exactly as ``agreements build`` prints it."""
    what = (
        Markup("{} ({}{})").format(page.title, page.lang, f", {page.agent_name}" if page.agent_name else "")
        if page
        else Markup("The project")
    )
    body = Markup(
        '<h1>Cannot build this document</h1>\n<p class="sub">{}: the build stops here. Fix the file and save it:'
        ' this page reloads by itself. <a href="/">All documents</a></p>\n{}'
    ).format(what, _problem(lines))
    return _page("Error", body)


def _problem(lines: list[str]) -> Markup:
    return Markup('<div class="problem"><strong>agreements build</strong><pre>{}</pre></div>\n').format(
        "\n".join(lines)
    )


def _page(title: str, body: Markup) -> str:
    return str(
        Markup(
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{} – agreements</title>\n'
            "<style>\n{}\n</style>\n</head>\n<body>\n{}</body>\n</html>\n"
        ).format(title, Markup(_STYLE), body)
    )


def _on_paper(html: str) -> str:
    """A document as a sheet of paper on screen (print is unchanged)."""
    style = f"<style>\n{_PAPER}\n</style>\n"
    at = html.lower().rfind("</head>")
    return html if at < 0 else html[:at] + style + html[at:]


def _js(text: str) -> str:
    return re.sub("</", "<\\\\/", json.dumps(text))


__all__ = ["INDEX", "error_page", "index", "render", "token", "with_script"]
