// Site-wide behaviour. No inline scripts anywhere: the CSP forbids them.
document.addEventListener("htmx:afterSwap", (event) => {
  // After an in-place swap, move focus to the new question for keyboard and screen-reader users.
  const card = event.detail.target && event.detail.target.querySelector
    ? event.detail.target.querySelector("#question-card legend, #question-card .stem")
    : null;
  if (card && event.detail.target.id === "attempt-panel") {
    card.setAttribute("tabindex", "-1");
    card.focus({ preventScroll: false });
  }
});

// A save that fails (no network, a restarting worker, a 5xx) is never silent: the status
// line (a polite live region) says so, the answer stays in the page, and it is sent again
// with backoff (1 s, 2 s, 4 s … 30 s) until the server stores it. A 4xx will not get
// better by retrying: the learner is asked to reload.
(function () {
  let failures = 0;
  let timer = null;

  function isSave(elt) {
    return elt && elt.closest && elt.closest("#question-card");
  }

  // The one writer of the save status line; attempt.js says "Saving…" through it too.
  window.sayStatus = function (text, className) {
    const status = document.getElementById("save-status");
    if (!status) return;
    const span = document.createElement("span");
    span.className = className;
    span.textContent = text;
    status.replaceChildren(span);
  };
  const say = (text) => window.sayStatus(text, "error");

  function failed(event) {
    if (!isSave(event.detail.elt)) return;
    const status = event.detail.xhr ? event.detail.xhr.status : 0;
    clearTimeout(timer);
    if (status >= 400 && status < 500) {
      say("Not saved (error " + status + "). Reload the page to go on; your other answers are safe.");
      return;
    }
    failures += 1;
    say("Not saved — retrying…");
    const delay = Math.min(30000, 1000 * 2 ** (failures - 1));
    timer = setTimeout(() => {
      const retry = document.getElementById("save-retry");
      if (retry && window.htmx) window.htmx.trigger(retry, "retry-save");
    }, delay);
  }

  document.addEventListener("htmx:sendError", failed);
  document.addEventListener("htmx:timeout", failed);
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:afterRequest", (event) => {
    if (isSave(event.detail.elt) && event.detail.successful) {
      failures = 0;
      clearTimeout(timer);
    }
  });
})();

// Times the server wrote in UTC ("08:22 UTC", "29 Nov 2026, 08:22 UTC"), said in the
// reader's own time zone; without JavaScript the UTC text stays, labelled as such.
(function () {
  function localizeTimes() {
    document.querySelectorAll("time.local-time:not([data-localized])").forEach((el) => {
      const when = new Date(el.getAttribute("datetime"));
      if (isNaN(when)) return;
      const options = {hour: "2-digit", minute: "2-digit"};
      if (el.hasAttribute("data-seconds")) options.second = "2-digit";
      if (el.hasAttribute("data-date")) {
        Object.assign(options, {day: "numeric", month: "short", year: "numeric"});
        el.textContent = when.toLocaleString([], options);
      } else {
        el.textContent = when.toLocaleTimeString([], options);
      }
      el.dataset.localized = "1";
    });
  }
  document.addEventListener("DOMContentLoaded", localizeTimes);
  document.addEventListener("htmx:afterSettle", localizeTimes);
})();
