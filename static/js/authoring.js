// The authoring page's live preview. Without JavaScript the "Preview" button sends the
// form into the preview frame; with it, the same happens by itself while the author
// types (debounced), so the frame always shows the draft as learners will see it.
(function () {
  const form = document.getElementById("author-form");
  const button = document.getElementById("preview-button");
  const frame = document.getElementById("question-preview");
  const status = document.getElementById("preview-status");
  if (!form || !button || !frame || typeof form.requestSubmit !== "function") return;
  const DELAY_MS = 500;
  let timer = null;
  // What the frame shows: a blur after typing (a "change" event) must not reload it, or
  // it would wipe an answer the author is checking.
  const snapshot = () => new URLSearchParams(new FormData(form)).toString();
  let shown = snapshot();

  function refresh() {
    timer = null;
    const now = snapshot();
    if (now === shown) return;
    shown = now;
    if (status) status.textContent = "Updating the preview…";
    form.requestSubmit(button);
  }

  function schedule(event) {
    // Typing a tag does not change what learners see.
    if (event.target && event.target.closest && event.target.closest(".tag-chips")) return;
    clearTimeout(timer);
    timer = setTimeout(refresh, DELAY_MS);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  frame.addEventListener("load", () => {
    if (status) status.textContent = "Preview up to date.";
  });
})();
