// The attempt page: a countdown from the server's deadline, and keyboard shortcuts.
// Everything here is an enhancement: without JavaScript the flow works by plain posts.
(function () {
  // The countdown. One interval for the page; the visible timer may be swapped with the
  // question, so each tick looks it up. Screen readers hear only three messages, in their
  // own live region: 5 minutes left, 1 minute left, time is up (once).
  const ANNOUNCE = [[300, "5 minutes left."], [60, "1 minute left."]];
  let clock = null;
  let lastLeft = null;
  let expired = false;
  function announce(text) {
    const region = document.getElementById("timer-announce");
    if (region) region.textContent = text;
  }
  function tick() {
    const el = document.getElementById("countdown");
    if (!el) return;
    // Correct for a client clock that differs from the server's.
    if (!el.dataset.skew) el.dataset.skew = String(Date.parse(el.dataset.now) - Date.now());
    const deadline = Date.parse(el.dataset.deadline);
    const left = Math.max(0, deadline - (Date.now() + Number(el.dataset.skew)));
    const total = Math.ceil(left / 1000);
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    el.textContent = (h ? h + ":" + String(m).padStart(2, "0") : m) + ":" + String(s).padStart(2, "0");
    const wrapper = el.closest(".countdown");
    if (wrapper) wrapper.classList.toggle("low", total <= 60);
    if (lastLeft !== null) {
      ANNOUNCE.forEach(([at, text]) => { if (lastLeft > at && total <= at && total > 0) announce(text); });
    }
    lastLeft = total;
    if (left <= 0 && !expired) {
      expired = true;
      clearInterval(clock);
      announce("Time is up. Your answers are being submitted.");
      // The server owns time: asking for the attempt now grades it and shows the result.
      window.location.assign(el.dataset.expireUrl);
    }
  }
  function startCountdown() {
    if (!document.getElementById("countdown")) return;
    tick();
    if (clock !== null) return;
    clock = setInterval(tick, 1000);
  }

  function typing(target) {
    return target && (target.tagName === "INPUT" && (target.type === "text" || target.type === "number")
      || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable);
  }

  // WCAG 2.1.4: the learner can turn the single-key shortcuts off (kept on the account):
  // the take page's switch says so after a toggle, the body's attribute on other pages.
  function shortcutsOn() {
    const toggle = document.getElementById("shortcuts-toggle");
    const state = toggle ? toggle.dataset.shortcuts : document.body.dataset.shortcuts;
    return state !== "off";
  }
  function showKeyHint() {
    document.querySelectorAll(".kbd-tools[hidden]").forEach((el) => { el.hidden = false; });
    document.querySelectorAll(".kbd-hint").forEach((el) => { el.hidden = !shortcutsOn(); });
  }
  document.addEventListener("htmx:afterSettle", () => showKeyHint());

  document.addEventListener("keydown", (event) => {
    if (!shortcutsOn() || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
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

  // An answer of several clicks (boxes to tick, items to order) is saved 1 s after the last
  // change, not after each one (hx-trigger "change delay:1s" on its fieldset). Meanwhile
  // the status says a save is on its way, and leaving the page first sends it at once.
  function pendingSave(event) {
    const fieldset = event.target.closest &&
      event.target.closest(".answer-fieldset[hx-trigger*='delay']");
    const form = fieldset && fieldset.closest("#question-card");
    if (!form) return;
    form.dataset.unsaved = "1";
    if (window.sayStatus) window.sayStatus("Saving…", "muted");  // site.js
  }
  document.addEventListener("change", pendingSave);
  document.addEventListener("htmx:beforeRequest", (event) => {
    // Any request of the question's form (the autosave, "Save and next", a retry) sends
    // the whole form, this change included.
    const form = event.detail.elt && event.detail.elt.closest &&
      event.detail.elt.closest("#question-card");
    if (form) delete form.dataset.unsaved;
  });
  window.addEventListener("pagehide", () => {
    const form = document.querySelector("#question-card[data-unsaved]");
    if (!form || !navigator.sendBeacon) return;
    const data = new FormData(form);
    data.set("action", "autosave");
    navigator.sendBeacon(form.getAttribute("action"), data);  // (form.action: its buttons)
    delete form.dataset.unsaved;
  });

  // The navigator is one Tab stop (the current question); arrow keys, Home and End move
  // between its cells. Set here, so without JavaScript every cell stays reachable by Tab.
  function rovingNavigator() {
    const cells = document.querySelectorAll(".navigator .nav-cell:not(.sample)");
    if (!cells.length) return;
    const current = document.querySelector(".navigator .nav-cell.current") || cells[0];
    cells.forEach((cell) => cell.setAttribute("tabindex", cell === current ? "0" : "-1"));
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

  // Ordering: the ↑/↓ buttons are submit buttons (the server moves the item without
  // JavaScript); here the item moves in the page, every list gets its new position, and a
  // change event lets the autosave (where the assessment has one) store the order.
  function orderItems(list) {
    return Array.from(list.querySelectorAll(":scope > .order-item"));
  }
  function renumber(list, announceItem) {
    const items = orderItems(list);
    items.forEach((item, i) => {
      const select = item.querySelector("select");
      if (select) select.value = String(i + 1);
      const up = item.querySelector("button.move[value^='move-up-']");
      const down = item.querySelector("button.move[value^='move-down-']");
      if (up) up.disabled = i === 0;
      if (down) down.disabled = i === items.length - 1;
    });
    const status = document.getElementById("order-status");
    if (announceItem && status) {
      const text = announceItem.querySelector(".opt-text");
      const name = text ? text.textContent.replace(/^\s*Position of:\s*/, "").trim() : "";
      status.textContent = name + ": position " + (items.indexOf(announceItem) + 1) + " of " + items.length;
    }
    const select = list.querySelector("select");
    if (select) select.dispatchEvent(new Event("change", {bubbles: true}));
  }
  // The learner's order first (by the positions chosen, blanks after), as the server does.
  function sortByChosen(list) {
    const items = orderItems(list);
    const big = items.length + 1;
    const pos = (item) => parseInt(item.querySelector("select").value, 10) || big;
    items.map((item, i) => [pos(item), i, item]).sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .forEach(([, , item]) => list.appendChild(item));
  }
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("button.move");
    if (!button) return;
    event.preventDefault();
    event.stopPropagation();  // not a form submit: htmx must not post it
    const item = button.closest(".order-item");
    const list = item.parentElement;
    sortByChosen(list);
    const up = button.value.startsWith("move-up-");
    const sibling = up ? item.previousElementSibling : item.nextElementSibling;
    if (!sibling) return;
    list.insertBefore(item, up ? sibling : sibling.nextElementSibling);
    renumber(list, item);
    // At an end the pressed button is disabled: keep focus on the item's other one.
    if (button.disabled) {
      const other = item.querySelector("button.move:not([disabled])");
      if (other) other.focus();
    } else {
      button.focus();
    }
  }, true);

  // Dragging, where a pointer can: the same result as the buttons.
  let dragged = null;
  function enableDragging() {
    document.querySelectorAll(".ordering").forEach((list) => {
      if (!list.querySelector("button.move")) return;  // locked or read-only
      orderItems(list).forEach((item) => { item.draggable = true; });
    });
  }
  document.addEventListener("dragstart", (event) => {
    dragged = event.target.closest && event.target.closest(".order-item[draggable=true]");
    if (!dragged) return;
    sortByChosen(dragged.parentElement);
    dragged.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.token || "");
  });
  document.addEventListener("dragover", (event) => {
    const over = dragged && event.target.closest && event.target.closest(".order-item");
    if (!over || over === dragged || over.parentElement !== dragged.parentElement) return;
    event.preventDefault();
    const box = over.getBoundingClientRect();
    const after = event.clientY > box.top + box.height / 2;
    over.parentElement.insertBefore(dragged, after ? over.nextElementSibling : over);
  });
  document.addEventListener("drop", (event) => {
    if (dragged) event.preventDefault();
  });
  document.addEventListener("dragend", () => {
    if (!dragged) return;
    dragged.classList.remove("dragging");
    renumber(dragged.parentElement, dragged);
    dragged = null;
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
    enableDragging();
    if (heading) heading.focus();
  }

  document.addEventListener("DOMContentLoaded", () => {
    startCountdown();
    rovingNavigator();
    showKeyHint();
    enableDragging();
  });
  document.addEventListener("htmx:afterSettle", startCountdown);
  document.addEventListener("htmx:afterSettle", afterSwap);
})();
