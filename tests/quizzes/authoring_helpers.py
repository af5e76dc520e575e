"""Read an admin page's form the way a browser would submit it, so a test can edit what
the page shows and post it back (no assumption about which view or form class serves it)."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, list[str]]] = []
        self._form: dict[str, list[str]] | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._option: str | None = None
        self._select_first: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._form.setdefault(name, []).append(a.get("value", "on" if kind in (
                "checkbox", "radio") else ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._form.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            value = a.get("value")
            self._select_first.setdefault(self._select, value or "")
            if "selected" in a:
                self._form.setdefault(self._select, []).append(value or "")

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select and self._form is not None:
            if self._select not in self._form:
                self._form[self._select] = [self._select_first.get(self._select, "")]
            self._select = None
        elif tag == "form":
            self._form = None


def form_values(html: str, field: str) -> dict[str, list[str] | str]:
    """The values the page's form holding ``field`` would submit (textareas lose the
    newline a browser drops after ``<textarea>``)."""
    reader = _FormReader()
    reader.feed(html)
    form = next(f for f in reader.forms if field in f)
    out: dict[str, list[str] | str] = {}
    for name, values in form.items():
        values = [v[1:] if v.startswith("\n") else v for v in values]
        out[name] = values if len(values) > 1 else values[0]
    return out
