"""A learner driving whole attempts as the browser does, over plain HTTP.

What the page's htmx does, this does: the CSRF token from ``<body hx-headers>``, the
``HX-Request`` header on in-place requests, an autosave of the whole form on every change
(a click on an option, each ordering select, and typing in a text box), sent without
waiting for its answer as htmx does (where the fieldset's trigger has a delay, as for
boxes to tick and items to order, one autosave that long after the last change, none if
"Save and next" comes first), and "Save and next" with the button's value; it asks
for gzip, as every browser does, and decompresses. Every
answer the server acknowledged (an autosave that says "Saved", a next that moved on) is
remembered with its send order, so the bench can check the database kept the newest.

Standard library only (http.client, threads); used by ``bench/load_attempts.py`` and the
smoke test against ``live_server``.
"""

from __future__ import annotations

import gzip
import html
import http.client
import json
import random
import re
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

TAG = re.compile(r"<(input|select|/select|option|button)\b([^>]*)>", re.S)
ATTR = re.compile(r'([\w:-]+)(?:=(?:"([^"]*)"|\'([^\']*)\'))?')
RETRYABLE = (ConnectionError, http.client.HTTPException, TimeoutError, OSError)


def attrs(text: str) -> dict[str, str]:
    return {m.group(1): html.unescape(m.group(2) if m.group(2) is not None else (m.group(3) or ""))
            for m in ATTR.finditer(text)}


@dataclass
class Card:
    """The question form of a take page or panel, as the browser would submit it."""

    action: str
    kind: str
    position: int
    hidden: list[tuple[str, str]]
    radios: list[str]
    checkboxes: list[str]
    text: bool
    selects: dict[str, list[str]]
    locked: bool
    last: bool
    save_delay: float = 0.0  # seconds the fieldset's autosave waits for further changes


def parse_card(page: str) -> Card | None:
    start = page.find('<form id="question-card"')
    if start < 0:
        return None
    end = page.find("</form>", start)
    form = page[start:end]
    head = attrs(form[: form.find(">")])
    hidden, radios, checkboxes, selects = [], [], [], {}
    text = locked = False
    current_select = None
    for m in TAG.finditer(form):
        tag, a = m.group(1), attrs(m.group(2))
        if tag == "input":
            kind = a.get("type", "text")
            if "disabled" in a:
                locked = True
            if kind == "hidden":
                hidden.append((a["name"], a.get("value", "")))
            elif kind == "radio":
                radios.append(a["value"])
            elif kind == "checkbox":
                checkboxes.append(a["value"])
            elif a.get("name") == "answer":
                text = True
        elif tag == "select":
            current_select = a["name"]
            selects[current_select] = []
            if "disabled" in a:
                locked = True
        elif tag == "/select":
            current_select = None
        elif tag == "option" and current_select and a.get("value"):
            selects[current_select].append(a["value"])
    position = int(re.search(r"/q/(\d+)/", head["action"]).group(1))
    fieldset = re.search(r'<fieldset class="answer-fieldset"([^>]*)>', form)
    trigger = attrs(fieldset.group(1)).get("hx-trigger", "") if fieldset else ""
    delay = re.search(r"delay:(\d+)(ms|s)\b", trigger)
    save_delay = int(delay.group(1)) / (1000 if delay.group(2) == "ms" else 1) if delay else 0.0
    return Card(action=head["action"], kind=head.get("data-kind", ""), position=position,
                hidden=hidden, radios=radios, checkboxes=checkboxes, text=text,
                selects=selects, locked=locked,
                last="Save and finish" in form, save_delay=save_delay)


@dataclass
class Stats:
    """Latencies per request type, errors, retries and the acknowledged answers."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    retries: int = 0
    # (attempt, position) -> {seq: answer sent}, and the highest acknowledged seq
    sent: dict[tuple[int, int], dict[int, object]] = field(
        default_factory=lambda: defaultdict(dict))
    acked: dict[tuple[int, int], int] = field(default_factory=dict)
    attempts_done: int = 0
    # (when it finished, seconds) of every request, for the latency over time
    finished: list[tuple[float, float]] = field(default_factory=list)

    def record(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.times[kind].append(seconds)
            self.finished.append((time.time(), seconds))

    def error(self, kind: str) -> None:
        with self.lock:
            self.errors[kind] += 1


class Learner:
    """One logged-in learner (a session cookie) taking attempts at a given pace."""

    def __init__(self, base: str, session_cookie: tuple[str, str], stats: Stats, *,
                 pace: float, rng: random.Random, stop_at: float,
                 wait_autosaves: bool = False) -> None:
        split = urlsplit(base)
        self.host, self.port = split.hostname, split.port
        self.cookies = {session_cookie[0]: session_cookie[1]}
        self.stats = stats
        self.pace = pace
        self.rng = rng
        self.stop_at = stop_at
        self.csrf = ""
        self.seq = 0
        self.local = threading.local()
        self.pending: list[threading.Thread] = []
        # True: finish each autosave before the next change (no overlapping requests).
        self.wait_autosaves = wait_autosaves

    # -- HTTP ------------------------------------------------------------------------
    def _conn(self) -> http.client.HTTPConnection:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = http.client.HTTPConnection(self.host, self.port,
                                                                timeout=60)
        return conn

    def request(self, kind: str, method: str, path: str, data: list | None = None,
                htmx: bool = False, current: str = "") -> tuple[int, dict, str]:
        # gzip, as every browser asks (the server compresses pages of more than a packet).
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                   "Accept-Encoding": "gzip"}
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if htmx:
            headers.update({"HX-Request": "true", "HX-Current-URL": current,
                            "X-CSRFToken": self.csrf})
        for attempt in range(4):
            t0 = time.perf_counter()
            try:
                conn = self._conn()
                conn.request(method, path, body=body, headers=headers)
                resp = conn.getresponse()
                raw = resp.read()
                if resp.getheader("Content-Encoding", "") == "gzip":
                    raw = gzip.decompress(raw)
                text = raw.decode()
                status = resp.status
            except RETRYABLE:
                self.local.conn = None
                with self.stats.lock:
                    self.stats.retries += 1
                time.sleep(0.5 * (attempt + 1))
                continue
            self.stats.record(kind, time.perf_counter() - t0)
            if resp.getheader("Connection", "").lower() == "close":
                conn.close()
                self.local.conn = None
            for value in resp.headers.get_all("Set-Cookie") or []:
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            if status >= 500:
                self.stats.error(kind)
                time.sleep(0.5 * (attempt + 1))
                continue
            token = re.search(r'"X-CSRFToken": "([^"]+)"', text)
            if token:
                self.csrf = token.group(1)
            return status, dict(resp.getheaders()), text
        self.stats.error(kind + " (gave up)")
        return 0, {}, ""

    def get(self, kind: str, path: str, **kw) -> tuple[int, dict, str]:
        status, headers, text = self.request(kind, "GET", path, **kw)
        if status in (301, 302):
            return self.get(kind + " (redirected)", headers["Location"])
        return status, headers, text

    # -- the flow --------------------------------------------------------------------
    def run(self, slugs: list[str]) -> None:
        while time.time() < self.stop_at:
            self.take_attempt(self.rng.choice(slugs))

    def take_attempt(self, slug: str) -> int | None:
        """Start (or resume) an attempt, answer every question, submit, read the result."""
        status, _, page = self.get("assessment page", f"/assessments/{slug}/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not token:
            self.stats.error("assessment page")
            return None
        status, headers, _ = self.request("start", "POST", f"/assessments/{slug}/start/",
                                          data=[("csrfmiddlewaretoken", token.group(1))])
        if status != 302:
            self.stats.error("start")
            return None
        take_url = headers["Location"]
        attempt = int(re.search(r"/attempts/(\d+)/", take_url).group(1))
        status, _, page = self.get("take page", take_url)
        while time.time() < self.stop_at:
            card = parse_card(page)
            if card is None:
                break
            page = self.answer(attempt, take_url, card)
            if page is None:  # finished: the server sent us to the submit page
                self.finish(attempt)
                return attempt
        return attempt

    def _pause(self, share: float) -> float:
        return max(0.0, self.rng.uniform(0.5, 1.5) * self.pace * share)

    def _fields(self, card: Card, choice: dict, seq: int) -> list[tuple[str, str]]:
        # The page's script raises a hidden "seq" on every change (where the page has one);
        # our counter only grows, as the script's does.
        data = [(n, str(seq) if n == "seq" else v) for n, v in card.hidden]
        for name, value in choice.items():
            if isinstance(value, list):
                data += [(name, v) for v in value]
            elif value != "":
                data.append((name, value))
        return data

    def _autosave(self, attempt: int, take_url: str, card: Card, choice: dict) -> None:
        """htmx sends the autosave and does not wait for it: neither do we."""
        self.seq += 1
        seq, key = self.seq, (attempt, card.position)
        data = [*self._fields(card, choice, seq), ("action", "autosave")]
        with self.stats.lock:
            self.stats.sent[key][seq] = data

        def send() -> None:
            status, _, text = self.request("autosave", "POST", card.action, data=data,
                                           htmx=True, current=take_url)
            if status == 200 and 'class="saved"' in text:
                self._ack(key, seq)

        thread = threading.Thread(target=send, daemon=True)
        thread.start()
        self.pending.append(thread)
        if self.wait_autosaves:
            thread.join()

    def _ack(self, key: tuple[int, int], seq: int) -> None:
        with self.stats.lock:
            if seq > self.stats.acked.get(key, 0):
                self.stats.acked[key] = seq

    def answer(self, attempt: int, take_url: str, card: Card) -> str | None:
        """Answer the card as a person would (one change at a time, each autosaved),
        then "Save and next". Returns the next page, or None when sent to submit."""
        choice: dict = {}
        if not card.locked:
            steps = self._steps(card)
            # The pauses before each change and before "Save and next".
            pauses = [self._pause(1 / (len(steps) + 1)) for _ in range(len(steps) + 1)]
            time.sleep(pauses[0])
            for step, pause in zip(steps, pauses[1:], strict=True):
                choice.update(step)
                if not card.save_delay or pause > card.save_delay:  # (the delay ran out)
                    time.sleep(card.save_delay)
                    self._autosave(attempt, take_url, card, choice)
                    pause -= card.save_delay
                time.sleep(pause)
        self.seq += 1
        seq, key = self.seq, (attempt, card.position)
        data = [*self._fields(card, choice, seq), ("action", "next")]
        with self.stats.lock:
            self.stats.sent[key][seq] = data
        status, headers, text = self.request("save and next", "POST", card.action, data=data,
                                             htmx=True, current=take_url)
        if status != 200:
            self.stats.error("save and next")
            _, _, page = self.get("take page (resume)", take_url)
            return page
        if "HX-Redirect" in headers:
            if not card.locked:
                self._ack(key, seq)
            return None
        nxt = parse_card(text)
        if nxt is not None and nxt.position != card.position and not card.locked:
            self._ack(key, seq)
        if nxt is None:
            self.stats.error("save and next (no card)")
        return text

    def _steps(self, card: Card) -> list[dict]:
        """The changes a learner makes, each one firing an autosave."""
        if card.radios:
            picks = self.rng.sample(card.radios, min(2, len(card.radios)))
            return [{"answer": p} for p in picks[: self.rng.choice([1, 1, 2])]]
        if card.checkboxes:
            picks = self.rng.sample(card.checkboxes, self.rng.randint(1, min(3, len(
                card.checkboxes))))
            return [{"answer": picks[: i + 1]} for i in range(len(picks))]
        if card.selects:
            names = list(card.selects)
            order = self.rng.sample(range(1, len(names) + 1), len(names))
            return [{name: str(p)} for name, p in zip(names, order, strict=True)]
        if card.text:
            if card.kind == "numeric":
                words = [str(self.rng.randint(1, 9)), str(self.rng.randint(10, 999))]
            else:
                words = ["git", "git rebase"]
            # typing: htmx's "input changed delay:700ms", then the change on leaving
            return [{"answer": w} for w in words]
        return []

    def finish(self, attempt: int) -> None:
        for thread in self.pending:
            thread.join()
        self.pending.clear()
        status, _, page = self.get("submit page", f"/attempts/{attempt}/submit/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if not token:
            self.stats.error("submit page")
            return
        status, headers, _ = self.request("submit", "POST", f"/attempts/{attempt}/submit/",
                                          data=[("csrfmiddlewaretoken", token.group(1))])
        if status != 302:
            self.stats.error("submit")
            return
        status, _, _ = self.get("result page", headers["Location"])
        if status == 200:
            with self.stats.lock:
                self.stats.attempts_done += 1

    def wait(self) -> None:
        for thread in self.pending:
            thread.join()


def stored_form(answer: dict | None) -> object:
    """A stored answer JSON reduced to what identifies it (the typed text of a number)."""
    if not answer:
        return None
    if "choices" in answer:
        return ("choices", sorted(int(i) for i in answer["choices"]))
    if "order" in answer:
        return ("order", [int(i) for i in answer["order"]])
    if "value" in answer:
        return ("value", answer["value"])
    return ("other", json.dumps(answer, sort_keys=True))


def lost_answers(stats: Stats, stored: dict[tuple[int, int], dict | None],
                 decode: Callable[[tuple[int, int], list], object]) -> list[dict]:
    """Acknowledged answers the database does not hold: the stored answer must be the
    acknowledged one or one sent after it (never an older one). ``decode`` turns the form
    data sent for (attempt, position) into the answer the app stores for it (the client
    cannot: option values are the page's, not the database's)."""
    lost = []
    for key, acked_seq in stats.acked.items():
        sent = stats.sent[key]
        allowed = [decode(key, sent[s]) for s in sent if s >= acked_seq]
        got = stored_form(stored.get(key))
        if got not in allowed:
            lost.append({"attempt": key[0], "position": key[1], "stored": got,
                         "acknowledged": decode(key, sent[acked_seq])})
    return lost


def timeline(stats: Stats, t0: float, step: float = 15.0) -> list[dict]:
    """Requests and their p50/p95 per ``step`` seconds of the run: whether the latency is
    steady or comes in bursts (learners starting or submitting together)."""
    slots: dict[int, list[float]] = defaultdict(list)
    for when, seconds in stats.finished:
        slots[int((when - t0) // step)].append(seconds)
    return [{"from_s": int(i * step), "n": len(v), "p50": round(_pct(v, 0.5), 1),
             "p95": round(_pct(v, 0.95), 1)} for i, v in sorted(slots.items())]


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return 1000 * values[min(len(values) - 1, int(q * len(values)))]


def summary(stats: Stats, elapsed: float) -> dict:
    rows = {kind: {"n": len(v), "p50": round(_pct(v, 0.50), 1), "p95": round(_pct(v, 0.95), 1),
                   "p99": round(_pct(v, 0.99), 1)}
            for kind, v in sorted(stats.times.items()) if v}
    total = sum(len(v) for v in stats.times.values())
    every = [t for v in stats.times.values() for t in v]
    return {"requests": total, "per_second": round(total / elapsed, 1),
            "all": {"p50": round(_pct(every, 0.5), 1), "p95": round(_pct(every, 0.95), 1),
                    "p99": round(_pct(every, 0.99), 1)} if every else {},
            "by_type": rows, "errors": dict(stats.errors), "retries": stats.retries,
            "attempts_submitted": stats.attempts_done}


def dumps(data: dict) -> str:
    return json.dumps(data, indent=2)
