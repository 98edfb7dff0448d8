// @mention suggestions for any text box (compose, comments): after "@", the people the writer dealt
// with lately, then people many follow (GET /api/v1/mentions, so a newcomer who follows no one still
// gets some). ↑ ↓ choose, Enter or Tab inserts, Esc closes; a tap inserts too.
import { api } from "./api.js";
import { avatar, h, me } from "./dom.js";

const AT = /(?:^|[^\p{L}\p{N}_.])[@＠]([\p{L}\p{N}_.]{0,24})$/u;
let boxes = 0;

// The "@prefix" just before the caret, or null: {prefix, start} where start is the "@".
export function mentionAt(text, caret) {
  const match = text.slice(0, caret).match(AT);
  if (!match) return null;
  return { prefix: match[1], start: caret - match[1].length - 1 };
}

function ensureStyles() {
  if (document.querySelector("link[data-mentions-css]")) return;
  document.head.append(h("link", { rel: "stylesheet", href: new URL("./mentions.css", import.meta.url).href, "data-mentions-css": "" }));
}

// Wires one textarea (or input); returns a function that detaches it. `list` reuses an existing <ul>.
export function attachMentions(textarea, { list = null } = {}) {
  if (!me || !textarea || textarea.dataset.mentions) return () => {};
  textarea.dataset.mentions = "on";
  ensureStyles();
  const box = list || h("ul", { class: "suggestions mention-suggestions", role: "listbox", hidden: true });
  box.id ||= `mention-suggestions-${++boxes}`;
  box.classList.add("mention-suggestions");
  if (!list) textarea.after(box);
  textarea.setAttribute("aria-autocomplete", "list");
  textarea.setAttribute("aria-controls", box.id);
  const cache = new Map();
  let options = [];
  let active = -1;
  let asked = 0;
  let timer = null;

  const lookup = (prefix) => {
    if (!cache.has(prefix)) cache.set(prefix, api(`/api/v1/mentions?q=${encodeURIComponent(prefix)}`).catch(() => []));
    return cache.get(prefix);
  };

  function close() {
    asked += 1; // an answer still on its way is not shown
    options = []; active = -1;
    box.hidden = true; box.replaceChildren();
    textarea.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    active = (index + options.length) % options.length;
    box.querySelectorAll("[role=option]").forEach((li, i) => li.setAttribute("aria-selected", String(i === active)));
    textarea.setAttribute("aria-activedescendant", `${box.id}-${active}`);
  }

  function choose(person) {
    const at = mentionAt(textarea.value, textarea.selectionStart);
    if (!at) { close(); return; }
    const insert = `@${person.username} `;
    textarea.value = textarea.value.slice(0, at.start) + insert + textarea.value.slice(textarea.selectionStart);
    const caret = at.start + insert.length;
    textarea.focus();
    textarea.setSelectionRange(caret, caret);
    close();
    textarea.dispatchEvent(new Event("input", { bubbles: true })); // counters and saved drafts follow
  }

  function show(people) {
    options = people;
    box.replaceChildren(...people.map((person, i) => h("li", {
      id: `${box.id}-${i}`, role: "option", class: "suggestion", "aria-selected": "false",
      onmousedown: (e) => e.preventDefault(), // keep the caret in the text box
      onclick: () => choose(person),
    }, avatar(person), h("span", { class: "name" }, person.display_name), h("small", { class: "muted" }, `@${person.username}`))));
    box.hidden = !people.length;
    if (people.length) highlight(0);
  }

  async function update() {
    const at = mentionAt(textarea.value, textarea.selectionStart);
    if (!at) { close(); return; }
    const ticket = ++asked;
    const people = await lookup(at.prefix);
    if (ticket === asked) show(people); // a later keystroke asked again: its answer wins
  }

  const onInput = () => { clearTimeout(timer); timer = setTimeout(() => { update().catch(() => {}); }, 120); };
  // Capturing, so a box whose Enter sends (comments) inserts the person instead while the list is open.
  const onKey = (e) => {
    if (box.hidden || !options.length || e.isComposing) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") { e.preventDefault(); highlight(active + (e.key === "ArrowDown" ? 1 : -1)); }
    else if (e.key === "Enter" || e.key === "Tab") { e.preventDefault(); e.stopImmediatePropagation(); choose(options[active]); }
    else if (e.key === "Escape") { e.preventDefault(); e.stopImmediatePropagation(); close(); }
  };
  const onBlur = () => { setTimeout(close, 150); };
  textarea.addEventListener("input", onInput);
  textarea.addEventListener("keydown", onKey, true);
  textarea.addEventListener("blur", onBlur);
  return () => {
    textarea.removeEventListener("input", onInput);
    textarea.removeEventListener("keydown", onKey, true);
    textarea.removeEventListener("blur", onBlur);
    delete textarea.dataset.mentions;
    close();
    if (!list) box.remove();
  };
}
