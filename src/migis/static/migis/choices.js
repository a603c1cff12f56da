// Several values picked by name: each <select multiple data-choices> (which works without JavaScript)
// becomes a text box that suggests names as one types (accents, case and Arabic hamza forms ignored),
// with the chosen names as removable chips. The select stays in the form and holds the values; the box
// follows the ARIA combobox pattern (arrows, Enter, Escape, Backspace removes the last chip).
(function () {
  "use strict";
  const MAX_SHOWN = 50;
  const fold = (s) => s.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase();
  let counter = 0;

  function enhance(select) {
    const id = `choices-${++counter}`;
    const label = select.closest("label");
    const name = label ? label.firstChild.textContent.trim() : select.name;
    const box = document.createElement("div");
    box.className = "choices";
    const chips = document.createElement("ul");
    chips.className = "chips";
    chips.setAttribute("aria-label", name);
    const input = document.createElement("input");
    input.type = "text";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", `${id}-list`);
    input.setAttribute("aria-label", name);
    input.autocomplete = "off";
    const list = document.createElement("ul");
    list.id = `${id}-list`;
    list.setAttribute("role", "listbox");
    list.hidden = true;
    box.append(chips, input, list);
    select.hidden = true;
    select.after(box);
    const options = [...select.options].map((o) => ({ option: o, key: fold(o.text) }));
    let active = -1;

    function drawChips() {
      chips.replaceChildren(
        ...options.filter((o) => o.option.selected).map((o) => {
          const li = document.createElement("li");
          const button = document.createElement("button");
          button.type = "button";
          button.className = "chip";
          button.textContent = `${o.option.text} ×`;
          button.setAttribute("aria-label", `${o.option.text}: ${select.dataset.removeLabel || "remove"}`);
          button.addEventListener("click", () => { o.option.selected = false; drawChips(); input.focus(); });
          li.append(button);
          return li;
        })
      );
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function suggest() {
      const typed = fold(input.value.trim());
      if (!typed) { close(); return; }
      const starts = options.filter((o) => !o.option.selected && o.key.startsWith(typed));
      const inside = options.filter((o) => !o.option.selected && !o.key.startsWith(typed) && o.key.includes(typed));
      const found = [...starts, ...inside].slice(0, MAX_SHOWN);
      list.replaceChildren(
        ...found.map((o, i) => {
          const li = document.createElement("li");
          li.id = `${id}-${i}`;
          li.setAttribute("role", "option");
          li.setAttribute("aria-selected", "false");
          li.dataset.value = o.option.value;
          li.textContent = o.option.text;
          li.addEventListener("mousedown", (event) => { event.preventDefault(); choose(o); });
          return li;
        })
      );
      list.hidden = found.length === 0;
      input.setAttribute("aria-expanded", String(found.length > 0));
      move(found.length ? 0 : -1);
    }

    function move(to) {
      const items = [...list.children];
      items.forEach((li, i) => li.setAttribute("aria-selected", String(i === to)));
      active = to;
      if (to >= 0) {
        input.setAttribute("aria-activedescendant", items[to].id);
        items[to].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(o) {
      o.option.selected = true;
      input.value = "";
      close();
      drawChips();
    }

    input.addEventListener("input", suggest);
    input.addEventListener("blur", close);
    input.addEventListener("keydown", (event) => {
      const items = [...list.children];
      if (event.key === "ArrowDown" && items.length) {
        event.preventDefault();
        if (list.hidden) suggest(); else move((active + 1) % items.length);
      } else if (event.key === "ArrowUp" && items.length) {
        event.preventDefault();
        move((active - 1 + items.length) % items.length);
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();  // picks the name instead of sending the form
        choose(options.find((o) => o.option.value === items[active].dataset.value));
      } else if (event.key === "Escape") {
        close();
      } else if (event.key === "Backspace" && !input.value) {
        const chosen = options.filter((o) => o.option.selected);
        if (chosen.length) { chosen[chosen.length - 1].option.selected = false; drawChips(); }
      }
    });
    drawChips();
  }

  document.querySelectorAll("select[multiple][data-choices]").forEach(enhance);
})();
