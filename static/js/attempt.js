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

  document.addEventListener("DOMContentLoaded", startCountdown);
  document.addEventListener("htmx:afterSettle", startCountdown);
})();
