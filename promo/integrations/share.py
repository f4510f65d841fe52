"""Capture from anywhere: a page that opens with the quick-capture line already written
from what another page or app shared (a bookmarklet, a phone's Share sheet), saved
through the same quick capture as the line on every page."""

import json
import re

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from evidence.forms import QuickCaptureForm
from evidence.services import capture_read, taggable_criteria

LINE_MAX = QuickCaptureForm.base_fields["line"].max_length
SPACES = re.compile(r"\s+")


def _one_line(text):
    return SPACES.sub(" ", text or "").strip()


def line_from_shared(*, title="", text="", url=""):
    """One capture line from what was shared: the title, then any text that says more,
    then the address. Phones often put the address inside `text` and leave `url` empty;
    whatever is repeated is kept once. The address is never cut: the words are, when the
    whole would not fit the line."""
    title, text, url = _one_line(title), _one_line(text), _one_line(url)
    if url and url in text:
        text = _one_line(text.replace(url, " "))
    if not url and (found := re.search(r"https?://\S+", text)):
        url, text = found.group(0), _one_line(text.replace(found.group(0), " "))
    words = " ".join(part for part in dict.fromkeys([title, text]) if part)
    if not url:
        return words[:LINE_MAX]
    if len(url) >= LINE_MAX:
        return words[:LINE_MAX]  # an address that long would not fit; keep the words
    room = LINE_MAX - len(url) - 1
    return f"{words[:room].rstrip()} {url}".strip()


def bookmarklet(origin):
    """A bookmark's address that opens promo's share page in a new window with the page it
    is clicked on. It runs in that other page, so none of it is script on promo's pages."""
    share = json.dumps(origin.rstrip("/") + reverse("capture_share"))
    return (
        "javascript:(()=>{const q=new URLSearchParams({title:document.title,"
        "text:String(getSelection()).slice(0,300),"
        "url:/^https?:/.test(location.href)?location.href:''});"
        f"window.open({share}+'?'+q,'_blank','noopener')}})()"
    )


@require_GET
def capture_share(request):
    """The quick-capture line, prefilled from `title`, `text` and `url`; the share
    target of the installed app and the bookmarklet's page. Nothing is saved until the
    person presses Capture."""
    line = line_from_shared(
        title=request.GET.get("title", ""),
        text=request.GET.get("text", ""),
        url=request.GET.get("url", ""),
    )
    context = {
        "capture_form": QuickCaptureForm(initial={"line": line}),
        "capture": capture_read(owner=request.user, line=line) if line else None,
        "criteria": taggable_criteria(request.user),
        "back_to": reverse("evidence_list"),
    }
    return render(request, "integrations/share.html", context)
