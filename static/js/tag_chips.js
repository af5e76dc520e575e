// Tags as chips: progressive enhancement of a comma-separated text box
// (input[data-tag-chips]). The box stays the form's field (hidden) and holds "a, b, c";
// without JavaScript the author types the same thing into it.
(function () {
  function enhance(input) {
    const wrap = document.createElement("div");
    wrap.className = "tag-chips";
    const list = document.createElement("ul");
    list.className = "tag-chip-list";
    list.setAttribute("role", "list");
    const entry = document.createElement("input");
    entry.type = "text";
    entry.className = "tag-chip-entry";
    entry.autocomplete = "off";
    entry.placeholder = "Add a tag, then Enter";
    if (input.getAttribute("aria-describedby")) {
      entry.setAttribute("aria-describedby", input.getAttribute("aria-describedby"));
    }
    // The label points at the box the author types into.
    entry.id = input.id;
    input.id = input.id + "_value";
    input.type = "hidden";
    input.parentNode.insertBefore(wrap, input);
    wrap.append(list, entry, input);

    let tags = input.value.split(",").map((t) => t.trim()).filter(Boolean);

    function sync() {
      input.value = tags.join(", ");
      list.replaceChildren(...tags.map((tag, i) => {
        const li = document.createElement("li");
        li.className = "tag-chip";
        const text = document.createElement("span");
        text.textContent = tag;
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "tag-chip-remove";
        remove.textContent = "×";
        remove.setAttribute("aria-label", "Remove tag " + tag);
        remove.addEventListener("click", () => {
          tags.splice(i, 1);
          sync();
          entry.focus();
        });
        li.append(text, remove);
        return li;
      }));
    }

    function addPending() {
      entry.value.split(",").map((t) => t.trim()).filter(Boolean).forEach((tag) => {
        if (!tags.includes(tag)) tags.push(tag);
      });
      entry.value = "";
      sync();
    }

    entry.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === ",") {
        event.preventDefault(); // Enter would submit the form; a comma separates tags
        addPending();
      } else if (event.key === "Backspace" && !entry.value && tags.length) {
        tags.pop();
        sync();
      }
    });
    entry.addEventListener("blur", addPending);
    // A tag still being typed when the form is sent is kept.
    input.form && input.form.addEventListener("submit", addPending);
    sync();
  }

  document.querySelectorAll("input[data-tag-chips]").forEach(enhance);
})();
