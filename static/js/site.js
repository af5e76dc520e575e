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
