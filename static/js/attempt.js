// The attempt page: a countdown from the server's deadline, and keyboard shortcuts.
// Everything here is an enhancement: without JavaScript the flow works by plain posts.
(function () {
  function startCountdown() {
    const el = document.getElementById("countdown");
    if (!el || el.dataset.started) return;
    el.dataset.started = "1";
    // Correct for a client clock that differs from the server's.
    const skew = Date.parse(el.dataset.now) - Date.now();
    const deadline = Date.parse(el.dataset.deadline);
    const wrapper = el.closest(".countdown");
    function tick() {
      const left = Math.max(0, deadline - (Date.now() + skew));
      const total = Math.floor(left / 1000);
      const h = Math.floor(total / 3600);
      const m = Math.floor((total % 3600) / 60);
      const s = total % 60;
      el.textContent = (h ? h + ":" + String(m).padStart(2, "0") : m) + ":" + String(s).padStart(2, "0");
      if (total <= 60 && wrapper) wrapper.classList.add("low");
      if (total === 60 || total === 300) wrapper && wrapper.setAttribute("aria-live", "polite");
      if (left <= 0) {
        clearInterval(timer);
        // The server owns time: asking for the attempt now grades it and shows the result.
        window.location.assign(el.dataset.expireUrl);
      }
    }
    tick();
    const timer = setInterval(tick, 1000);
  }

  function typing(target) {
    return target && (target.tagName === "INPUT" && (target.type === "text" || target.type === "number")
      || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable);
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    const form = document.getElementById("question-card");
    if (!form) return;
    if (/^[1-9]$/.test(event.key)) {
      const inputs = form.querySelectorAll(".options input:not([disabled])");
      const input = inputs[Number(event.key) - 1];
      if (input) {
        input.click();
        input.focus();
        event.preventDefault();
      }
      return;
    }
    const button = form.querySelector('button[data-key="' + event.key.toLowerCase() + '"]:not([disabled])');
    if (button) {
      event.preventDefault();
      button.click();
    }
  });

  // Every change to the answer gets the next sequence number before htmx reads the form
  // (capture phase runs first). The server stores an answer only if no newer one is
  // stored, so an autosave finishing after a later "Save and next" cannot overwrite it.
  function bumpSeq(event) {
    const form = event.target && event.target.closest && event.target.closest("#question-card");
    const seq = form && form.querySelector("input.answer-seq");
    if (!seq || !event.target.closest(".answer-fieldset")) return;
    seq.value = String((parseInt(seq.value, 10) || 0) + 1);
  }
  document.addEventListener("input", bumpSeq, true);
  document.addEventListener("change", bumpSeq, true);

  // The navigator is one Tab stop (the current question); arrow keys, Home and End move
  // between its cells. Set here, so without JavaScript every cell stays reachable by Tab.
  function rovingNavigator() {
    const cells = document.querySelectorAll(".navigator .nav-cell:not(.sample)");
    if (!cells.length) return;
    const current = document.querySelector(".navigator .nav-cell.current") || cells[0];
    cells.forEach((cell) => cell.setAttribute("tabindex", cell === current ? "0" : "-1"));
  }
  function showKeyHint() {
    document.querySelectorAll(".kbd-hint[hidden]").forEach((el) => { el.hidden = false; });
  }
  document.addEventListener("keydown", (event) => {
    const cell = event.target.closest && event.target.closest(".navigator .nav-cell");
    if (!cell) return;
    const cells = Array.from(document.querySelectorAll(".navigator .nav-cell:not(.sample)"));
    const i = cells.indexOf(cell);
    const to = {ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1,
      Home: 0, End: cells.length - 1}[event.key];
    if (to === undefined || !cells[to]) return;
    event.preventDefault();
    cells.forEach((c) => c.setAttribute("tabindex", "-1"));
    cells[to].setAttribute("tabindex", "0");
    cells[to].focus();
  });

  // After a swap of the question (Save and next, Flag, Check answer, a navigator cell,
  // the review's next card) focus would drop to <body>: move it to the new question's
  // heading and keep the document title on the question shown.
  function afterSwap(event) {
    const target = event.detail && event.detail.target;
    if (!target || (target.id !== "attempt-panel" && target.id !== "review-card")) return;
    const panel = document.getElementById(target.id) || target;
    const heading = panel.querySelector("#question-heading, #review-heading");
    if (heading && heading.dataset.title) document.title = heading.dataset.title;
    rovingNavigator();
    showKeyHint();
    if (heading) heading.focus();
  }

  document.addEventListener("DOMContentLoaded", () => {
    startCountdown();
    rovingNavigator();
    showKeyHint();
  });
  document.addEventListener("htmx:afterSettle", startCountdown);
  document.addEventListener("htmx:afterSettle", afterSwap);
})();
