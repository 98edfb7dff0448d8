// The search box in the top bar: suggestions as you type (topics, people, popular searches, also by
// pinyin), trending searches on an empty box, arrow keys to choose, Enter or a click to go.
import { api } from "./api.js";
import { h, t } from "./dom.js";

function targetOf(item) {
  if (item.kind === "topic") return `/t/${encodeURIComponent(item.text)}`;
  if (item.kind === "person" && item.user) return `/u/${encodeURIComponent(item.user.username)}`;
  return `/search?q=${encodeURIComponent(item.text)}`;
}

export function initSearchBox(form) {
  const input = form.querySelector("input[name=q]");
  const list = form.querySelector("[role=listbox]");
  let items = [];
  let active = -1;
  let timer = null;
  let asked = 0;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function show(found, heading) {
    items = found;
    active = -1;
    list.replaceChildren();
    if (!found.length) return close();
    if (heading) list.append(h("li", { class: "suggest-heading", role: "presentation" }, heading));
    found.forEach((item, i) => {
      const label = { topic: t("suggest_topic"), person: t("suggest_person"), query: t("suggest_query") }[item.kind] || "";
      list.append(h("li", { id: `suggestion-${i}`, role: "option", class: `suggestion ${item.kind || "query"}`,
        "aria-selected": "false", onmousedown: (e) => { e.preventDefault(); go(i); } },
        item.kind === "topic" ? `#${item.text}` : item.text, label ? h("span", { class: "kind" }, label) : null));
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function highlight(i) {
    const options = list.querySelectorAll("[role=option]");
    options.forEach((el, n) => el.setAttribute("aria-selected", String(n === i)));
    active = i;
    if (i >= 0) input.setAttribute("aria-activedescendant", `suggestion-${i}`);
  }

  function go(i) {
    const item = items[i];
    if (item) location.href = targetOf(item);
  }

  async function refresh() {
    const q = input.value.trim();
    const mine = ++asked;
    try {
      if (!q) {
        const page = await api("/api/v1/search/trending");
        if (mine === asked) show(page.items.map((x) => ({ kind: "query", text: x.text })), t("trending"));
        return;
      }
      const page = await api(`/api/v1/search/suggest?q=${encodeURIComponent(q)}`);
      if (mine === asked) show(page.items);
    } catch { close(); }
  }

  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(refresh, 120); });
  input.addEventListener("focus", () => { if (!list.childElementCount) refresh(); else if (items.length) list.hidden = false; });
  input.addEventListener("blur", () => setTimeout(close, 100));
  input.addEventListener("keydown", (event) => {
    const count = list.querySelectorAll("[role=option]").length;
    if (event.key === "ArrowDown" && count) { event.preventDefault(); highlight((active + 1) % count); }
    else if (event.key === "ArrowUp" && count) { event.preventDefault(); highlight((active - 1 + count) % count); }
    else if (event.key === "Escape") close();
    else if (event.key === "Enter" && active >= 0) { event.preventDefault(); go(active); }
  });
  form.addEventListener("submit", (event) => { if (!input.value.trim()) event.preventDefault(); });
}
